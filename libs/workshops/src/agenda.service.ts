import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { AppAbility } from '@sw/authz';
import { newId } from '@sw/database';
import { Outbox, Transactions } from '@sw/events';
import { AppError, badInput, conflict, notFound } from '@sw/graphql';
import { AgendaSessionEntity, TaskEntity, type WorkshopEntity } from './workshop.entity.js';
import type { AgendaSessionInput, TaskInput } from './workshop.inputs.js';
import { SEATED } from './workshop.policy.js';
import { isForeignKeyViolation, WorkshopService } from './workshop.service.js';

export interface SessionWithPeople extends AgendaSessionEntity {
  people: { participantId: string; role: 'SPEAKER' | 'FACILITATOR' }[];
}

/** A thing in a workshop the caller may not read does not exist for them, under its own name. */
const hideAs = (what: string) => (error: unknown): never => {
  throw error instanceof AppError && error.extensions['code'] === 'NOT_FOUND' ? notFound(what) : error;
};

const isExclusionViolation = (error: unknown) => (error as { code?: string }).code === '23P01';

/** The agenda (sessions per track, never overlapping, within the dates) and the organisers' task list. */
@Injectable()
export class AgendaService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly outbox: Outbox,
    private readonly workshops: WorkshopService,
  ) {}

  async sessions(ability: AppAbility, workshopId: string): Promise<SessionWithPeople[]> {
    await this.workshops.get(ability, workshopId);
    return this.sessionsOf(this.dataSource.manager, workshopId);
  }

  /** Without an authorization check: for callers that checked the workshop already. */
  async sessionsOf(manager: EntityManager, workshopId: string): Promise<SessionWithPeople[]> {
    return (await this.sessionsOfMany(manager, [workshopId])).get(workshopId) ?? [];
  }

  /** For a DataLoader over workshops the caller has already read (a list's page): their agendas, without a further check. */
  agendasOf(workshopIds: readonly string[]): Promise<Map<string, SessionWithPeople[]>> {
    return this.sessionsOfMany(this.dataSource.manager, workshopIds);
  }

  /** The agendas of several workshops in two statements; without an authorization check, as sessionsOf. */
  async sessionsOfMany(manager: EntityManager, workshopIds: readonly string[]): Promise<Map<string, SessionWithPeople[]>> {
    const byWorkshop = new Map<string, SessionWithPeople[]>();
    if (workshopIds.length === 0) return byWorkshop;
    const sessions = await manager.getRepository(AgendaSessionEntity).find({ where: { workshopId: In([...workshopIds]) }, order: { startsAt: 'ASC', track: 'ASC', id: 'ASC' } });
    const people: { session_id: string; participant_id: string; role: 'SPEAKER' | 'FACILITATOR' }[] = sessions.length
      ? await manager.query('SELECT session_id, participant_id, role FROM workshop_session_people WHERE session_id = ANY($1::uuid[]) ORDER BY role DESC, participant_id', [sessions.map((s) => s.id)])
      : [];
    for (const s of sessions) {
      const session = Object.assign(s, {
        people: people.filter((p) => p.session_id === s.id).map((p) => ({ participantId: p.participant_id, role: p.role })),
      });
      byWorkshop.set(s.workshopId, [...(byWorkshop.get(s.workshopId) ?? []), session]);
    }
    return byWorkshop;
  }

  async save(ability: AppAbility, input: AgendaSessionInput): Promise<SessionWithPeople> {
    return this.tx.run(async (manager) => {
      const w = await this.workshops.lock(manager, ability, input.workshopId);
      this.checkTimes(w, input);
      const id = input.id ?? newId();
      const values = {
        title: input.title, description: input.description ?? '', track: input.track ?? '', room: input.room ?? null,
        startsAt: input.startsAt, endsAt: input.endsAt,
      };
      try {
        if (input.id) {
          const updated = await manager.update(AgendaSessionEntity, { id, workshopId: w.id }, values);
          if (!updated.affected) throw notFound('AgendaSession');
          await manager.query('DELETE FROM workshop_session_people WHERE session_id = $1', [id]);
        } else {
          await manager.insert(AgendaSessionEntity, { id, workshopId: w.id, ...values });
        }
      } catch (error) {
        if (isExclusionViolation(error)) throw conflict('track: overlaps another session in the same track', 'track');
        throw error;
      }
      const people = input.people ?? [];
      if (people.length > 0) {
        const ids = [...new Set(people.map((p) => p.participantId))];
        const [{ seated }] = await manager.query(
          'SELECT count(*)::int AS seated FROM workshop_participants WHERE workshop_id = $1 AND id = ANY($2::uuid[]) AND state = ANY($3)',
          [w.id, ids, SEATED],
        );
        if (seated !== ids.length) throw badInput('people', 'speakers and facilitators must be confirmed participants of this workshop');
        for (const p of people) {
          await manager.query(
            'INSERT INTO workshop_session_people (session_id, participant_id, role) VALUES ($1, $2, $3) ON CONFLICT (session_id, participant_id) DO UPDATE SET role = EXCLUDED.role',
            [id, p.participantId, p.role],
          );
        }
      }
      await this.outbox.add(manager, 'workshop.agenda_changed', { workshopId: w.id, sessionId: id });
      return (await this.sessionsOf(manager, w.id)).find((s) => s.id === id)!;
    });
  }

  private checkTimes(w: WorkshopEntity, input: AgendaSessionInput): void {
    if (input.endsAt.getTime() <= input.startsAt.getTime()) throw badInput('endsAt', 'must be after startsAt');
    if (input.startsAt.getTime() < w.startsAt.getTime() || input.startsAt.getTime() >= w.endsAt.getTime()) {
      throw badInput('startsAt', "must be within the workshop's dates");
    }
    if (input.endsAt.getTime() > w.endsAt.getTime()) throw badInput('endsAt', "must be within the workshop's dates");
  }

  async remove(ability: AppAbility, id: string): Promise<void> {
    const found: { workshop_id: string }[] = await this.dataSource.query('SELECT workshop_id FROM workshop_sessions WHERE id = $1', [id]);
    if (found.length === 0) throw notFound('AgendaSession');
    await this.tx.run(async (manager) => {
      const w = await this.workshops.lock(manager, ability, found[0]!.workshop_id).catch(hideAs('AgendaSession'));
      await manager.delete(AgendaSessionEntity, { id, workshopId: w.id });
      await this.outbox.add(manager, 'workshop.agenda_changed', { workshopId: w.id, sessionId: id });
    });
  }

  // ---- tasks (organisers only) --------------------------------------------------------------

  async tasks(ability: AppAbility, workshopId: string, done: boolean | null | undefined) {
    await this.workshops.assertOrganiser(ability, workshopId);
    const qb = this.dataSource.getRepository(TaskEntity).createQueryBuilder('t').where('t.workshop_id = :workshopId', { workshopId });
    if (done !== null && done !== undefined) qb.andWhere(done ? 't.done_at IS NOT NULL' : 't.done_at IS NULL');
    return qb;
  }

  async saveTask(ability: AppAbility, actorId: string, input: TaskInput): Promise<TaskEntity> {
    return this.tx.run(async (manager) => {
      const w = await this.workshops.lock(manager, ability, input.workshopId);
      const id = input.id ?? newId();
      const values = { title: input.title, assigneeUserId: input.assigneeUserId ?? null, dueOn: input.dueOn ?? null };
      try {
        if (input.id) {
          const updated = await manager.update(TaskEntity, { id, workshopId: w.id }, values);
          if (!updated.affected) throw notFound('WorkshopTask');
          await manager.query('UPDATE workshop_tasks SET updated_at = now() WHERE id = $1', [id]);
        } else {
          await manager.insert(TaskEntity, { id, workshopId: w.id, createdBy: actorId, doneAt: null, ...values });
        }
        await manager.query(
          'UPDATE workshop_tasks SET done_at = CASE WHEN $2 THEN coalesce(done_at, now()) ELSE NULL END WHERE id = $1',
          [id, input.done ?? false],
        );
      } catch (error) {
        if (isForeignKeyViolation(error)) throw badInput('assigneeUserId', 'must be one of the organisers');
        if ((error as { code?: string }).code === '22008') throw badInput('dueOn', 'is not a valid date');
        throw error;
      }
      return manager.findOneByOrFail(TaskEntity, { id });
    });
  }

  async removeTask(ability: AppAbility, id: string): Promise<void> {
    const found: { workshop_id: string }[] = await this.dataSource.query('SELECT workshop_id FROM workshop_tasks WHERE id = $1', [id]);
    if (found.length === 0) throw notFound('WorkshopTask');
    await this.tx.run(async (manager) => {
      const w = await this.workshops.lock(manager, ability, found[0]!.workshop_id).catch(hideAs('WorkshopTask'));
      await manager.delete(TaskEntity, { id, workshopId: w.id });
    });
  }
}
