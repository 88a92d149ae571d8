/**
 * Payloads of the thread events of ARCHITECTURE.md "Real-time protocol", as clients receive them.
 * Protocol shapes only: plain JSON, ISO timestamps, no server types.
 */

export type MessageImportance = 'NORMAL' | 'IMPORTANT' | 'URGENT';

/** One emoji on a message: how many reacted with it and whether the receiving user did. */
export interface ReactionCount {
  emoji: string;
  count: number;
  reactedByMe: boolean;
}

/** A message as a reader of its thread receives it; a deleted message arrives as a tombstone (body null). */
export interface ThreadMessageEvent {
  threadId: string;
  id: string;
  seq: number;
  /** Increases with every change (edit, delete, reaction, acknowledgement): keep the highest. */
  version: number;
  author: { id: string; displayName: string };
  body: string | null;
  /** The body rendered from Markdown and sanitised; null when deleted. */
  bodyHtml: string | null;
  replyToId: string | null;
  importance: MessageImportance;
  acknowledgementRequested: boolean;
  acknowledgementCount: number;
  acknowledgedByMe: boolean;
  mentionedUserIds: string[];
  mentionsThread: boolean;
  reactions: ReactionCount[];
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
}

export interface ThreadStateEvent {
  threadId: string;
  title: string;
  locked: boolean;
  resolved: boolean;
  retentionDays: number | null;
  lastSeq: number;
}

export interface ThreadClientEvents {
  'message.created': ThreadMessageEvent;
  'message.updated': ThreadMessageEvent;
  'message.deleted': { threadId: string; id: string; seq: number; version: number; deletedAt: string };
  'reaction.changed': { threadId: string; messageId: string; seq: number; version: number; reactions: ReactionCount[] };
  typing: { threadId: string; userId: string };
  presence: { threadId: string; userId: string; present: boolean };
  'read.updated': { threadId: string; userId: string; seq: number };
  'thread.updated': ThreadStateEvent;
  /** The server took this socket out of the thread's room (access lost); no further events follow. */
  'thread.left': { threadId: string };
  /** Messages up to and including `throughSeq` were deleted for good by the thread's retention period. */
  'messages.purged': { threadId: string; throughSeq: number };
  /** To the user's own room: ids only, the client fetches what it may read. */
  'notification.created': { kind: 'MENTION' | 'ACK_REQUESTED' | 'ACK_REMINDER'; threadId: string; messageId: string };
}
