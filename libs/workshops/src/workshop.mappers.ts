import { renderMarkdown } from '@sw/content';
import type { ConnectionShape } from '@sw/graphql';
import type { SessionWithPeople } from './agenda.service.js';
import type { TaskEntity, WorkshopEntity } from './workshop.entity.js';
import {
  type AgendaSessionModel, AdmissionEnum, SessionPersonRoleEnum, type TaskModel, WorkshopFormatEnum, type WorkshopModel, WorkshopStatusEnum,
} from './workshop.model.js';

export const mapEdges = <A, B>(c: ConnectionShape<A>, f: (a: A) => B): ConnectionShape<B> => ({
  pageInfo: c.pageInfo,
  edges: c.edges.map((e) => ({ cursor: e.cursor, node: f(e.node) })),
});

/** The venue and link stay in `source` as ciphertexts; the `location` field decrypts them after its rule. */
export const toWorkshop = (w: WorkshopEntity): WorkshopModel => ({
  id: w.id,
  title: w.title,
  description: w.description,
  descriptionHtml: renderMarkdown(w.description),
  format: WorkshopFormatEnum[w.format],
  city: w.city,
  country: w.country,
  startsAt: w.startsAt,
  endsAt: w.endsAt,
  timeZone: w.timeZone,
  registrationDeadline: w.registrationDeadline,
  capacity: w.capacity,
  confirmedCount: w.confirmedCount,
  languages: w.languages,
  interpretation: w.interpretation,
  admission: AdmissionEnum[w.admission],
  status: WorkshopStatusEnum[w.status],
  createdAt: w.createdAt,
  source: w,
});

export const toSession = (s: SessionWithPeople): AgendaSessionModel => ({
  id: s.id,
  workshopId: s.workshopId,
  title: s.title,
  description: s.description,
  track: s.track,
  room: s.room,
  startsAt: s.startsAt,
  endsAt: s.endsAt,
  people: s.people.map((p) => ({ role: SessionPersonRoleEnum[p.role], participantId: p.participantId, participant: null })),
});

export const toTask = (t: TaskEntity): TaskModel => ({
  id: t.id,
  workshopId: t.workshopId,
  title: t.title,
  assigneeUserId: t.assigneeUserId,
  dueOn: t.dueOn,
  done: t.doneAt !== null,
  createdAt: t.createdAt,
});
