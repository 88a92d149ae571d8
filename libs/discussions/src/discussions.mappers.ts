import type { ConnectionShape } from '@sw/graphql';
import type { MessageView } from './message-view.js';
import { MessageImportanceEnum, type MessageModel } from './message.model.js';
import type { ThreadEntity } from './thread.entity.js';
import { type ThreadModel, ThreadSpaceKindEnum } from './thread.model.js';

export const toThread = (t: ThreadEntity): ThreadModel => ({
  id: t.id,
  space: { kind: ThreadSpaceKindEnum[t.spaceKind], id: (t.spaceNetworkId ?? t.spaceOrganisationId ?? t.subjectId)! },
  title: t.title,
  createdById: t.createdBy,
  createdAt: t.createdAt,
  lastActivityAt: t.lastActivityAt,
  lastSeq: t.lastSeq,
  locked: t.lockedAt !== null,
  resolved: t.resolvedAt !== null,
  resolvedAt: t.resolvedAt,
  retentionDays: t.retentionDays,
});

export function toMessage(view: MessageView, viewerId: string): MessageModel {
  const shown = view.forViewer(viewerId);
  return {
    ...shown,
    importance: MessageImportanceEnum[shown.importance],
    createdAt: view.row.created_at,
    editedAt: view.row.edited_at,
    deletedAt: view.row.deleted_at,
  };
}

export const mapEdges = <A, B>(c: ConnectionShape<A>, f: (a: A) => B): ConnectionShape<B> => ({
  pageInfo: c.pageInfo,
  edges: c.edges.map((e) => ({ cursor: e.cursor, node: f(e.node) })),
});
