import { Injectable } from '@nestjs/common';
import { subject } from '@casl/ability';
import { DataSource, type EntityManager, type ObjectLiteral } from 'typeorm';
import { AuditLog } from '@sw/audit';
import { type AppAbility, type NetworkStanding, type OrganisationRole, whereAllowed } from '@sw/authz';
import { newId } from '@sw/database';
import { Transactions } from '@sw/events';
import { conflict, type ConnectionShape, forbidden, notFound, paginate, type PageArgs } from '@sw/graphql';
import { auditUserEvent } from './identity-audit.js';
import {
  MembershipEntity,
  NetworkCoordinatorEntity,
  NetworkEntity,
  NetworkOrganisationEntity,
  OrganisationEntity,
} from './organisation.entity.js';
import { SessionService } from './session.service.js';
import { UserEntity } from './user.entity.js';

const ORG_COLUMNS = { id: 'o.id' };
const NETWORK_COLUMNS = { id: 'n.id' };
const MEMBERSHIP_COLUMNS = { organisationId: 'm.organisation_id', userId: 'm.user_id' };
const STANDING_COLUMNS = { networkId: 'no.network_id', organisationId: 'no.organisation_id' };

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

/** Organisations, networks, standings, memberships and coordinators. */
@Injectable()
export class OrganisationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditLog,
    private readonly sessions: SessionService,
  ) {}

  listOrganisations(ability: AppAbility, page: PageArgs): Promise<ConnectionShape<OrganisationEntity>> {
    const qb = whereAllowed(this.dataSource.getRepository(OrganisationEntity).createQueryBuilder('o'), ability, 'read', 'Organisation', ORG_COLUMNS);
    return paginate(qb, page, { createdAt: 'o.created_at', id: 'o.id' }, (o) => o);
  }

  /** Filtered in the same statement as the id: an organisation the caller may not read does not exist. */
  async organisation(ability: AppAbility, id: string): Promise<OrganisationEntity> {
    const qb = this.dataSource.getRepository(OrganisationEntity).createQueryBuilder('o').where('o.id = :id', { id });
    const found = await whereAllowed(qb, ability, 'read', 'Organisation', ORG_COLUMNS).getOne();
    if (!found) throw notFound('Organisation');
    return found;
  }

  listNetworks(ability: AppAbility, page: PageArgs): Promise<ConnectionShape<NetworkEntity>> {
    const qb = whereAllowed(this.dataSource.getRepository(NetworkEntity).createQueryBuilder('n'), ability, 'read', 'Network', NETWORK_COLUMNS);
    return paginate(qb, page, { createdAt: 'n.created_at', id: 'n.id' }, (n) => n);
  }

  async network(ability: AppAbility, id: string): Promise<NetworkEntity> {
    const qb = this.dataSource.getRepository(NetworkEntity).createQueryBuilder('n').where('n.id = :id', { id });
    const found = await whereAllowed(qb, ability, 'read', 'Network', NETWORK_COLUMNS).getOne();
    if (!found) throw notFound('Network');
    return found;
  }

  /** Organisations of a network with their standing, for its coordinators and the operator. */
  async standings(ability: AppAbility, networkId: string, page: PageArgs): Promise<ConnectionShape<NetworkOrganisationEntity>> {
    await this.network(ability, networkId);
    const qb = this.dataSource.getRepository(NetworkOrganisationEntity).createQueryBuilder('no').where('no.network_id = :networkId', { networkId });
    whereAllowed(qb, ability, 'read', 'NetworkOrganisation', STANDING_COLUMNS);
    return paginate(qb, page, { createdAt: 'no.created_at', id: 'no.organisation_id' }, (s) => ({ createdAt: s.createdAt, id: s.organisationId }));
  }

  async members(ability: AppAbility, organisationId: string, page: PageArgs): Promise<ConnectionShape<MembershipEntity>> {
    await this.organisation(ability, organisationId);
    const qb = this.dataSource.getRepository(MembershipEntity).createQueryBuilder('m').where('m.organisation_id = :organisationId', { organisationId });
    whereAllowed(qb, ability, 'read', 'Membership', MEMBERSHIP_COLUMNS);
    return paginate(qb, page, { createdAt: 'm.created_at', id: 'm.id' }, (m) => m);
  }

  async createOrganisation(actorId: string, input: { name: string; slug: string }): Promise<OrganisationEntity> {
    return this.tx.run(async (manager) => {
      const org = manager.create(OrganisationEntity, { id: newId(), name: input.name, slug: input.slug, requiresTwoFactor: false });
      await this.insertUnique(manager, OrganisationEntity, org, 'slug', 'An organisation with this slug exists');
      await this.audit.record(manager, { actorUserId: actorId, action: 'organisation.created', organisationId: org.id, subjectType: 'Organisation', subjectId: org.id });
      return manager.findOneByOrFail(OrganisationEntity, { id: org.id });
    });
  }

  async createNetwork(actorId: string, input: { name: string; slug: string }): Promise<NetworkEntity> {
    return this.tx.run(async (manager) => {
      const network = manager.create(NetworkEntity, { id: newId(), name: input.name, slug: input.slug });
      await this.insertUnique(manager, NetworkEntity, network, 'slug', 'A network with this slug exists');
      await this.audit.record(manager, { actorUserId: actorId, action: 'network.created', networkId: network.id, subjectType: 'Network', subjectId: network.id });
      return manager.findOneByOrFail(NetworkEntity, { id: network.id });
    });
  }

  /** Adds an organisation to a network, changes its standing, or (standing null) removes it. */
  async setStanding(ability: AppAbility, actorId: string, networkId: string, organisationId: string, standing: NetworkStanding | null): Promise<void> {
    if (!ability.can('manage', subject('NetworkOrganisation', { networkId, organisationId }))) {
      await this.network(ability, networkId); // NOT_FOUND when the network is not visible at all
      throw forbidden('Only the network coordinators can change who belongs to the network');
    }
    await this.tx.run(async (manager) => {
      const exists = await manager.exists(OrganisationEntity, { where: { id: organisationId } });
      if (!exists) throw notFound('Organisation');
      if (standing) {
        await manager.query(
          `INSERT INTO network_organisations (network_id, organisation_id, standing) VALUES ($1, $2, $3)
           ON CONFLICT (network_id, organisation_id) DO UPDATE SET standing = EXCLUDED.standing`,
          [networkId, organisationId, standing],
        );
      } else {
        await manager.delete(NetworkOrganisationEntity, { networkId, organisationId });
      }
      await this.audit.record(manager, {
        actorUserId: actorId, action: 'network.standing_changed', networkId, organisationId,
        subjectType: 'Organisation', subjectId: organisationId, metadata: { standing },
      });
    });
  }

  async setCoordinator(actorId: string, networkId: string, userId: string, appointed: boolean): Promise<void> {
    await this.tx.run(async (manager) => {
      if (!(await manager.exists(NetworkEntity, { where: { id: networkId } }))) throw notFound('Network');
      const user = await manager.findOne(UserEntity, { where: { id: userId } });
      if (!user) throw notFound('User');
      // The operator appoints coordinators but is none: a coordinator reads the network's spaces and
      // audit log, and the operator reads no content it is not an audience of (PRODUCT.md).
      if (appointed && user.isOperator) throw forbidden('A platform operator cannot be a network coordinator');
      if (appointed) {
        await manager.query('INSERT INTO network_coordinators (network_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [networkId, userId]);
      } else {
        await manager.delete(NetworkCoordinatorEntity, { networkId, userId });
      }
      await this.audit.record(manager, {
        actorUserId: actorId, action: appointed ? 'network.coordinator_appointed' : 'network.coordinator_removed',
        networkId, subjectType: 'User', subjectId: userId,
      });
    });
  }

  async setRequiresTwoFactor(ability: AppAbility, actorId: string, organisationId: string, required: boolean): Promise<OrganisationEntity> {
    const org = await this.organisation(ability, organisationId);
    if (!ability.can('update', subject('Organisation', org))) throw forbidden('Only organisation admins can change this');
    return this.tx.run(async (manager) => {
      const [{ has_totp }] = await manager.query('SELECT totp_enabled_at IS NOT NULL AS has_totp FROM users WHERE id = $1', [actorId]);
      // Otherwise the admin would lose their own rights in the organisation the moment it applies.
      if (required && !has_totp) throw conflict('Turn on two-factor authentication for yourself first', 'required');
      await manager.update(OrganisationEntity, { id: organisationId }, { requiresTwoFactor: required });
      await this.audit.record(manager, {
        actorUserId: actorId, action: 'organisation.two_factor_policy_changed', organisationId,
        subjectType: 'Organisation', subjectId: organisationId, metadata: { required },
      });
      return manager.findOneByOrFail(OrganisationEntity, { id: organisationId });
    });
  }

  /** A membership the caller may read, checked for `action`: NOT_FOUND when unreadable, FORBIDDEN when only readable. */
  private async membershipFor(manager: EntityManager, ability: AppAbility, action: string, id: string): Promise<MembershipEntity> {
    const qb = manager.getRepository(MembershipEntity).createQueryBuilder('m').where('m.id = :id', { id }).setLock('pessimistic_write');
    const membership = await whereAllowed(qb, ability, 'read', 'Membership', MEMBERSHIP_COLUMNS).getOne();
    if (!membership) throw notFound('Membership');
    if (!ability.can(action, subject('Membership', membership))) throw forbidden('Only organisation admins can do this');
    return membership;
  }

  private async ensureAnotherAdmin(manager: EntityManager, membership: MembershipEntity): Promise<void> {
    if (membership.role !== 'ADMIN') return;
    const [{ count }] = await manager.query(
      `SELECT count(*)::int AS count FROM memberships WHERE organisation_id = $1 AND role = 'ADMIN' AND suspended_at IS NULL AND id <> $2`,
      [membership.organisationId, membership.id],
    );
    if (count === 0) throw conflict('An organisation needs at least one active admin');
  }

  async setMemberRole(ability: AppAbility, actorId: string, membershipId: string, role: OrganisationRole): Promise<MembershipEntity> {
    return this.tx.run(async (manager) => {
      const membership = await this.membershipFor(manager, ability, 'update', membershipId);
      if (role === 'MEMBER') await this.ensureAnotherAdmin(manager, membership);
      await manager.update(MembershipEntity, { id: membershipId }, { role });
      // A change of privilege ends the member's sessions: they sign in again with the new role.
      await this.sessions.revoke(manager, membership.userId, undefined, 'role_changed');
      await this.audit.record(manager, {
        actorUserId: actorId, action: 'membership.role_changed', organisationId: membership.organisationId,
        subjectType: 'User', subjectId: membership.userId, metadata: { from: membership.role, to: role },
      });
      return manager.findOneByOrFail(MembershipEntity, { id: membershipId });
    });
  }

  /** After an arrest or a seized device: the membership stops granting anything and every session of the person ends. */
  async suspendMember(ability: AppAbility, actorId: string, membershipId: string, suspended: boolean): Promise<MembershipEntity> {
    return this.tx.run(async (manager) => {
      const membership = await this.membershipFor(manager, ability, 'suspend', membershipId);
      if (suspended) {
        await this.ensureAnotherAdmin(manager, membership);
        await this.sessions.revoke(manager, membership.userId, undefined, 'membership_suspended');
      }
      await manager.update(MembershipEntity, { id: membershipId }, { suspendedAt: suspended ? new Date() : null });
      await this.audit.record(manager, {
        actorUserId: actorId, action: suspended ? 'membership.suspended' : 'membership.reinstated',
        organisationId: membership.organisationId, subjectType: 'User', subjectId: membership.userId,
      });
      return manager.findOneByOrFail(MembershipEntity, { id: membershipId });
    });
  }

  async removeMember(ability: AppAbility, actorId: string, membershipId: string): Promise<void> {
    await this.tx.run(async (manager) => {
      const membership = await this.membershipFor(manager, ability, 'remove', membershipId);
      await this.ensureAnotherAdmin(manager, membership);
      await manager.delete(MembershipEntity, { id: membershipId });
      await this.sessions.revoke(manager, membership.userId, undefined, 'membership_removed');
      await this.audit.record(manager, {
        actorUserId: actorId, action: 'membership.removed', organisationId: membership.organisationId,
        subjectType: 'User', subjectId: membership.userId,
      });
    });
  }

  /** Platform-wide suspension by the operator: the account cannot sign in and its sessions end. */
  async suspendUser(actorId: string, userId: string, suspended: boolean): Promise<void> {
    await this.tx.run(async (manager) => {
      const updated = await manager.update(UserEntity, { id: userId }, { suspendedAt: suspended ? new Date() : null });
      if (!updated.affected) throw notFound('User');
      if (suspended) await this.sessions.revoke(manager, userId, undefined, 'user_suspended');
      await auditUserEvent(this.audit, manager, { actorUserId: actorId, userId, action: suspended ? 'user.suspended' : 'user.reinstated' });
    });
  }

  private async insertUnique<T extends ObjectLiteral>(manager: EntityManager, entity: new () => T, row: T, field: string, message: string) {
    try {
      await manager.insert(entity, row);
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(message, field);
      throw error;
    }
  }
}
