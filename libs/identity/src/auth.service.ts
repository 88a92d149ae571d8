import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AppAbility } from '@sw/authz';
import { AuditLog } from '@sw/audit';
import { AppConfig } from '@sw/config';
import { RateLimiter } from '@sw/database';
import { Transactions } from '@sw/events';
import { AppError, badInput, conflict, rateLimited } from '@sw/graphql';
import { auditUserEvent } from './identity-audit.js';
import { PasswordService } from './password.service.js';
import { opaqueKey } from './secrets.js';
import { SessionService } from './session.service.js';
import type { SessionEntity } from './session.entity.js';
import { TwoFactorService } from './two-factor.service.js';
import { UserEntity } from './user.entity.js';

export interface SignInInput {
  email: string;
  password: string;
  totpCode?: string | null;
  recoveryCode?: string | null;
}

export interface ClientInfo {
  ip: string;
  userAgent?: string;
  label: string;
}

const WRONG_CREDENTIALS = 'Email or password is incorrect';
// Verified against when the account does not exist, so both answers take as long.
let dummyHash: Promise<string> | null = null;

/** Signing in and out, passwords and second factors of the signed-in user. */
@Injectable()
export class AuthService {
  constructor(
    private readonly tx: Transactions,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionService,
    private readonly twoFactor: TwoFactorService,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditLog,
    private readonly config: AppConfig,
  ) {}

  async signIn(input: SignInInput, client: ClientInfo): Promise<{ token: string; session: SessionEntity; user: UserEntity }> {
    const email = input.email.trim().toLowerCase();
    for (const limit of [
      { key: `signin:ip:${opaqueKey(client.ip)}`, limit: this.config.env.SIGNIN_LIMIT_PER_ADDRESS, windowSeconds: 900 },
      { key: `signin:account:${opaqueKey(email)}`, limit: 10, windowSeconds: 900 },
    ]) {
      const wait = await this.limiter.hit(limit);
      if (wait > 0) throw rateLimited(wait);
    }
    return this.tx.run(async (manager) => {
      const user = await manager.findOne(UserEntity, { where: { email } });
      dummyHash ??= this.passwords.hash('not a real password, only for timing');
      const valid = await this.passwords.verify(user?.passwordHash ?? (await dummyHash), input.password);
      if (!user || !valid || user.suspendedAt) {
        if (user) await this.recordFailure(user.id, user.suspendedAt ? 'suspended' : 'password');
        throw new AppError('UNAUTHENTICATED', WRONG_CREDENTIALS, { field: 'password' });
      }
      if (user.totpEnabledAt) {
        try {
          const used = await this.twoFactor.verifySecondFactor(manager, user, input);
          if (used === 'recovery') {
            await auditUserEvent(this.audit, manager, { actorUserId: user.id, userId: user.id, action: 'two_factor.recovery_code_used' });
          }
        } catch (error) {
          if (error instanceof AppError && error.code === 'UNAUTHENTICATED' && error.extensions['reason'] !== 'TOTP_REQUIRED') {
            await this.recordFailure(user.id, 'second_factor');
          }
          throw error;
        }
      }
      if (this.passwords.needsRehash(user.passwordHash)) {
        await manager.update(UserEntity, { id: user.id }, { passwordHash: await this.passwords.hash(input.password) });
      }
      const { session, token } = await this.sessions.create(manager, user.id, client.label);
      await auditUserEvent(this.audit, manager, { actorUserId: user.id, userId: user.id, action: 'user.signed_in' });
      await this.limiter.reset(`signin:account:${opaqueKey(email)}`);
      return { token, session, user };
    });
  }

  /** Failed attempts are recorded even though the sign-in transaction rolls back. */
  private recordFailure(userId: string, reason: string): Promise<void> {
    return this.tx.run((manager) =>
      auditUserEvent(this.audit, manager, { actorUserId: null, userId, action: 'user.sign_in_failed', metadata: { reason } }),
    );
  }

  async signOut(userId: string, sessionId: string): Promise<void> {
    await this.tx.run(async (manager) => {
      await this.sessions.revoke(manager, userId, [sessionId], 'signed_out');
      await auditUserEvent(this.audit, manager, { actorUserId: userId, userId, action: 'user.signed_out' });
    });
  }

  /** Revokes one of the caller's sessions. A session the caller may not revoke is NOT_FOUND. */
  async revokeSession(ability: AppAbility, userId: string, sessionId: string): Promise<void> {
    await this.tx.run(async (manager) => {
      const [session] = await this.sessions.revocable(manager, ability, [sessionId]);
      if (!session) throw new AppError('NOT_FOUND', 'Session not found');
      await this.sessions.revoke(manager, session.userId, [session.id]);
      await auditUserEvent(this.audit, manager, { actorUserId: userId, userId, action: 'session.revoked' });
    });
  }

  /** The "lost my phone" button: every session of the caller ends, this one included. */
  async revokeAllSessions(userId: string): Promise<number> {
    return this.tx.run(async (manager) => {
      const revoked = await this.sessions.revoke(manager, userId, undefined, 'revoke_all');
      await auditUserEvent(this.audit, manager, {
        actorUserId: userId,
        userId,
        action: 'session.revoked_all',
        metadata: { sessions: revoked.length },
      });
      return revoked.length;
    });
  }

