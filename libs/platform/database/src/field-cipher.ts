import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Binds a ciphertext to where it lives, so it cannot be moved to another row or column. */
export interface CipherContext {
  table: string;
  column: string;
  rowId: string;
}

const VERSION = 'v1';

/**
 * AES-256-GCM for sensitive columns, with a versioned key id and the table/column/row as
 * additional authenticated data. Stored form: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url).
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
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(this.aad(context, this.current.id));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
    return [VERSION, this.current.id, ...parts].join('.');
  }

  decrypt(stored: string, context: CipherContext): string {
    const [version, keyId, iv, tag, body] = stored.split('.');
    const key = keyId ? this.keys.get(keyId) : undefined;
    if (version !== VERSION || !key || iv === undefined || tag === undefined || body === undefined) {
      throw new Error(`cannot decrypt ${context.table}.${context.column}: unknown format or key`);
    }
    // The full 16-byte tag is required: GCM would otherwise accept a truncated, forgeable one.
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
    decipher.setAAD(this.aad(context, keyId!));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** True when the value was written with an older key and should be re-encrypted. */
  isStale(stored: string): boolean {
    return stored.split('.')[1] !== this.current.id;
  }

  private aad(context: CipherContext, keyId: string): Buffer {
    return Buffer.from(`${VERSION}|${keyId}|${context.table}|${context.column}|${context.rowId}`, 'utf8');
  }
}
