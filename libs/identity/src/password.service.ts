import { Injectable } from '@nestjs/common';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import { badInput } from '@sw/graphql';

// OWASP's argon2id baseline (m=19 MiB, t=2, p=1); a stored hash weaker than this is upgraded at sign-in.
const PARAMS = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };

// The most common choices and patterns; there is no online breach lookup (no third-party calls).
const COMMON = new Set([
  'password', 'password1', 'password123', 'passw0rd', '123456789012', '1234567890', 'qwertyuiop', 'qwerty123456',
  'iloveyou', 'letmein', 'welcome', 'admin', 'administrator', 'football', 'sunshine', 'princess', 'dragon',
  'monkey', 'baseball', 'trustno1', 'superman', 'master', 'solidarity', 'dayanisma', 'sifre', 'parola',
  'turkiye', 'istanbul', 'ankara', 'galatasaray', 'fenerbahce', 'besiktas', 'changeme', 'abc123456789',
  'aaaaaaaaaaaa', '111111111111', '000000000000', 'qwertyuiopas', 'asdfghjkl', 'zxcvbnm',
]);

function isCommon(password: string, email?: string): boolean {
  const p = password.toLocaleLowerCase('en').replace(/[^a-z0-9ğüşıöç]/g, '');
  if (COMMON.has(p) || /^(.)\1+$/.test(p) || /^(0123456789|1234567890|9876543210)+/.test(p)) return true;
  for (const word of COMMON) if (p.length - word.length <= 4 && p.startsWith(word)) return true;
  const local = email?.split('@')[0]?.toLowerCase();
  return !!local && local.length >= 4 && p.includes(local.replace(/[^a-z0-9]/g, ''));
}

@Injectable()
export class PasswordService {
  /** 12–256 characters as typed (Unicode kept, never trimmed), and not a common choice. */
  check(password: string, field = 'password', email?: string): void {
    const length = [...password].length;
    if (length < 12) throw badInput(field, 'must be at least 12 characters');
    if (length > 256) throw badInput(field, 'must be at most 256 characters');
    if (isCommon(password, email)) throw badInput(field, 'is too common or too easy to guess; choose a longer passphrase');
  }

  hash(password: string): Promise<string> {
    return hash(password.normalize('NFC'), PARAMS);
  }

  async verify(stored: string, password: string): Promise<boolean> {
    try {
      return await verify(stored, password.normalize('NFC'));
    } catch {
      return false;
    }
  }

  needsRehash(stored: string): boolean {
    const m = /\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
    if (!m) return true;
    return Number(m[1]) < PARAMS.memoryCost || Number(m[2]) < PARAMS.timeCost;
  }
}
