import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Binds a ciphertext to where it lives, so it cannot be moved to another row or column. */
export interface CipherContext {
  table: string;
  column: string;
  rowId: string;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const unreadable = (context: CipherContext) => new Error(`cannot decrypt ${context.table}.${context.column}: unknown format or key`);

/**
 * AES-256-GCM for sensitive columns, with a versioned key id and the table/column/row as
 * additional authenticated data. Text is stored as `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url);
 * files in the binary form of `encryptBytes`.
 */
export class FieldCipher {
  private readonly keys: Map<string, Buffer>;

  /** `current` encrypts; every key in `all` (current included) decrypts, so rotation keeps old rows readable. */
  constructor(private readonly current: { id: string; key: Buffer }, all: { id: string; key: Buffer }[]) {
    this.keys = new Map(all.map((k) => [k.id, k.key]));
    this.keys.set(current.id, current.key);
    for (const [id, key] of this.keys) {
      if (key.length !== 32) throw new Error(`encryption key ${id} must be 32 bytes`);
      if (!/^[A-Za-z0-9_-]{1,16}$/.test(id)) throw new Error('encryption key ids are 1-16 letters, digits, - or _');
    }
  }

  /** Parses `keyId:base64` (or bare base64, id `k1`). */
  static parseKey(value: string): { id: string; key: Buffer } {
    const colon = value.indexOf(':');
    const id = colon > 0 ? value.slice(0, colon) : 'k1';
    return { id, key: Buffer.from(colon > 0 ? value.slice(colon + 1) : value, 'base64') };
  }

  encrypt(plaintext: string, context: CipherContext): string {
    const { iv, tag, body } = this.seal(Buffer.from(plaintext, 'utf8'), context);
    return [VERSION, this.current.id, ...[iv, tag, body].map((b) => b.toString('base64url'))].join('.');
  }

  decrypt(stored: string, context: CipherContext): string {
    const [version, keyId, iv, tag, body] = stored.split('.');
    if (version !== VERSION || iv === undefined || tag === undefined || body === undefined) throw unreadable(context);
    return this.open(keyId, Buffer.from(iv, 'base64url'), Buffer.from(tag, 'base64url'), Buffer.from(body, 'base64url'), context).toString('utf8');
  }

  /** Files: stored as `v1.<keyId>.` (ASCII) followed by the 12-byte IV, the 16-byte tag and the ciphertext. */
  encryptBytes(plaintext: Buffer, context: CipherContext): Buffer {
    const { iv, tag, body } = this.seal(plaintext, context);
    return Buffer.concat([Buffer.from(`${VERSION}.${this.current.id}.`, 'ascii'), iv, tag, body]);
  }

  decryptBytes(stored: Buffer, context: CipherContext): Buffer {
    const head = stored.subarray(0, VERSION.length + 18).toString('latin1');
    const [version, keyId] = head.split('.');
    const start = `${version}.${keyId}.`.length;
    if (version !== VERSION || keyId === undefined || head.length < start || stored.length < start + IV_BYTES + TAG_BYTES) throw unreadable(context);
    const iv = stored.subarray(start, start + IV_BYTES);
    const tag = stored.subarray(start + IV_BYTES, start + IV_BYTES + TAG_BYTES);
    return this.open(keyId, iv, tag, stored.subarray(start + IV_BYTES + TAG_BYTES), context);
  }

  /** True when the value was written with an older key and should be re-encrypted. */
  isStale(stored: string): boolean {
    return stored.split('.')[1] !== this.current.id;
  }

  private seal(plaintext: Buffer, context: CipherContext): { iv: Buffer; tag: Buffer; body: Buffer } {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(this.aad(context, this.current.id));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { iv, tag: cipher.getAuthTag(), body };
  }

  private open(keyId: string | undefined, iv: Buffer, tag: Buffer, body: Buffer, context: CipherContext): Buffer {
    const key = keyId ? this.keys.get(keyId) : undefined;
    if (!key || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw unreadable(context);
    // The full 16-byte tag is required: GCM would otherwise accept a truncated, forgeable one.
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(this.aad(context, keyId!));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  }

  private aad(context: CipherContext, keyId: string): Buffer {
    return Buffer.from(`${VERSION}|${keyId}|${context.table}|${context.column}|${context.rowId}`, 'utf8');
  }
}
