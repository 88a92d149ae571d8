import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog } from '@sw/audit';
import type { Actor, AppAbility } from '@sw/authz';
import { AppConfig } from '@sw/config';
import { FieldCipher, newId, RateLimiter } from '@sw/database';
import { Outbox, Transactions } from '@sw/events';
import { AppError, badInput, conflict, type ConnectionShape, forbidden, notFound, paginate, type PageArgs, rateLimited } from '@sw/graphql';
import { Admissions } from './admissions.js';
import { IdentityDirectory } from '@sw/identity';
import { moveParticipant } from './participant-states.js';
import { PROTECTED_FIELD_NAMES, PROTECTED_FIELDS, type ProtectedData } from './protected-fields.js';
import { allowedIds, whereGranted } from './workshop-access.js';
import { ParticipantEntity, type ParticipantRole, type ParticipantState, type WorkshopEntity } from './workshop.entity.js';
import type { InviteInput, ProtectedDataInput, RegisterInput } from './workshop.inputs.js';
import type { ParticipantModel } from './workshop.model.js';
import { ParticipantRoleEnum, ParticipantStateEnum } from './workshop.model.js';
import { isUniqueViolation, WorkshopService } from './workshop.service.js';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
// One answer for every unusable token: unknown, expired, used, withdrawn or meant for another address.
const UNUSABLE = 'token: This invitation is not valid: it may have expired, been used, been withdrawn or be meant for another address';