  /** The language the account reads the workspace (and its e-mails) in. Not security-relevant, so not audited. */
  async setLocale(userId: string, locale: 'en' | 'tr'): Promise<void> {
    await this.tx.run(async (manager) => {
      await manager.update(UserEntity, { id: userId }, { locale });
    });
  }

  /** Needs the current password; every other session ends. */
  async changePassword(userId: string, sessionId: string, current: string, next: string): Promise<void> {
    await this.tx.run(async (manager) => {
      const user = await this.reauthenticate(manager, userId, current, 'currentPassword');
      this.passwords.check(next, 'newPassword', user.email);
      if (await this.passwords.verify(user.passwordHash, next)) throw badInput('newPassword', 'must differ from the current password');
      await manager.update(UserEntity, { id: userId }, { passwordHash: await this.passwords.hash(next), credentialsChangedAt: new Date() });
      await this.revokeOthers(manager, userId, sessionId);
      await auditUserEvent(this.audit, manager, { actorUserId: userId, userId, action: 'user.password_changed' });
    });
  }

  async beginTotpEnrollment(userId: string, password: string): Promise<{ secret: string; uri: string }> {
    return this.tx.run(async (manager) => {
      const user = await this.reauthenticate(manager, userId, password, 'password');
      if (user.totpEnabledAt) throw conflict('Two-factor authentication is already on; turn it off first to change it');
      const enrollment = this.twoFactor.newSecret(user.email);
      await manager.update(UserEntity, { id: userId }, {
        totpPendingSecret: this.twoFactor.sealSecret(enrollment.secret, userId, 'totp_pending_secret'),
      });
      return enrollment;
    });
  }

  /** Turns TOTP on once the user proves the app shows the right code; returns recovery codes once. */
  async confirmTotpEnrollment(userId: string, sessionId: string, code: string): Promise<string[]> {
    return this.tx.run(async (manager) => {
      const user = await manager.findOneOrFail(UserEntity, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (user.totpEnabledAt) throw conflict('Two-factor authentication is already on');
      if (!user.totpPendingSecret) throw conflict('Start the set-up first (beginTotpEnrollment)');
      await this.twoFactor.countAttempt(userId);
      const secret = this.twoFactor.openSecret(user.totpPendingSecret, userId, 'totp_pending_secret');
      const step = this.twoFactor.matchingStep(secret, code);
      if (step === null) throw badInput('code', 'does not match the code in your authenticator app');
      await manager.update(UserEntity, { id: userId }, {
        totpSecret: this.twoFactor.sealSecret(secret, userId, 'totp_secret'),
        totpPendingSecret: null,
        totpEnabledAt: new Date(),
        totpLastStep: String(step),
        credentialsChangedAt: new Date(),
      });
      await this.limiter.reset(`totp:user:${userId}`);
      const codes = await this.twoFactor.issueRecoveryCodes(manager, userId);
      await this.revokeOthers(manager, userId, sessionId);
      await auditUserEvent(this.audit, manager, { actorUserId: userId, userId, action: 'two_factor.enabled' });
      return codes;
    });
  }

  async disableTotp(userId: string, sessionId: string, password: string, code: string): Promise<void> {
    await this.tx.run(async (manager) => {
      const user = await this.reauthenticate(manager, userId, password, 'password');
      if (!user.totpEnabledAt) throw conflict('Two-factor authentication is not on');
      await this.twoFactor.verifySecondFactor(manager, user, { totpCode: code });
      await manager.update(UserEntity, { id: userId }, {
        totpSecret: null,
        totpPendingSecret: null,
        totpEnabledAt: null,
        totpLastStep: null,
        credentialsChangedAt: new Date(),
      });
      await manager.query('DELETE FROM recovery_codes WHERE user_id = $1', [userId]);
      await this.revokeOthers(manager, userId, sessionId);
      await auditUserEvent(this.audit, manager, { actorUserId: userId, userId, action: 'two_factor.disabled' });
    });
  }

  async regenerateRecoveryCodes(userId: string, password: string): Promise<string[]> {
    return this.tx.run(async (manager) => {
      const user = await this.reauthenticate(manager, userId, password, 'password');
      if (!user.totpEnabledAt) throw conflict('Two-factor authentication is not on');
      const codes = await this.twoFactor.issueRecoveryCodes(manager, userId);
      await auditUserEvent(this.audit, manager, { actorUserId: userId, userId, action: 'two_factor.recovery_codes_regenerated' });
      return codes;
    });
  }

  private async reauthenticate(manager: EntityManager, userId: string, password: string, field: string): Promise<UserEntity> {
    const wait = await this.limiter.hit({ key: `reauth:user:${userId}`, limit: 10, windowSeconds: 900 });
    if (wait > 0) throw rateLimited(wait);
    const user = await manager.findOneOrFail(UserEntity, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
    if (!(await this.passwords.verify(user.passwordHash, password))) {
      throw new AppError('UNAUTHENTICATED', `${field}: the password is wrong`, { field });
    }
    return user;
  }

  private async revokeOthers(manager: EntityManager, userId: string, keepSessionId: string): Promise<void> {
    const others: { id: string }[] = await manager.query(
      'SELECT id FROM sessions WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL',
      [userId, keepSessionId],
    );
    if (others.length > 0) await this.sessions.revoke(manager, userId, others.map((o) => o.id), 'credentials_changed');
  }
}
