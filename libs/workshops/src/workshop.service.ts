import { Injectable } from '@nestjs/common';
import { subject } from '@casl/ability';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog } from '@sw/audit';
import type { AppAbility } from '@sw/authz';
import { FieldCipher, newId } from '@sw/database';
import { Outbox, Transactions } from '@sw/events';
import { badInput, conflict, type ConnectionShape, forbidden, notFound, paginate, type PageArgs } from '@sw/graphql';
import { IdentityDirectory } from '@sw/identity';
import { assertTransition, WORKSHOP_TRANSITIONS } from './participant-states.js';
import { allowedIds, whereGranted } from './workshop-access.js';
import { type Admission, WorkshopEntity, type WorkshopFormat, type WorkshopStatus } from './workshop.entity.js';
import type { CreateWorkshopInput, UpdateWorkshopInput, WorkshopFieldsInput } from './workshop.inputs.js';
import { Admissions } from './admissions.js';
import { WorkshopThreadSubject } from './workshop-thread-subject.js';

export const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';
export const isForeignKeyViolation = (error: unknown) => (error as { code?: string }).code === '23503';

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

/** Workshops themselves: create, change, open and close, audiences and organisers. */
@Injectable()
export class WorkshopService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly audit: AuditLog,
    private readonly outbox: Outbox,
    private readonly cipher: FieldCipher,
    private readonly lookups: IdentityDirectory,
    private readonly admissions: Admissions,
    private readonly threads: WorkshopThreadSubject,
  ) {}

  /** Oldest first; with `upcoming`, only those still to come, the soonest first. */
  list(ability: AppAbility, args: PageArgs & { status?: WorkshopStatus | null; upcoming?: boolean | null }): Promise<ConnectionShape<WorkshopEntity>> {
    const qb = this.dataSource.getRepository(WorkshopEntity).createQueryBuilder('w');
    if (args.status) qb.andWhere('w.status = :status', { status: args.status });
    if (args.upcoming) qb.andWhere(`w.ends_at >= now() AND w.status NOT IN ('HELD', 'CANCELLED')`);
    whereGranted(qb, ability, 'read', 'Workshop');
    return args.upcoming
      ? paginate(qb, args, { createdAt: 'w.starts_at', id: 'w.id' }, (w) => ({ createdAt: w.startsAt, id: w.id }))
      : paginate(qb, args, { createdAt: 'w.created_at', id: 'w.id' }, (w) => w);
  }

  /** A workshop the caller may read, filtered in the same statement as the id; otherwise NOT_FOUND. */
  async get(ability: AppAbility, id: string, manager: EntityManager = this.dataSource.manager): Promise<WorkshopEntity> {
    const qb = manager.getRepository(WorkshopEntity).createQueryBuilder('w').where('w.id = :id', { id });
    const found = await whereGranted(qb, ability, 'read', 'Workshop').getOne();
    if (!found) throw notFound('Workshop');
    return found;
  }

  /**
   * Locks the workshop row for `action` (default: organise). NOT_FOUND when the caller may not
   * read it, FORBIDDEN when they may read but not do this. Every change of a workshop's
   * participants, capacity or agenda holds this lock, so they are decided one at a time.
   */
  async lock(manager: EntityManager, ability: AppAbility, id: string, action = 'organise'): Promise<WorkshopEntity> {
    const qb = manager.getRepository(WorkshopEntity).createQueryBuilder('w').where('w.id = :id', { id }).setLock('pessimistic_write', undefined, ['w']);
    const found = await whereGranted(qb, ability, action, 'Workshop').getOne();
    if (found) return found;
    await this.get(ability, id, manager);
    throw forbidden(action === 'organise' ? 'Only the organisers of this workshop can do this' : 'You cannot do this for this workshop');
  }

  /** NOT_FOUND when unreadable, FORBIDDEN when readable but not organised by the caller. */
  async assertOrganiser(ability: AppAbility, id: string, manager: EntityManager = this.dataSource.manager): Promise<WorkshopEntity> {
    const w = await this.get(ability, id, manager);
    if (!(await allowedIds(manager, ability, 'organise', 'Workshop', [id])).has(id)) throw forbidden('Only the organisers of this workshop can do this');
    return w;
  }

  /** Locks without an authorization check: for paths that already checked the caller (a participant acting on their own row). */
  async lockById(manager: EntityManager, id: string): Promise<WorkshopEntity> {
    const found = await manager.getRepository(WorkshopEntity).createQueryBuilder('w').where('w.id = :id', { id }).setLock('pessimistic_write').getOne();
    if (!found) throw notFound('Workshop');
    return found;
  }

  async create(ability: AppAbility, actorId: string, input: CreateWorkshopInput): Promise<WorkshopEntity> {
    if (!ability.can('create', subject('Workshop', { kind: 'ORGANISING_ORG', organisationId: input.organisationId }))) {
      if (!ability.can('read', subject('Organisation', { id: input.organisationId }))) throw notFound('Organisation');
      throw forbidden('Only organisation admins can create workshops');
    }
    for (const field of ['title', 'format', 'startsAt', 'endsAt', 'timeZone', 'capacity', 'admission'] as const) {
      if (input[field] === undefined || input[field] === null) throw badInput(field, 'is required');
    }
    this.checkFields(input as Required<WorkshopFieldsInput>);
    return this.tx.run(async (manager) => {
      const id = newId();
      await manager.insert(WorkshopEntity, {
        id,
        organisationId: input.organisationId,
        title: input.title!,
        description: input.description ?? '',
        format: input.format! as WorkshopFormat,
        venue: input.venue ? this.cipher.encrypt(input.venue, { table: 'workshops', column: 'venue', rowId: id }) : null,
        onlineUrl: input.onlineUrl ? this.cipher.encrypt(input.onlineUrl, { table: 'workshops', column: 'online_url', rowId: id }) : null,
        city: input.city ?? null,
        country: input.country ?? null,
        startsAt: input.startsAt!,
        endsAt: input.endsAt!,
        timeZone: input.timeZone!,
        registrationDeadline: input.registrationDeadline ?? null,
        capacity: input.capacity!,
        languages: input.languages ?? [],
        interpretation: input.interpretation ?? [],
        admission: input.admission! as Admission,
        status: 'PLANNING',
        published: false,
      });
      await manager.query('INSERT INTO workshop_organisations (workshop_id, organisation_id) VALUES ($1, $2)', [id, input.organisationId]);
      await manager.query('INSERT INTO workshop_organisers (workshop_id, user_id, organisation_id) VALUES ($1, $2, $3)', [id, actorId, input.organisationId]);
      await this.audit.record(manager, {
        actorUserId: actorId, action: 'workshop.created', organisationId: input.organisationId, subjectType: 'Workshop', subjectId: id,
      });
      return manager.findOneByOrFail(WorkshopEntity, { id });
    });
  }

  async update(ability: AppAbility, actorId: string, input: UpdateWorkshopInput): Promise<WorkshopEntity> {
    return this.tx.run(async (manager) => {
      const w = await this.lock(manager, ability, input.id);
      if (w.status === 'HELD' || w.status === 'CANCELLED') throw conflict(`status: a ${w.status} workshop cannot be changed`, 'status');
      const merged = {
        startsAt: input.startsAt ?? w.startsAt,
        endsAt: input.endsAt ?? w.endsAt,
        timeZone: input.timeZone ?? w.timeZone,
        capacity: input.capacity ?? w.capacity,
        registrationDeadline: input.registrationDeadline === undefined ? w.registrationDeadline : input.registrationDeadline,
      };
      this.checkFields({ ...input, ...merged } as Required<WorkshopFieldsInput>);
      for (const field of ['title', 'format', 'startsAt', 'endsAt', 'timeZone', 'capacity', 'admission'] as const) {
        if (input[field] === null) throw badInput(field, 'cannot be empty');
      }
      if (merged.capacity < w.confirmedCount) {
        throw badInput('capacity', `is below the ${w.confirmedCount} participants already confirmed`);
      }
      const [{ outside }] = await manager.query(
        'SELECT count(*)::int AS outside FROM workshop_sessions WHERE workshop_id = $1 AND (starts_at < $2 OR ends_at > $3)',
        [w.id, merged.startsAt, merged.endsAt],
      );
      if (outside > 0) throw badInput(input.startsAt ? 'startsAt' : 'endsAt', `would leave ${outside} agenda session(s) outside the workshop's dates`);
      const changes: Partial<WorkshopEntity> = { ...merged };
      if (input.title !== undefined) changes.title = input.title;
      if (input.description !== undefined) changes.description = input.description;
      if (input.format !== undefined) changes.format = input.format as WorkshopFormat;
      if (input.city !== undefined) changes.city = input.city;
      if (input.country !== undefined) changes.country = input.country;
      if (input.languages !== undefined) changes.languages = input.languages;
      if (input.interpretation !== undefined) changes.interpretation = input.interpretation;
      if (input.admission !== undefined) changes.admission = input.admission as Admission;
      if (input.venue !== undefined) changes.venue = input.venue ? this.cipher.encrypt(input.venue, { table: 'workshops', column: 'venue', rowId: w.id }) : null;
      if (input.onlineUrl !== undefined) {
        changes.onlineUrl = input.onlineUrl ? this.cipher.encrypt(input.onlineUrl, { table: 'workshops', column: 'online_url', rowId: w.id }) : null;
      }
      await manager.update(WorkshopEntity, { id: w.id }, changes);
      await manager.query('UPDATE workshops SET updated_at = now() WHERE id = $1', [w.id]);
      // More seats: the waiting list moves up in order, in this transaction.
      if (merged.capacity > w.capacity && (w.status === 'OPEN' || w.status === 'CLOSED')) await this.admissions.promote(manager, w.id);
      await this.audit.record(manager, {
        actorUserId: actorId, action: 'workshop.updated', organisationId: w.organisationId, subjectType: 'Workshop', subjectId: w.id,
        metadata: { fields: Object.keys(input).filter((k) => k !== 'id').sort().join(',') },
      });
      if (input.startsAt || input.endsAt || input.timeZone) await this.outbox.add(manager, 'workshop.agenda_changed', { workshopId: w.id });
      return manager.findOneByOrFail(WorkshopEntity, { id: w.id });
    });
  }

  private checkFields(input: Required<WorkshopFieldsInput>): void {
    if (input.timeZone && !validTimeZone(input.timeZone)) throw badInput('timeZone', 'must be an IANA time zone such as Europe/Istanbul');
    if (input.startsAt && input.endsAt && input.endsAt.getTime() <= input.startsAt.getTime()) throw badInput('endsAt', 'must be after startsAt');
    if (input.registrationDeadline && input.endsAt && input.registrationDeadline.getTime() > input.endsAt.getTime()) {
      throw badInput('registrationDeadline', 'must be before the workshop ends');
    }
  }

  async setStatus(ability: AppAbility, actorId: string, id: string, status: WorkshopStatus): Promise<WorkshopEntity> {
    return this.tx.run(async (manager) => {
      const w = await this.lock(manager, ability, id);
      if (w.status === status) return w;
      assertTransition(WORKSHOP_TRANSITIONS, w.status, status, 'status');
      await manager.query('UPDATE workshops SET status = $2, published = published OR $2 = \'OPEN\', updated_at = now() WHERE id = $1', [id, status]);
      await this.audit.record(manager, {
        actorUserId: actorId, action: 'workshop.status_changed', organisationId: w.organisationId, subjectType: 'Workshop', subjectId: id,
        metadata: { from: w.status, to: status },
      });
      if (status === 'CANCELLED') await this.outbox.add(manager, 'workshop.cancelled', { workshopId: id });
      return manager.findOneByOrFail(WorkshopEntity, { id });
    });
  }

  async setAudience(ability: AppAbility, actorId: string, input: { workshopId: string; organisationIds: string[]; networkIds: string[] }): Promise<void> {
    await this.tx.run(async (manager) => {
      const w = await this.lock(manager, ability, input.workshopId);
      await manager.query('DELETE FROM workshop_audiences WHERE workshop_id = $1', [w.id]);
      try {
        for (const organisationId of new Set(input.organisationIds)) {
          await manager.query('INSERT INTO workshop_audiences (id, workshop_id, organisation_id) VALUES ($1, $2, $3)', [newId(), w.id, organisationId]);
        }
        for (const networkId of new Set(input.networkIds)) {
          await manager.query('INSERT INTO workshop_audiences (id, workshop_id, network_id) VALUES ($1, $2, $3)', [newId(), w.id, networkId]);
        }
      } catch (error) {
        if (isForeignKeyViolation(error)) throw badInput('organisationIds', 'names an organisation or network that does not exist');
        throw error;
      }
      // The list is replaced: whoever it no longer names leaves the workshop's threads as this commits.
      await this.threads.changed(manager, w.id);
      await this.audit.record(manager, {
        actorUserId: actorId, action: 'workshop.audience_changed', organisationId: w.organisationId, subjectType: 'Workshop', subjectId: w.id,
        metadata: { organisations: input.organisationIds.length, networks: input.networkIds.length },
      });
    });
  }

  async audience(ability: AppAbility, workshopId: string): Promise<{ organisationIds: string[]; networkIds: string[] }> {
    await this.get(ability, workshopId);
    const rows: { organisation_id: string | null; network_id: string | null }[] = await this.dataSource.query(
      'SELECT organisation_id, network_id FROM workshop_audiences WHERE workshop_id = $1 ORDER BY id',
      [workshopId],
    );
    return {
      organisationIds: rows.flatMap((r) => (r.organisation_id ? [r.organisation_id] : [])),
      networkIds: rows.flatMap((r) => (r.network_id ? [r.network_id] : [])),
    };
  }

  /** Adds a person to the organising team, through an organisation they belong to (which then co-organises). */
  async addOrganiser(ability: AppAbility, actorId: string, workshopId: string, userId: string, organisationId: string | null | undefined): Promise<void> {
    if (!organisationId) throw badInput('organisationId', 'is required when adding an organiser');
    await this.tx.run(async (manager) => {
      const w = await this.lock(manager, ability, workshopId);
      if (!(await this.lookups.isActiveMember(manager, userId, organisationId))) throw badInput('userId', 'is not an active member of that organisation');
      await manager.query('INSERT INTO workshop_organisations (workshop_id, organisation_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [w.id, organisationId]);
      await manager.query(
        `INSERT INTO workshop_organisers (workshop_id, user_id, organisation_id) VALUES ($1, $2, $3)
         ON CONFLICT (workshop_id, user_id) DO UPDATE SET organisation_id = EXCLUDED.organisation_id`,
        [w.id, userId, organisationId],
      );
      await this.audit.record(manager, {
        actorUserId: actorId, action: 'workshop.organiser_added', organisationId: w.organisationId, subjectType: 'User', subjectId: userId,
        metadata: { workshopId: w.id, through: organisationId },
      });
    });
  }

  async removeOrganiser(ability: AppAbility, actorId: string, workshopId: string, userId: string): Promise<void> {
    await this.tx.run(async (manager) => {
      const w = await this.lock(manager, ability, workshopId);
      const [{ others }] = await manager.query('SELECT count(*)::int AS others FROM workshop_organisers WHERE workshop_id = $1 AND user_id <> $2', [w.id, userId]);
      if (others === 0) throw conflict('userId: a workshop needs at least one organiser', 'userId');
      const [, removed]: [unknown, number] = await manager.query('DELETE FROM workshop_organisers WHERE workshop_id = $1 AND user_id = $2', [w.id, userId]);
      if (removed === 0) throw notFound('Organiser');
      await this.threads.changed(manager, w.id);
      await this.audit.record(manager, {
        actorUserId: actorId, action: 'workshop.organiser_removed', organisationId: w.organisationId, subjectType: 'User', subjectId: userId,
        metadata: { workshopId: w.id },
      });
    });
  }

  async organisers(manager: EntityManager, workshopIds: readonly string[]): Promise<Map<string, { userId: string; organisationId: string }[]>> {
    const rows: { workshop_id: string; user_id: string; organisation_id: string }[] = await manager.query(
      'SELECT workshop_id, user_id, organisation_id FROM workshop_organisers WHERE workshop_id = ANY($1::uuid[]) ORDER BY created_at, user_id',
      [[...workshopIds]],
    );
    const map = new Map<string, { userId: string; organisationId: string }[]>();
    for (const r of rows) map.set(r.workshop_id, [...(map.get(r.workshop_id) ?? []), { userId: r.user_id, organisationId: r.organisation_id }]);
    return map;
  }

  /** The organising team with names (callers check the organiser rule first). */
  async team(workshopId: string): Promise<{ userId: string; organisationId: string; displayName: string }[]> {
    const manager = this.dataSource.manager;
    const team = (await this.organisers(manager, [workshopId])).get(workshopId) ?? [];
    const people = await this.lookups.people(manager, team.map((o) => o.userId));
    return team.map((o) => ({ userId: o.userId, organisationId: o.organisationId, displayName: people.get(o.userId)?.displayName ?? '' }));
  }

  async organisingOrganisations(workshopIds: readonly string[]): Promise<Map<string, string[]>> {
    const rows: { workshop_id: string; organisation_id: string }[] = await this.dataSource.query(
      'SELECT workshop_id, organisation_id FROM workshop_organisations WHERE workshop_id = ANY($1::uuid[]) ORDER BY created_at, organisation_id',
      [[...workshopIds]],
    );
    const map = new Map<string, string[]>();
    for (const r of rows) map.set(r.workshop_id, [...(map.get(r.workshop_id) ?? []), r.organisation_id]);
    return map;
  }

  /** Field rules on a page of workshops: which the caller organises, and whose location they may see. */
  async flags(ability: AppAbility, ids: readonly string[]): Promise<{ organises: Set<string>; venue: Set<string> }> {
    const manager = this.dataSource.manager;
    const [organises, venue] = await Promise.all([
      allowedIds(manager, ability, 'organise', 'Workshop', ids),
      allowedIds(manager, ability, 'readVenue', 'Workshop', ids),
    ]);
    return { organises, venue };
  }

  decryptLocation(w: WorkshopEntity): { venue: string | null; onlineUrl: string | null } {
    return {
      venue: w.venue ? this.cipher.decrypt(w.venue, { table: 'workshops', column: 'venue', rowId: w.id }) : null,
      onlineUrl: w.onlineUrl ? this.cipher.decrypt(w.onlineUrl, { table: 'workshops', column: 'online_url', rowId: w.id }) : null,
    };
  }
}
