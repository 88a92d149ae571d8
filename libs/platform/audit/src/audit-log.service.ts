import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type AppAbility, whereAllowed } from '@sw/authz';
import { newId } from '@sw/database';
import { type ConnectionShape, paginate, type PageArgs } from '@sw/graphql';
import { AuditEntryEntity } from './audit-entry.entity.js';

/** Security-relevant actions. Content never goes in; metadata holds ids, roles and reasons only. */
export type AuditAction =
  | 'user.signed_in'
  | 'user.sign_in_failed'
  | 'user.signed_out'
  | 'user.password_changed'
  | 'user.suspended'
  | 'user.reinstated'
  | 'session.revoked'
  | 'session.revoked_all'
  | 'two_factor.enabled'
  | 'two_factor.disabled'
  | 'two_factor.recovery_codes_regenerated'
  | 'two_factor.recovery_code_used'
  | 'invitation.issued'
  | 'invitation.accepted'
  | 'invitation.revoked'
  | 'membership.role_changed'
  | 'membership.suspended'
  | 'membership.reinstated'
  | 'membership.removed'
  | 'organisation.created'
  | 'organisation.two_factor_policy_changed'
  | 'network.created'
  | 'network.standing_changed'
  | 'network.coordinator_appointed'
  | 'network.coordinator_removed'
  | 'thread.locked'
  | 'thread.unlocked'
  | 'thread.retention_changed'
  | 'thread.messages_purged'
  | 'message.deleted_by_moderator'
  | 'statement.created'
  | 'statement.organisation_added'
  | 'statement.opened'
  | 'statement.closed'
  | 'statement.publication_scheduled'
  | 'statement.publication_cancelled'
  | 'statement.published'
  | 'statement.withdrawn'
  | 'statement.draft_exported'
  | 'statement.signed'
  | 'statement.declined'
  | 'statement.signature_withdrawn'
  | 'statement.signers_named'
  | 'statement.individual_signed'
  | 'statement.individual_removed'
  | 'briefing.published'
  | 'briefing.retracted'
  | 'briefing.audience_widened'
  | 'briefing.audience_narrowed'
  | 'briefing.forwarded'
  | 'briefing.read'
  | 'briefing.share_requested'
  | 'briefing.share_approved'
  | 'briefing.share_declined'
  | 'workshop.created'
  | 'workshop.updated'
  | 'workshop.status_changed'
  | 'workshop.audience_changed'
  | 'workshop.organiser_added'
  | 'workshop.organiser_removed'
  | 'workshop.participant_invited'
  | 'workshop.invitation_accepted'
  | 'workshop.application_decided'
  | 'workshop.participant_cancelled'
  | 'workshop.participant_attended'
  | 'workshop.participant_role_changed'
  | 'workshop.participant_data_read'
  | 'workshop.letter_template_changed'
  | 'workshop.export_issued'
  | 'workshop.export_downloaded'
  | 'workshop.visa_letter_issued';

export interface AuditRecord {
  actorUserId: string | null;
  action: AuditAction;
  organisationId?: string | null;
  networkId?: string | null;
  subjectType?: string;
  subjectId?: string;
  metadata?: Record<string, string | number | boolean | null>;
}

export const AUDIT_COLUMNS = { organisationId: 'a.organisation_id', networkId: 'a.network_id' };

@Injectable()
export class AuditLog {
  constructor(private readonly dataSource: DataSource) {}

  /** Appends in the caller's transaction; the database chains the hash (see the migration). */
  async record(manager: EntityManager, entry: AuditRecord): Promise<void> {
    await manager.query(
      `INSERT INTO audit_log (id, actor_user_id, action, organisation_id, network_id, subject_type, subject_id, metadata)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        newId(),
        entry.actorUserId,
        entry.action,
        entry.organisationId ?? null,
        entry.networkId ?? null,
        entry.subjectType ?? null,
        entry.subjectId ?? null,
        entry.metadata ?? {},
      ],
    );
  }

  /** Entries the caller may read, newest first, optionally for one organisation or network. */
  list(
    ability: AppAbility,
    filter: { organisationId?: string | null; networkId?: string | null },
    page: PageArgs,
  ): Promise<ConnectionShape<AuditEntryEntity>> {
    const qb = this.dataSource.getRepository(AuditEntryEntity).createQueryBuilder('a');
    whereAllowed(qb, ability, 'read', 'AuditEntry', AUDIT_COLUMNS);
    if (filter.organisationId) qb.andWhere('a.organisation_id = :org', { org: filter.organisationId });
    if (filter.networkId) qb.andWhere('a.network_id = :net', { net: filter.networkId });
    return paginate(qb, page, { createdAt: 'a.occurred_at', id: 'a.id', direction: 'DESC' }, (e) => ({
      createdAt: e.occurredAt,
      id: e.id,
    }));
  }

  /** Recomputes the chain; returns the first sequence number whose hash does not match, or null. */
  async verifyChain(): Promise<string | null> {
    const rows: { seq: string }[] = await this.dataSource.query(`
      SELECT seq FROM (
        SELECT seq, hash, prev_hash,
               lag(hash) OVER (ORDER BY seq) AS previous,
               sha256(prev_hash || convert_to(audit_log_canonical(id, occurred_at, actor_user_id, action,
                 organisation_id, network_id, subject_type, subject_id, metadata), 'UTF8')) AS expected
        FROM audit_log) chain
      WHERE hash <> expected OR prev_hash <> coalesce(previous, '\\x'::bytea)
      ORDER BY seq LIMIT 1`);
    return rows[0]?.seq ?? null;
  }
}
