import { Injectable } from '@nestjs/common';
import { generateSecret, generateSync, generateURI } from 'otplib';
import type { EntityManager } from 'typeorm';
import { FieldCipher, newId, RateLimiter, returning } from '@sw/database';
import { AppError, badInput, rateLimited } from '@sw/graphql';
import { digest, newRecoveryCodes, normaliseRecoveryCode, sameDigits } from './secrets.js';
import type { UserEntity } from './user.entity.js';

const STEP_SECONDS = 30;
const ISSUER = 'Solidarity Workspace';

/** TOTP (RFC 6238, ±1 step, each code once) and single-use recovery codes. */
@Injectable()
export class TwoFactorService {
  constructor(
    private readonly cipher: FieldCipher,
    private readonly limiter: RateLimiter,
  ) {}

  newSecret(email: string): { secret: string; uri: string } {
    const secret = generateSecret({ length: 20 });
    return { secret, uri: generateURI({ issuer: ISSUER, label: email, secret }) };
  }

  sealSecret(secret: string, userId: string, column: 'totp_secret' | 'totp_pending_secret'): string {
    return this.cipher.encrypt(secret, { table: 'users', column, rowId: userId });
  }

  openSecret(sealed: string, userId: string, column: 'totp_secret' | 'totp_pending_secret'): string {
    return this.cipher.decrypt(sealed, { table: 'users', column, rowId: userId });
  }

  /** The time step a code matches (now ±1), or null. */
  matchingStep(secret: string, code: string, now = Date.now()): number | null {
    if (!/^\d{6}$/.test(code)) return null;
    const current = Math.floor(now / 1000 / STEP_SECONDS);
    for (const step of [current - 1, current, current + 1]) {
      if (sameDigits(generateSync({ secret, epoch: step * STEP_SECONDS }), code)) return step;
    }
    return null;
  }

  /** Counts an attempt against the user's second-factor limit; refuses when it is used up. */
  async countAttempt(userId: string): Promise<void> {
    const wait = await this.limiter.hit({ key: `totp:user:${userId}`, limit: 5, windowSeconds: 300 });
    if (wait > 0) throw rateLimited(wait);
  }

  /**
   * Checks a TOTP code (accepting each time step once) or a recovery code (consumed).
   * Throws UNAUTHENTICATED naming the field when neither is right.
   */
  async verifySecondFactor(
    manager: EntityManager,
    user: UserEntity,
    input: { totpCode?: string | null; recoveryCode?: string | null },
  ): Promise<'totp' | 'recovery'> {
    if (!input.totpCode && !input.recoveryCode) {
      throw new AppError('UNAUTHENTICATED', 'totpCode: a code from your authenticator app is required', {
        field: 'totpCode',
        reason: 'TOTP_REQUIRED',
      });
    }
    await this.countAttempt(user.id);
    if (input.totpCode) {
      const step = user.totpSecret ? this.matchingStep(this.openSecret(user.totpSecret, user.id, 'totp_secret'), input.totpCode) : null;
      if (step !== null) {
        const claimed = await returning(
          manager,
          `UPDATE users SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING id`,
          [user.id, step],
        );
        if (claimed.length === 1) return this.succeeded(user.id, 'totp');
      }
      throw new AppError('UNAUTHENTICATED', 'totpCode: the code is wrong or was already used', { field: 'totpCode' });
    }
    const used = await returning(
      manager,
      `UPDATE recovery_codes SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id`,
      [user.id, digest(normaliseRecoveryCode(input.recoveryCode ?? ''))],
    );
    if (used.length === 1) return this.succeeded(user.id, 'recovery');
    throw new AppError('UNAUTHENTICATED', 'recoveryCode: the code is wrong or was already used', { field: 'recoveryCode' });
  }

  private async succeeded<T>(userId: string, how: T): Promise<T> {
    await this.limiter.reset(`totp:user:${userId}`);
    return how;
  }

  /** Replaces the user's recovery codes; the new ones are returned once. */
  async issueRecoveryCodes(manager: EntityManager, userId: string): Promise<string[]> {
    await manager.query('DELETE FROM recovery_codes WHERE user_id = $1', [userId]);
    const codes = newRecoveryCodes();
    for (const code of codes) {
      await manager.query('INSERT INTO recovery_codes (id, user_id, code_hash) VALUES ($1, $2, $3)', [
        newId(),
        userId,
        digest(normaliseRecoveryCode(code)),
      ]);
    }
    return codes;
  }

  requireCode(code: string | null | undefined, field: string): string {
    if (!code) throw badInput(field, 'is required');
    return code;
  }
}
