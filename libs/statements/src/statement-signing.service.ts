import { Injectable } from '@nestjs/common';
import { subject } from '@casl/ability';
import type { EntityManager } from 'typeorm';
import { AuditLog } from '@sw/audit';
import type { RequestAuth } from '@sw/authz';
import { returning } from '@sw/database';
import { Transactions } from '@sw/events';
import { AppError, badInput, conflict } from '@sw/graphql';
import { IdentityDirectory } from '@sw/identity';
import { type StatementAccess, StatementAccessLoader } from './statement-access.js';
import { StatementOrganisationEntity, StatementRevisionEntity } from './statement.entity.js';
import { canStep, type SignOnStep, SIGN_ON_STEPS, statusAllows, wrongStatus } from './statement-state.js';
import { StatementThreadSubject } from './statement-thread-subject.js';

const ACTIONS: Record<SignOnStep | 'nameSigners' | 'addName', { permission: string; what: string }> = {
  review: { permission: 'review', what: 'mark the statement as under review' },
  sign: { permission: 'sign', what: 'sign' },
  decline: { permission: 'decline', what: 'decline' },
  withdraw: { permission: 'withdraw', what: 'withdraw the signature' },
  nameSigners: { permission: 'nameSigners', what: 'name who may sign' },
  addName: { permission: 'addName', what: 'add your name' },
};

/** Each organisation's own sign-on: reviewing, signing the exact revision, declining, withdrawing. */
@Injectable()
export class StatementSigningService {
  constructor(
    private readonly tx: Transactions,
    private readonly audit: AuditLog,
    private readonly loader: StatementAccessLoader,
    private readonly directory: IdentityDirectory,
    private readonly threads: StatementThreadSubject,
  ) {}

  review(auth: RequestAuth, statementId: string, organisationId: string): Promise<StatementOrganisationEntity> {
    return this.tx.run(async (manager) => {
      const { access, participant } = await this.forOrganisation(manager, auth, statementId, organisationId, 'review');
      this.requireSigningOpen(access, 'review');
      if (participant.signOnStatus === 'REVIEWING') return participant;
      return (await this.step(manager, participant, 'review', [])).row;
    });
  }

  /**
   * Binds the organisation's signature to the current revision and its content hash. Refused after
   * the deadline, once closed, or for any revision but the current one (which is locked against a
   * save until this commits).
   */
  sign(auth: RequestAuth, statementId: string, organisationId: string, revisionId: string): Promise<StatementOrganisationEntity> {
    return this.tx.run(async (manager) => {
      const { access, participant } = await this.forOrganisation(manager, auth, statementId, organisationId, 'sign');
      this.requireSigningOpen(access, 'sign', true);
      const current = await this.requireCurrent(manager, access, revisionId, 'revisionId');
      if (participant.signOnStatus === 'APPROVED' && participant.signedContentHash === current.contentHash) return participant;
      const signed = await this.step(manager, participant, 'sign', [
        'signed_revision_id = $4', 'signed_content_hash = $5', 'signed_by = $6', 'signed_at = now()', 'decline_reason = NULL',
      ], [current.id, current.contentHash, auth.actor!.userId]);
      // Someone else signed for the organisation a moment earlier: one signature, one audit entry.
      if (!signed.changed) return signed.row;
      await this.audit.record(manager, {
        actorUserId: auth.actor!.userId, action: 'statement.signed', organisationId, subjectType: 'Statement', subjectId: statementId,
        metadata: { revisionNumber: current.number, contentHash: current.contentHash },
      });
      return signed.row;
    });
  }

  /** The reason is shown to the lead organisations (and the organisation itself) only; the audit entry never holds it. */
  decline(auth: RequestAuth, statementId: string, organisationId: string, reason?: string | null): Promise<StatementOrganisationEntity> {
    return this.tx.run(async (manager) => {
      const { access, participant } = await this.forOrganisation(manager, auth, statementId, organisationId, 'decline');
      this.requireSigningOpen(access, 'decline');
      const declined = await this.step(manager, participant, 'decline', [
        'decline_reason = $4', 'signed_revision_id = NULL', 'signed_content_hash = NULL', 'signed_by = NULL', 'signed_at = NULL',
      ], [reason?.trim() ? reason.trim() : null]);
      await this.audit.record(manager, {
        actorUserId: auth.actor!.userId, action: 'statement.declined', organisationId, subjectType: 'Statement', subjectId: statementId,
        metadata: { withReason: Boolean(reason?.trim()) },
      });
      return declined.row;
    });
  }

