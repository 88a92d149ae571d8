import { randomBytes } from 'node:crypto';
import { type CipherContext, FieldCipher } from './field-cipher.js';

const key = (id: string, fill?: number) => ({ id, key: fill === undefined ? randomBytes(32) : Buffer.alloc(32, fill) });
const at = (rowId: string, column = 'totp_secret', table = 'users'): CipherContext => ({ table, column, rowId });
const ROW_A = '0190a5e4-0000-7000-8000-00000000000a';
const ROW_B = '0190a5e4-0000-7000-8000-00000000000b';
const SECRET = 'JBSWY3DPEHPK3PXP — Gözaltı listesi';

/** The stored form is `v1.<keyId>.<iv>.<tag>.<ciphertext>`; this swaps one part. */
const withPart = (stored: string, index: number, value: string) => {
  const parts = stored.split('.');
  parts[index] = value;
  return parts.join('.');
};
const flipFirstBit = (base64url: string) => {
  const bytes = Buffer.from(base64url, 'base64url');
  bytes[0] ^= 0x01;
  return bytes.toString('base64url');
};

describe('FieldCipher', () => {
  const current = key('k2');
  const cipher = new FieldCipher(current, []);

  it('round-trips Unicode text and never repeats a ciphertext', () => {
    const one = cipher.encrypt(SECRET, at(ROW_A));
    const two = cipher.encrypt(SECRET, at(ROW_A));
    expect(one).not.toBe(two);
    expect(cipher.decrypt(one, at(ROW_A))).toBe(SECRET);
    expect(cipher.decrypt(two, at(ROW_A))).toBe(SECRET);
    expect(cipher.decrypt(cipher.encrypt('', at(ROW_A)), at(ROW_A))).toBe('');
  });

  it('stores no trace of the plaintext', () => {
    const plain = 'participant passport number U12345678';
    const stored = cipher.encrypt(plain, at(ROW_A));
    expect(stored).toMatch(/^v1\.k2\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    for (const form of [stored, Buffer.from(stored).toString('hex')]) {
      expect(form).not.toContain(plain);
      expect(form).not.toContain('U12345678');
      expect(form).not.toContain(Buffer.from(plain).toString('base64url'));
      expect(form).not.toContain(Buffer.from(plain).toString('hex'));
    }
  });

  it('refuses a ciphertext moved to another row (swapping two rows fails both ways)', () => {
    const a = cipher.encrypt('secret of row A', at(ROW_A));
    const b = cipher.encrypt('secret of row B', at(ROW_B));
    expect(() => cipher.decrypt(a, at(ROW_B))).toThrow();
    expect(() => cipher.decrypt(b, at(ROW_A))).toThrow();
    expect(cipher.decrypt(a, at(ROW_A))).toBe('secret of row A');
  });

  it('refuses a ciphertext moved to another column or table', () => {
    const stored = cipher.encrypt(SECRET, at(ROW_A, 'totp_secret', 'users'));
    expect(() => cipher.decrypt(stored, at(ROW_A, 'totp_pending_secret', 'users'))).toThrow();
    expect(() => cipher.decrypt(stored, at(ROW_A, 'totp_secret', 'participants'))).toThrow();
  });

  it('refuses a tampered tag, ciphertext or iv', () => {
    const stored = cipher.encrypt(SECRET, at(ROW_A));
    const [, , iv, tag, body] = stored.split('.') as [string, string, string, string, string];
    expect(() => cipher.decrypt(withPart(stored, 3, flipFirstBit(tag)), at(ROW_A))).toThrow();
    expect(() => cipher.decrypt(withPart(stored, 4, flipFirstBit(body)), at(ROW_A))).toThrow();
    expect(() => cipher.decrypt(withPart(stored, 2, flipFirstBit(iv)), at(ROW_A))).toThrow();
    expect(() => cipher.decrypt(withPart(stored, 3, ''), at(ROW_A))).toThrow();
  });

  // BUG: GCM accepts tags of 4 to 16 bytes unless the decipher is told the length, so a stored value
  // whose tag was cut to its first 4 bytes still decrypts: a forger needs about 2^32 tries, not 2^128.
  it('refuses a truncated authentication tag', () => {
    const stored = cipher.encrypt(SECRET, at(ROW_A));
    const tag = Buffer.from(stored.split('.')[3]!, 'base64url');
    expect(tag).toHaveLength(16);
    for (const length of [4, 8, 12, 15]) {
      expect(() => cipher.decrypt(withPart(stored, 3, tag.subarray(0, length).toString('base64url')), at(ROW_A))).toThrow();
    }
  });

  it('refuses an unknown version, an unknown key id and a malformed value', () => {
    const stored = cipher.encrypt(SECRET, at(ROW_A));
    expect(() => cipher.decrypt(withPart(stored, 0, 'v2'), at(ROW_A))).toThrow(/unknown format or key/);
    expect(() => cipher.decrypt(withPart(stored, 1, 'k9'), at(ROW_A))).toThrow(/unknown format or key/);
    expect(() => cipher.decrypt('not encrypted at all', at(ROW_A))).toThrow(/unknown format or key/);
    expect(() => cipher.decrypt(SECRET, at(ROW_A))).toThrow();
  });

  it('names only the table and column when it refuses, never the value', () => {
    const stored = cipher.encrypt(SECRET, at(ROW_A));
    expect(() => cipher.decrypt(withPart(stored, 1, 'k9'), at(ROW_A))).toThrow('cannot decrypt users.totp_secret: unknown format or key');
  });

  it('refuses a key whose id was relabelled to another known key', () => {
    const old = key('k1');
    const both = new FieldCipher(current, [old]);
    const stored = both.encrypt(SECRET, at(ROW_A));
    // The key id is authenticated too: claiming the value was made with k1 does not help.
    expect(() => both.decrypt(withPart(stored, 1, 'k1'), at(ROW_A))).toThrow();
  });

  describe('key rotation', () => {
    const oldKey = key('k1');
    const newKey = key('k2');
    const before = new FieldCipher(oldKey, []);
    const after = new FieldCipher(newKey, [oldKey]);
    const written = before.encrypt(SECRET, at(ROW_A));

    it('keeps rows written with the old key readable and marks them stale', () => {
      expect(after.decrypt(written, at(ROW_A))).toBe(SECRET);
      expect(after.isStale(written)).toBe(true);
      expect(before.isStale(written)).toBe(false);
    });

    it('writes with the new key only; re-encrypted values are no longer stale', () => {
      const rewritten = after.encrypt(after.decrypt(written, at(ROW_A)), at(ROW_A));
      expect(rewritten.split('.')[1]).toBe('k2');
      expect(after.isStale(rewritten)).toBe(false);
      expect(() => before.decrypt(rewritten, at(ROW_A))).toThrow();
    });

    it('cannot read old rows once the old key is dropped', () => {
      const without = new FieldCipher(newKey, []);
      expect(() => without.decrypt(written, at(ROW_A))).toThrow(/unknown format or key/);
    });

    it('does not confuse two keys that share an id', () => {
      const impostor = new FieldCipher({ id: 'k1', key: randomBytes(32) }, []);
      expect(() => impostor.decrypt(written, at(ROW_A))).toThrow();
    });
  });

  describe('files (bytes)', () => {
    const file = (rowId: string) => at(rowId, 'data', 'briefing_attachments');
    // A small PDF-like file with every byte value in it, and a bigger one.
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n% Gözaltı listesi: K. Yılmaz, A. Demir\n'), Buffer.from(Array.from({ length: 256 }, (_, i) => i))]);
    const big = randomBytes(3 * 1024 * 1024);

    it('round-trips any bytes, empty and large, and never repeats a ciphertext', () => {
      const one = cipher.encryptBytes(pdf, file(ROW_A));
      const two = cipher.encryptBytes(pdf, file(ROW_A));
      expect(one.equals(two)).toBe(false);
      expect(cipher.decryptBytes(one, file(ROW_A)).equals(pdf)).toBe(true);
      expect(cipher.decryptBytes(cipher.encryptBytes(Buffer.alloc(0), file(ROW_A)), file(ROW_A))).toHaveLength(0);
      expect(cipher.decryptBytes(cipher.encryptBytes(big, file(ROW_A)), file(ROW_A)).equals(big)).toBe(true);
    });

    it('starts with the version and key id and holds no trace of the plaintext', () => {
      const stored = cipher.encryptBytes(pdf, file(ROW_A));
      expect(stored.subarray(0, 6).toString('ascii')).toBe('v1.k2.');
      expect(stored).toHaveLength(6 + 12 + 16 + pdf.length);
      for (const needle of ['%PDF', 'Gözaltı', 'Yılmaz']) expect(stored.includes(Buffer.from(needle))).toBe(false);
    });

    it('refuses a file moved to another row, column or table', () => {
      const stored = cipher.encryptBytes(pdf, file(ROW_A));
      expect(() => cipher.decryptBytes(stored, file(ROW_B))).toThrow();
      expect(() => cipher.decryptBytes(stored, at(ROW_A, 'body', 'briefing_attachments'))).toThrow();
      expect(() => cipher.decryptBytes(stored, at(ROW_A, 'data', 'workshop_files'))).toThrow();
    });

    it('refuses a flipped bit anywhere after the header, and a cut-off file', () => {
      const stored = cipher.encryptBytes(pdf, file(ROW_A));
      for (const offset of [6, 6 + 11, 6 + 12, 6 + 27, 6 + 28, stored.length - 1]) {
        const tampered = Buffer.from(stored);
        tampered[offset]! ^= 0x01;
        expect(() => cipher.decryptBytes(tampered, file(ROW_A))).toThrow();
      }
      for (const length of [0, 3, 6, 6 + 12, 6 + 12 + 15, stored.length - 1]) {
        expect(() => cipher.decryptBytes(stored.subarray(0, length), file(ROW_A))).toThrow();
      }
    });

    it('refuses plaintext, an unknown version or key id, and names only where it was', () => {
      const stored = cipher.encryptBytes(pdf, file(ROW_A));
      expect(() => cipher.decryptBytes(pdf, file(ROW_A))).toThrow('cannot decrypt briefing_attachments.data: unknown format or key');
      expect(() => cipher.decryptBytes(Buffer.concat([Buffer.from('v2'), stored.subarray(2)]), file(ROW_A))).toThrow(/unknown format or key/);
      expect(() => cipher.decryptBytes(Buffer.concat([Buffer.from('v1.k9'), stored.subarray(5)]), file(ROW_A))).toThrow(/unknown format or key/);
    });

    it('reads files written with an older key after rotation, and not once it is dropped', () => {
      const oldKey = key('k1');
      const written = new FieldCipher(oldKey, []).encryptBytes(pdf, file(ROW_A));
      expect(new FieldCipher(current, [oldKey]).decryptBytes(written, file(ROW_A)).equals(pdf)).toBe(true);
      expect(() => new FieldCipher(current, []).decryptBytes(written, file(ROW_A))).toThrow(/unknown format or key/);
    });
  });

  describe('keys', () => {
    it.each([0, 16, 31, 33, 64])('refuses a %d-byte key, current or old', (length) => {
      expect(() => new FieldCipher({ id: 'k1', key: randomBytes(length) }, [])).toThrow(/must be 32 bytes/);
      expect(() => new FieldCipher(key('k2'), [{ id: 'k1', key: randomBytes(length) }])).toThrow(/must be 32 bytes/);
    });

    it.each(['', 'has space', 'dots.break.format', 'x'.repeat(17)])('refuses the key id %j', (id) => {
      expect(() => new FieldCipher({ id, key: randomBytes(32) }, [])).toThrow(/key ids/);
    });

    it('parses "keyId:base64" and bare base64 (id k1)', () => {
      const raw = Buffer.alloc(32, 9);
      expect(FieldCipher.parseKey(`k7:${raw.toString('base64')}`)).toEqual({ id: 'k7', key: raw });
      expect(FieldCipher.parseKey(raw.toString('base64'))).toEqual({ id: 'k1', key: raw });
    });

    it('refuses a configured key that is too short once parsed', () => {
      const parsed = FieldCipher.parseKey('k1:c2hvcnQ=');
      expect(() => new FieldCipher(parsed, [])).toThrow(/must be 32 bytes/);
    });

    it('uses the given key: another 32-byte key cannot read the value', () => {
      const one = new FieldCipher(key('k1', 1), []);
      const two = new FieldCipher(key('k1', 2), []);
      expect(() => two.decrypt(one.encrypt(SECRET, at(ROW_A)), at(ROW_A))).toThrow();
    });
  });
});
