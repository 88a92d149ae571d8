import { Injectable } from '@nestjs/common';
import { subject } from '@casl/ability';
import { DataSource } from 'typeorm';
import { AuditLog } from '@sw/audit';
import { type AppAbility, type OrganisationRole, whereAllowed } from '@sw/authz';
import { AppConfig } from '@sw/config';
import { newId, RateLimiter } from '@sw/database';
import { Transactions } from '@sw/events';
import { AppError, badInput, type ConnectionShape, forbidden, notFound, paginate, type PageArgs, rateLimited } from '@sw/graphql';
import type { ClientInfo } from './auth.service.js';
import { InvitationEntity } from './invitation.entity.js';
import { MembershipEntity, OrganisationEntity } from './organisation.entity.js';
import { PasswordService } from './password.service.js';
import { digest, newToken, opaqueKey } from './secrets.js';
import { SessionService } from './session.service.js';
import type { SessionEntity } from './session.entity.js';
import { UserEntity } from './user.entity.js';

const INVITATION_COLUMNS = { organisationId: 'i.organisation_id' };
// One answer for every unusable token: unknown, expired, revoked or already used.
const UNUSABLE = 'This invitation is not valid: it may have expired, been used or been withdrawn';

export interface AcceptInvitationInput {
  token: string;
  password: string;
  displayName?: string | null;
  locale?: 'en' | 'tr' | null;
}

@Injectable()
export class InvitationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly config: AppConfig,
    private readonly audit: AuditLog,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionService,
    private readonly limiter: RateLimiter,
  ) {}

  /** Issues an invitation; the token is returned once, to be shared out of band. */
  async invite(ability: AppAbility, actorId: string, input: { organisationId: string; email: string; role: OrganisationRole }) {
    const [{ has_admin }] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM memberships WHERE organisation_id = $1 AND role = 'ADMIN' AND suspended_at IS NULL) AS has_admin`,
      [input.organisationId],
    );
    const target = { organisationId: input.organisationId, organisationHasActiveAdmin: has_admin as boolean };
    if (!ability.can('create', subject('Invitation', target))) {
      if (!ability.can('read', subject('Organisation', { id: input.organisationId }))) throw notFound('Organisation');
      throw forbidden('Only organisation admins can invite');
    }
    const email = input.email.trim().toLowerCase();
    return this.tx.run(async (manager) => {
      if (!(await manager.exists(OrganisationEntity, { where: { id: input.organisationId } }))) throw notFound('Organisation');
      const token = newToken();
      const invitation = manager.create(InvitationEntity, {
        id: newId(),
        organisationId: input.organisationId,
        email,
        role: input.role,
        tokenHash: digest(token),
        invitedBy: actorId,
        expiresAt: new Date(Date.now() + this.config.env.INVITATION_TTL_HOURS * 3_600_000),
        acceptedAt: null,
        acceptedBy: null,
        revokedAt: null,
      });
      await manager.insert(InvitationEntity, invitation);
      await this.audit.record(manager, {
        actorUserId: actorId, action: 'invitation.issued', organisationId: input.organisationId,
        subjectType: 'Invitation', subjectId: invitation.id, metadata: { role: input.role },
      });
      return { invitation: await manager.findOneByOrFail(InvitationEntity, { id: invitation.id }), token };
    });
  }

  list(ability: AppAbility, organisationId: string, page: PageArgs): Promise<ConnectionShape<InvitationEntity>> {
    const qb = this.dataSource.getRepository(InvitationEntity).createQueryBuilder('i').where('i.organisation_id = :organisationId', { organisationId });
    whereAllowed(qb, ability, 'read', 'Invitation', INVITATION_COLUMNS);
    return paginate(qb, page, { createdAt: 'i.created_at', id: 'i.id', direction: 'DESC' }, (i) => i);
  }

  async revoke(ability: AppAbility, actorId: string, id: string): Promise<InvitationEntity> {
    return this.tx.run(async (manager) => {
      const qb = manager.getRepository(InvitationEntity).createQueryBuilder('i').where('i.id = :id', { id }).setLock('pessimistic_write');
      const invitation = await whereAllowed(qb, ability, 'revoke', 'Invitation', INVITATION_COLUMNS).getOne();
      if (!invitation) throw notFound('Invitation');
      if (!invitation.acceptedAt && !invitation.revokedAt) {
        await manager.update(InvitationEntity, { id }, { revokedAt: new Date() });
        await this.audit.record(manager, {
          actorUserId: actorId, action: 'invitation.revoked', organisationId: invitation.organisationId,
          subjectType: 'Invitation', subjectId: id,
        });
      }
      return manager.findOneByOrFail(InvitationEntity, { id });
    });
  }

  /**
   * Redeems a token. A new address gets an account (display name and password required); an
   * existing account proves itself with its password. Either way the membership is added and
   * a session starts.
   */
  async accept(input: AcceptInvitationInput, client: ClientInfo): Promise<{ token: string; session: SessionEntity; user: UserEntity }> {
    const wait = await this.limiter.hit({ key: `invite:ip:${opaqueKey(client.ip)}`, limit: 20, windowSeconds: 900 });
    if (wait > 0) throw rateLimited(wait);
    return this.tx.run(async (manager) => {
      const invitation = await manager
        .getRepository(InvitationEntity)
        .createQueryBuilder('i')
        .where('i.token_hash = :hash', { hash: digest(input.token) })
        .andWhere('i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()')
        .setLock('pessimistic_write')
        .getOne();
      if (!invitation) throw new AppError('BAD_USER_INPUT', `token: ${UNUSABLE}`, { field: 'token' });

      let user = await manager.findOne(UserEntity, { where: { email: invitation.email } });
      if (user) {
        if (user.suspendedAt || !(await this.passwords.verify(user.passwordHash, input.password))) {
          throw new AppError('UNAUTHENTICATED', 'password: the password is wrong for the invited account', { field: 'password' });
        }
      } else {
        if (!input.displayName?.trim()) throw badInput('displayName', 'is required for a new account');
        this.passwords.check(input.password, 'password', invitation.email);
        user = manager.create(UserEntity, {
          id: newId(),
          email: invitation.email,
          displayName: input.displayName.trim(),
          locale: input.locale ?? 'en',
          passwordHash: await this.passwords.hash(input.password),
          isOperator: false,
          suspendedAt: null,
          totpSecret: null,
          totpPendingSecret: null,
          totpEnabledAt: null,
          totpLastStep: null,
          credentialsChangedAt: new Date(),
        });
        await manager.insert(UserEntity, user);
      }
      await manager.query(
        `INSERT INTO memberships (id, user_id, organisation_id, role) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, organisation_id) DO NOTHING`,
        [newId(), user.id, invitation.organisationId, invitation.role],
      );
      await manager.update(InvitationEntity, { id: invitation.id }, { acceptedAt: new Date(), acceptedBy: user.id });
      await this.audit.record(manager, {
        actorUserId: user.id, action: 'invitation.accepted', organisationId: invitation.organisationId,
        subjectType: 'Invitation', subjectId: invitation.id, metadata: { role: invitation.role },
      });
      const { session, token } = await this.sessions.create(manager, user.id, client.label);
      return { token, session, user: await manager.findOneByOrFail(UserEntity, { id: user.id }) };
    });
  }

  /** Memberships of a user, for `me`. */
  myMemberships(userId: string): Promise<MembershipEntity[]> {
    return this.dataSource.getRepository(MembershipEntity).find({ where: { userId }, order: { createdAt: 'ASC' } });
  }
}