  withdraw(auth: RequestAuth, statementId: string, organisationId: string): Promise<StatementOrganisationEntity> {
    return this.tx.run(async (manager) => {
      const { access, participant } = await this.forOrganisation(manager, auth, statementId, organisationId, 'withdraw');
      if (!statusAllows('withdrawingSignature', access.statement.status)) throw wrongStatus('withdraw a signature', access.statement.status);
      const withdrawn = await this.step(manager, participant, 'withdraw', [
        'signed_revision_id = NULL', 'signed_content_hash = NULL', 'signed_by = NULL', 'signed_at = NULL',
      ]);
      await this.audit.record(manager, {
        actorUserId: auth.actor!.userId, action: 'statement.signature_withdrawn', organisationId, subjectType: 'Statement', subjectId: statementId,
      });
      return withdrawn.row;
    });
  }

  /** An admin names the members who may sign this statement for the organisation (replacing the list). */
  setSigners(auth: RequestAuth, statementId: string, organisationId: string, userIds: string[]): Promise<string[]> {
    return this.tx.run(async (manager) => {
      const { access } = await this.forOrganisation(manager, auth, statementId, organisationId, 'nameSigners');
      if (!statusAllows('editing', access.statement.status)) throw wrongStatus('name signers', access.statement.status);
      const members = await this.directory.activeMembersAmong(manager, organisationId, userIds);
      const outsider = userIds.find((id) => !members.has(id));
      if (outsider) throw badInput('userIds', `user ${outsider} is not an active member of the organisation`);
      await manager.query('DELETE FROM statement_signers WHERE statement_id = $1 AND organisation_id = $2', [statementId, organisationId]);
      for (const userId of userIds) {
        await manager.query(
          'INSERT INTO statement_signers (statement_id, organisation_id, user_id, named_by) VALUES ($1, $2, $3, $4)',
          [statementId, organisationId, userId, auth.actor!.userId],
        );
      }
      await this.audit.record(manager, {
        actorUserId: auth.actor!.userId, action: 'statement.signers_named', organisationId, subjectType: 'Statement', subjectId: statementId,
        metadata: { signers: userIds.length },
      });
      return userIds;
    });
  }

  /** A member adds their name under their organisation's signature on the current revision. */
  addName(auth: RequestAuth, statementId: string, organisationId: string, revisionId: string): Promise<void> {
    return this.tx.run(async (manager) => {
      const { access, participant } = await this.forOrganisation(manager, auth, statementId, organisationId, 'addName');
      if (!access.statement.allowIndividualSignatories) {
        throw conflict('allowIndividualSignatories: this statement lists organisations only', 'allowIndividualSignatories');
      }
      this.requireSigningOpen(access, 'add names', true);
      const current = await this.requireCurrent(manager, access, revisionId, 'revisionId');
      if (participant.signOnStatus !== 'APPROVED' || participant.signedContentHash !== current.contentHash) {
        throw conflict(`organisationId: add your name once your organisation has signed revision ${current.number}`, 'organisationId');
      }
      await manager.query(
        `INSERT INTO statement_individual_signatures (statement_id, organisation_id, user_id, revision_id, content_hash)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (statement_id, organisation_id, user_id)
         DO UPDATE SET revision_id = EXCLUDED.revision_id, content_hash = EXCLUDED.content_hash, created_at = date_trunc('milliseconds', now())`,
        [statementId, organisationId, auth.actor!.userId, current.id, current.contentHash],
      );
      await this.audit.record(manager, {
        actorUserId: auth.actor!.userId, action: 'statement.individual_signed', organisationId, subjectType: 'Statement', subjectId: statementId,
        metadata: { revisionNumber: current.number },
      });
    });
  }

