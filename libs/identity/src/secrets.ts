import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 bits from the CSPRNG, base64url: session tokens, invitation tokens. */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** Only this digest is stored; a database dump does not yield usable tokens. */
export const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Keys for rate-limit counters and logs: never the raw e-mail or address. */
export const opaqueKey = (value: string): string => digest(value.toLowerCase()).toString('base64url').slice(0, 22);

export const sameDigits = (a: string, b: string): boolean =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Ten recovery codes, each 10 characters from an unambiguous alphabet, shown once. */
export function newRecoveryCodes(count = 10): string[] {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(10);
    const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

export const normaliseRecoveryCode = (code: string): string => code.trim().toLowerCase().replace(/[\s-]/g, '');