/** Participants: invitations, registration and applications, states, and the protected fields. */
@Injectable()
export class ParticipantService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditLog,
    private readonly outbox: Outbox,
    private readonly cipher: FieldCipher,
    private readonly config: AppConfig,
    private readonly limiter: RateLimiter,
    private readonly lookups: IdentityDirectory,
    private readonly workshops: WorkshopService,
    private readonly admissions: Admissions,
  ) {}

  // ---- reads --------------------------------------------------------------------------------

  async list(ability: AppAbility, workshopId: string, args: PageArgs & { state?: ParticipantState | null }): Promise<ConnectionShape<ParticipantEntity>> {
    await this.workshops.get(ability, workshopId);
    const qb = this.dataSource.getRepository(ParticipantEntity).createQueryBuilder('p').where('p.workshop_id = :workshopId', { workshopId });
    if (args.state) qb.andWhere('p.state = :state', { state: args.state });
    whereGranted(qb, ability, 'read', 'Participant');
    return paginate(qb, args, { createdAt: 'p.created_at', id: 'p.id' }, (p) => p);
  }

  mine(ability: AppAbility, userId: string, args: PageArgs): Promise<ConnectionShape<ParticipantEntity>> {
    const qb = this.dataSource.getRepository(ParticipantEntity).createQueryBuilder('p').where('p.user_id = :userId', { userId });
    whereGranted(qb, ability, 'read', 'Participant');
    return paginate(qb, args, { createdAt: 'p.created_at', id: 'p.id' }, (p) => p);
  }

  async get(ability: AppAbility, id: string, manager: EntityManager = this.dataSource.manager): Promise<ParticipantEntity> {
    const qb = manager.getRepository(ParticipantEntity).createQueryBuilder('p').where('p.id = :id', { id });
    const found = await whereGranted(qb, ability, 'read', 'Participant').getOne();
    if (!found) throw notFound('Participant');
    return found;
  }

  /** Of these ids, the participants the caller may read. */
  async readable(ability: AppAbility, ids: readonly string[]): Promise<ParticipantEntity[]> {
    const qb = this.dataSource.getRepository(ParticipantEntity).createQueryBuilder('p').where('p.id = ANY(:ids)', { ids: [...ids] });
    return whereGranted(qb, ability, 'read', 'Participant').getMany();
  }

  /** The caller's participation in a workshop, if any. */
  async myParticipation(ability: AppAbility, userId: string, workshopIds: readonly string[]): Promise<Map<string, ParticipantEntity>> {
    const qb = this.dataSource.getRepository(ParticipantEntity).createQueryBuilder('p')
      .where('p.user_id = :userId AND p.workshop_id = ANY(:workshopIds)', { userId, workshopIds: [...workshopIds] });
    const rows = await whereGranted(qb, ability, 'read', 'Participant').getMany();
    return new Map(rows.map((p) => [p.workshopId, p]));
  }

  /**
   * Maps readable rows to the model. Every row here passed the `read` rule, which shows a fellow
   * participant only when they chose to be seen; the organiser view (ids, e-mail, order, choice)
   * is for the workshop's organisers and the person.
   */
  async toModels(ability: AppAbility, actorId: string, rows: ParticipantEntity[], manager: EntityManager = this.dataSource.manager): Promise<ParticipantModel[]> {
    const organised = await allowedIds(manager, ability, 'organise', 'Participant', rows.map((p) => p.id));
    const people = await this.lookups.people(manager, rows.flatMap((p) => (p.userId ? [p.userId] : [])));
    const orgs = await this.lookups.organisationNames(manager, rows.flatMap((p) => (p.organisationId ? [p.organisationId] : [])));
    return rows.map((p) => {
      const full = organised.has(p.id) || (p.userId !== null && p.userId === actorId);
      return {
        id: p.id,
        workshopId: p.workshopId,
        state: ParticipantStateEnum[p.state],
        role: ParticipantRoleEnum[p.role],
        displayName: p.userId ? (people.get(p.userId)?.displayName ?? null) : null,
        organisationName: p.organisationId ? (orgs.get(p.organisationId) ?? null) : null,
        userId: full ? p.userId : null,
        invitedEmail: full ? p.invitedEmail : null,
        position: full ? p.queuePosition : null,
        shareIdentity: full ? p.shareIdentity : null,
        createdAt: p.createdAt,
        fullView: full,
      };
    });
  }

  /**
   * The protected fields of these participants, for those the field rule `readProtected` allows
   * (organisers and the person); null for the others. Every read by someone other than the person
   * is written to the audit log (which participant, never the values), in the same transaction.
   */
  async protectedData(ability: AppAbility, actorId: string, ids: readonly string[], via: string, within?: EntityManager): Promise<Map<string, ProtectedData | null>> {
    const work = async (manager: EntityManager) => {
      const allowed = [...(await allowedIds(manager, ability, 'readProtected', 'Participant', ids))];
      const result = new Map<string, ProtectedData | null>(ids.map((id) => [id, null]));
      if (allowed.length === 0) return result;
      const columns = PROTECTED_FIELD_NAMES.map((f) => PROTECTED_FIELDS[f]).join(', ');
      const rows: (Record<string, string | null> & { id: string; user_id: string | null; organisation_id: string })[] = await manager.query(
        `SELECT p.id, p.user_id, w.organisation_id, ${columns} FROM workshop_participants p JOIN workshops w ON w.id = p.workshop_id
         WHERE p.id = ANY($1::uuid[]) ORDER BY p.id`,
        [allowed],
      );
      for (const row of rows) {
        const data = {} as ProtectedData;
        for (const field of PROTECTED_FIELD_NAMES) {
          const column = PROTECTED_FIELDS[field];
          const stored = row[column] ?? null;
          data[field] = stored === null ? null : this.cipher.decrypt(stored, { table: 'workshop_participants', column, rowId: row.id });
        }
        result.set(row.id, data);
        if (row.user_id !== actorId) {
          await this.audit.record(manager, {
            actorUserId: actorId, action: 'workshop.participant_data_read', organisationId: row.organisation_id,
            subjectType: 'Participant', subjectId: row.id, metadata: { via },
          });
        }
      }
      return result;
    };
    return within ? work(within) : this.tx.run(work);
  }

  /**
   * Places on the waiting list (1 = the next to get a seat) of these participants, for the rows the
   * caller has the full view of (organisers and the person); other ids are absent. Counted in one
   * statement: waitlisted participants of the same workshop who applied no later.
   */
  async waitlistPlaces(ids: readonly string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; place: number }[] = await this.dataSource.query(
      `SELECT p.id, (SELECT count(*)::int FROM workshop_participants q
                     WHERE q.workshop_id = p.workshop_id AND q.state = 'WAITLISTED' AND q.queue_position <= p.queue_position) AS place
       FROM workshop_participants p WHERE p.id = ANY($1::uuid[]) AND p.state = 'WAITLISTED'`,
      [[...ids]],
    );
    return new Map(rows.map((r) => [r.id, r.place]));
  }

  // ---- changes ------------------------------------------------------------------------------

  /** Registers the caller (or, for an organisation's admin, one of its members as delegate). */
  async register(ability: AppAbility, actor: Actor, input: RegisterInput): Promise<ParticipantEntity> {
    const organisationId = input.organisationId ?? null;
    if (organisationId && !actor.memberships.some((m) => m.organisationId === organisationId)) {
      throw badInput('organisationId', 'is not one of your organisations');
    }
    if (input.delegateUserId) {
      if (!organisationId) throw badInput('organisationId', 'is required to register a delegate');
      if (!actor.memberships.some((m) => m.organisationId === organisationId && m.role === 'ADMIN')) {
        throw forbidden('Only the organisation\'s admins can register its delegates');
      }
      if (input.protectedData) throw badInput('protectedData', 'is given by the delegate themself');
    }
    const userId = input.delegateUserId ?? actor.userId;
    return this.tx.run(async (manager) => {
      const w = await this.workshops.lock(manager, ability, input.workshopId, 'read');
      this.assertRegistrationOpen(w);
      const eligible = await allowedIds(manager, ability, 'register', 'Workshop', [w.id]);
      if (!eligible.has(w.id)) throw forbidden('Registration for this workshop is not open to you');
      if (input.delegateUserId && !(await this.lookups.isActiveMember(manager, userId, organisationId!))) {
        throw badInput('delegateUserId', 'is not an active member of that organisation');
      }
      const field = input.delegateUserId ? 'delegateUserId' : 'workshopId';
      await this.assertNotParticipating(manager, w.id, userId, field);
      const id = newId();
      const { position, appliedAt } = await this.admissions.enqueue(manager, w.id);
      const row = {
        id, workshopId: w.id, userId, organisationId, role: 'PARTICIPANT' as ParticipantRole, state: 'REGISTERED' as ParticipantState,
        queuePosition: position, appliedAt, shareIdentity: input.shareIdentity ?? false, invitedBy: input.delegateUserId ? actor.userId : null,
        ...this.encryptAll(id, input.protectedData ?? {}),
      };
      try {
        await manager.insert(ParticipantEntity, row);
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict(`${field}: already registered for this workshop`, field);
        throw error;
      }
      if (w.admission === 'FIRST_COME') await this.admissions.admit(manager, w.id, { id, state: 'REGISTERED', userId });
      return this.reload(manager, id);
    });
  }

  private assertRegistrationOpen(w: WorkshopEntity): void {
    if (w.status !== 'OPEN') throw conflict(`status: registration is closed (the workshop is ${w.status})`, 'status');
    if (w.registrationDeadline && w.registrationDeadline.getTime() < Date.now()) {
      throw conflict(`registrationDeadline: registration closed on ${w.registrationDeadline.toISOString()}`, 'registrationDeadline');
    }
  }

  private async assertNotParticipating(manager: EntityManager, workshopId: string, userId: string, field: string): Promise<void> {
    const rows: { state: string }[] = await manager.query('SELECT state FROM workshop_participants WHERE workshop_id = $1 AND user_id = $2', [workshopId, userId]);
    if (rows.length > 0) throw conflict(`${field}: already ${rows[0]!.state.toLowerCase()} for this workshop`, field);
  }

  async invite(ability: AppAbility, actorId: string, input: InviteInput): Promise<{ participant: ParticipantEntity; token: string | null }> {
    if (!input.userId === !input.email) throw badInput('email', 'give either userId or email, not both');
    const email = input.email?.trim().toLowerCase() ?? null;
    return this.tx.run(async (manager) => {
      const w = await this.workshops.lock(manager, ability, input.workshopId);
      if (w.status !== 'OPEN') throw conflict(`status: invitations can be sent only while the workshop is OPEN (it is ${w.status})`, 'status');
      const id = newId();
      let token: string | null = null;
      if (input.userId) {
        if (!(await this.lookups.userExists(manager, input.userId))) throw notFound('User');
        await this.assertNotParticipating(manager, w.id, input.userId, 'userId');
      } else {
        const [{ taken }] = await manager.query('SELECT count(*)::int AS taken FROM workshop_participants WHERE workshop_id = $1 AND invited_email = $2', [w.id, email]);
        if (taken > 0) throw conflict('email: this address is already invited to this workshop', 'email');
        token = randomBytes(32).toString('base64url');
      }
      try {
        await manager.insert(ParticipantEntity, {
          id, workshopId: w.id, userId: input.userId ?? null, invitedEmail: email, role: (input.role ?? 'PARTICIPANT') as ParticipantRole,
          state: 'INVITED', queuePosition: null, appliedAt: null, shareIdentity: false, invitedBy: actorId, organisationId: null,
          invitationTokenHash: token ? digest(token) : null,
          invitationExpiresAt: token ? new Date(Date.now() + this.config.env.INVITATION_TTL_HOURS * 3_600_000) : null,
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict(input.userId ? 'userId: already invited to this workshop' : 'email: this address is already invited to this workshop', input.userId ? 'userId' : 'email');
        throw error;
      }
      await this.outbox.add(manager, 'workshop.invited', { workshopId: w.id, participantId: id, userId: input.userId ?? null });
      await this.audit.record(manager, {
        actorUserId: actorId, action: 'workshop.participant_invited', organisationId: w.organisationId, subjectType: 'Participant', subjectId: id,
        metadata: { by: input.userId ? 'user' : 'email', role: input.role ?? 'PARTICIPANT' },
      });
      return { participant: await this.reload(manager, id), token };
    });
  }

  /** Redeems an e-mail invitation: signed in, with the account of the invited address. */
  async acceptInvitation(actorId: string, token: string): Promise<ParticipantEntity> {
    const wait = await this.limiter.hit({ key: `workshop-invite:user:${actorId}`, limit: 10, windowSeconds: 900 });
    if (wait > 0) throw rateLimited(wait);
    const unusable = () => new AppError('BAD_USER_INPUT', UNUSABLE, { field: 'token' });
    return this.tx.run(async (manager) => {
      const found: { id: string; workshop_id: string }[] = await manager.query(
        'SELECT id, workshop_id FROM workshop_participants WHERE invitation_token_hash = $1',
        [digest(token)],
      );
      if (found.length === 0) throw unusable();
      const w = await this.workshops.lockById(manager, found[0]!.workshop_id);
      const rows: { id: string; invited_email: string; state: ParticipantState }[] = await manager.query(
        `SELECT id, invited_email, state FROM workshop_participants
         WHERE id = $1 AND invitation_token_hash = $2 AND state = 'INVITED' AND invitation_expires_at > now() FOR UPDATE`,
        [found[0]!.id, digest(token)],
      );
      const person = (await this.lookups.people(manager, [actorId])).get(actorId);
      if (rows.length === 0 || !person || person.email !== rows[0]!.invited_email) throw unusable();
      this.assertRegistrationOpen(w);
      await this.assertNotParticipating(manager, w.id, actorId, 'token');
      const participant = { id: rows[0]!.id, state: rows[0]!.state, userId: actorId };
      await manager.query('UPDATE workshop_participants SET user_id = $2, invitation_token_hash = NULL WHERE id = $1', [participant.id, actorId]);
      await this.accept(manager, w, participant);
      await this.audit.record(manager, {
        actorUserId: actorId, action: 'workshop.invitation_accepted', organisationId: w.organisationId, subjectType: 'Participant', subjectId: participant.id,
      });
      return this.reload(manager, participant.id);
    });
  }

  /** An invitation is the organisers' approval: accepting it goes straight to a seat or the waiting list. */
  private async accept(manager: EntityManager, w: WorkshopEntity, participant: { id: string; state: ParticipantState; userId: string | null }): Promise<void> {
    const { position, appliedAt } = await this.admissions.enqueue(manager, w.id);
    await manager.query('UPDATE workshop_participants SET queue_position = $2, applied_at = $3 WHERE id = $1', [participant.id, position, appliedAt]);
    await moveParticipant(manager, participant, 'REGISTERED');
    await this.admissions.admit(manager, w.id, participant);
  }

  /**
   * A participant row the caller may read, with its workshop locked first (always workshop, then
   * participant: one lock order, no deadlocks). NOT_FOUND when unreadable; FORBIDDEN unless one of
   * `actions` is allowed on it.
   */
  private async participantFor(manager: EntityManager, ability: AppAbility, id: string, actions: string[]): Promise<{ w: WorkshopEntity; p: ParticipantEntity; as: string }> {
    const seen = await this.get(ability, id, manager);
    const w = await this.workshops.lockById(manager, seen.workshopId);
    const p = await manager.getRepository(ParticipantEntity).createQueryBuilder('p').where('p.id = :id', { id }).setLock('pessimistic_write').getOne();
    if (!p) throw notFound('Participant');
    for (const action of actions) {
      if ((await allowedIds(manager, ability, action, 'Participant', [id])).has(id)) return { w, p, as: action };
    }
    throw forbidden(actions.includes('update') ? 'Only the participant or the organisers can do this' : 'Only the organisers of this workshop can do this');
  }

  async respond(ability: AppAbility, actorId: string, participantId: string, accept: boolean): Promise<ParticipantEntity> {
    return this.tx.run(async (manager) => {
      const { w, p } = await this.participantFor(manager, ability, participantId, ['update']);
      if (p.userId !== actorId) throw forbidden('Only the invited person can answer an invitation');
      if (p.state !== 'INVITED') throw conflict(`state: there is no open invitation (the participation is ${p.state})`, 'state');
      if (accept) {
        this.assertRegistrationOpen(w);
        await this.accept(manager, w, p);
      } else {
        await moveParticipant(manager, p, 'DECLINED');
      }
      return this.reload(manager, p.id);
    });
  }

  /** Organisers approve (seat or waiting list, by capacity) or reject an application. */
  async decide(ability: AppAbility, actorId: string, participantId: string, approve: boolean): Promise<ParticipantEntity> {
    return this.tx.run(async (manager) => {
      const { w, p } = await this.participantFor(manager, ability, participantId, ['organise']);
      if (p.state !== 'REGISTERED') throw conflict(`state: only a pending application can be decided (this one is ${p.state})`, 'state');
      if (approve) await this.admissions.admit(manager, w.id, p);
      else await moveParticipant(manager, p, 'DECLINED');
      await this.audit.record(manager, {
        actorUserId: actorId, action: 'workshop.application_decided', organisationId: w.organisationId, subjectType: 'Participant', subjectId: p.id,
        metadata: { approved: approve },
      });
      return this.reload(manager, p.id);
    });
  }

  /** By the person or an organiser. A freed seat goes to the first on the waiting list, in this transaction. */
  async cancel(ability: AppAbility, actorId: string, participantId: string): Promise<ParticipantEntity> {
    return this.tx.run(async (manager) => {
      const { w, p, as } = await this.participantFor(manager, ability, participantId, ['update', 'organise']);
      const wasSeated = p.state === 'CONFIRMED';
      await moveParticipant(manager, p, 'CANCELLED');
      await this.outbox.add(manager, 'workshop.participation_cancelled', { workshopId: w.id, participantId: p.id, userId: p.userId });
      if (wasSeated && (w.status === 'OPEN' || w.status === 'CLOSED')) await this.admissions.promote(manager, w.id);
      if (as === 'organise' && p.userId !== actorId) {
        await this.audit.record(manager, {
          actorUserId: actorId, action: 'workshop.participant_cancelled', organisationId: w.organisationId, subjectType: 'Participant', subjectId: p.id,
        });
      }
      return this.reload(manager, p.id);
    });
  }

  async markAttended(ability: AppAbility, actorId: string, participantId: string): Promise<ParticipantEntity> {
    return this.tx.run(async (manager) => {
      const { w, p } = await this.participantFor(manager, ability, participantId, ['organise']);
      if (w.status !== 'CLOSED' && w.status !== 'HELD') throw conflict(`status: attendance is recorded once registration is closed (the workshop is ${w.status})`, 'status');
      await moveParticipant(manager, p, 'ATTENDED');
      await this.audit.record(manager, {
        actorUserId: actorId, action: 'workshop.participant_attended', organisationId: w.organisationId, subjectType: 'Participant', subjectId: p.id,
      });
      return this.reload(manager, p.id);
    });
  }

  async setRole(ability: AppAbility, actorId: string, participantId: string, role: ParticipantRole): Promise<ParticipantEntity> {
    return this.tx.run(async (manager) => {
      const { w, p } = await this.participantFor(manager, ability, participantId, ['organise']);
      await manager.update(ParticipantEntity, { id: p.id }, { role });
      await this.audit.record(manager, {
        actorUserId: actorId, action: 'workshop.participant_role_changed', organisationId: w.organisationId, subjectType: 'Participant', subjectId: p.id,
        metadata: { from: p.role, to: role },
      });
      return this.reload(manager, p.id);
    });
  }

  /** The person's own choices: visibility to other participants and the protected fields. */
  async updateOwn(ability: AppAbility, actorId: string, input: { participantId: string; shareIdentity?: boolean; protectedData?: ProtectedDataInput | null }): Promise<ParticipantEntity> {
    return this.tx.run(async (manager) => {
      const qb = manager.getRepository(ParticipantEntity).createQueryBuilder('p').where('p.id = :id', { id: input.participantId }).setLock('pessimistic_write', undefined, ['p']);
      const p = await whereGranted(qb, ability, 'update', 'Participant').getOne();
      if (!p || p.userId !== actorId) {
        await this.get(ability, input.participantId, manager);
        throw forbidden('Only the participant can change this');
      }
      const changes: Record<string, unknown> = {};
      if (input.shareIdentity !== undefined) changes['shareIdentity'] = input.shareIdentity;
      Object.assign(changes, this.encryptAll(p.id, input.protectedData ?? {}));
      if (Object.keys(changes).length > 0) await manager.update(ParticipantEntity, { id: p.id }, changes);
      return this.reload(manager, p.id);
    });
  }

  /** Ciphertexts for the protected fields given (undefined: unchanged; null or empty: cleared). */
  private encryptAll(rowId: string, data: ProtectedDataInput): Partial<Record<keyof ProtectedDataInput, string | null>> {
    const out: Partial<Record<keyof ProtectedDataInput, string | null>> = {};
    for (const field of PROTECTED_FIELD_NAMES) {
      const value = data[field];
      if (value === undefined) continue;
      out[field] = value === null || value.trim() === '' ? null : this.cipher.encrypt(value.trim(), { table: 'workshop_participants', column: PROTECTED_FIELDS[field], rowId });
    }
    return out;
  }

  private reload(manager: EntityManager, id: string): Promise<ParticipantEntity> {
    return manager.findOneByOrFail(ParticipantEntity, { id });
  }
}