  removeName(auth: RequestAuth, statementId: string, organisationId: string): Promise<boolean> {
    return this.tx.run(async (manager) => {
      const { access } = await this.forOrganisation(manager, auth, statementId, organisationId, 'addName');
      if (!statusAllows('withdrawingSignature', access.statement.status)) throw wrongStatus('remove your name', access.statement.status);
      const removed = await returning(
        manager,
        'DELETE FROM statement_individual_signatures WHERE statement_id = $1 AND organisation_id = $2 AND user_id = $3 RETURNING user_id',
        [statementId, organisationId, auth.actor!.userId],
      );
      if (removed.length > 0) {
        await this.audit.record(manager, {
          actorUserId: auth.actor!.userId, action: 'statement.individual_removed', organisationId, subjectType: 'Statement', subjectId: statementId,
        });
      }
      return removed.length > 0;
    });
  }

  /**
   * The statement (readable, else NOT_FOUND; locked against a new revision until commit), the
   * caller's right to act for the organisation (else FORBIDDEN naming it) and the organisation's
   * row (else BAD_USER_INPUT: it is not taking part).
   */
  private async forOrganisation(manager: EntityManager, auth: RequestAuth, statementId: string, organisationId: string, action: keyof typeof ACTIONS) {
    const access = await this.loader.load(manager, auth, statementId, 'pessimistic_read');
    const [named] = (await manager.query(
      'SELECT 1 AS named FROM statement_signers WHERE statement_id = $1 AND organisation_id = $2 AND user_id = $3',
      [statementId, organisationId, auth.actor!.userId],
    )) as unknown[];
    const signOn = subject('StatementSignOn', { organisationId, signerUserId: named ? auth.actor!.userId : null });
    const { permission, what } = ACTIONS[action];
    if (!auth.ability.can(permission, signOn)) {
      const who = action === 'review' || action === 'addName' ? 'its members' : 'its admins and the members it named as signers';
      throw new AppError('FORBIDDEN', `organisationId: only ${who} can ${what} for this organisation`, { field: 'organisationId' });
    }
    const participant = access.mine.find((p) => p.organisationId === organisationId);
    if (!participant) throw badInput('organisationId', 'is not taking part in this statement');
    return { access, participant };
  }

  private requireSigningOpen(access: StatementAccess, what: string, beforeDeadline = false): void {
    const { statement } = access;
    if (!statusAllows('signing', statement.status)) throw wrongStatus(what, statement.status);
    if (beforeDeadline && statement.deadline && statement.deadline.getTime() <= Date.now()) {
      throw conflict(`deadline: the sign-on deadline passed at ${statement.deadline.toISOString()}`, 'deadline');
    }
  }

  private async requireCurrent(manager: EntityManager, access: StatementAccess, revisionId: string, field: string): Promise<StatementRevisionEntity> {
    const current = await manager.findOneByOrFail(StatementRevisionEntity, { id: access.statement.currentRevisionId });
    if (revisionId !== current.id) {
      throw conflict(`${field}: is not the current revision; revision ${current.number} is — read it and sign that`, field);
    }
    return current;
  }

  /**
   * One step of the organisation's process, guarded in the UPDATE by the statuses it may come
   * from: two admins signing at once record one signature.
   */
  private async step(manager: EntityManager, participant: StatementOrganisationEntity, step: SignOnStep, set: string[], params: unknown[] = []): Promise<{ row: StatementOrganisationEntity; changed: boolean }> {
    const { from, to } = SIGN_ON_STEPS[step];
    if (!canStep(step, participant.signOnStatus)) {
      throw conflict(`signOnStatus: cannot ${ACTIONS[step].what} while the organisation's sign-on is ${participant.signOnStatus}`, 'signOnStatus');
    }
    const rows = await returning(
      manager,
      `UPDATE statement_organisations SET ${['sign_on_status = $3', 'status_changed_at = now()', ...set].join(', ')}
       WHERE statement_id = $1 AND organisation_id = $2 AND sign_on_status = ANY($${4 + params.length}::text[]) RETURNING organisation_id`,
      [participant.statementId, participant.organisationId, to, ...params, from],
    );
    const now = await manager.findOneByOrFail(StatementOrganisationEntity, { statementId: participant.statementId, organisationId: participant.organisationId });
    if (rows.length === 0 && !(step === 'sign' && now.signOnStatus === 'APPROVED')) {
      throw conflict(`signOnStatus: cannot ${ACTIONS[step].what} while the organisation's sign-on is ${now.signOnStatus}`, 'signOnStatus');
    }
    // A sign-on decides, during an embargo, whether the organisation still takes part.
    if (rows.length === 1) await this.threads.changed(manager, participant.statementId);
    return { row: now, changed: rows.length === 1 };
  }
}

