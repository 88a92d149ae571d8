import type { EntityManager } from 'typeorm';
import { renderMarkdown } from '@sw/content';
import { IdentityDirectory } from '@sw/identity';
import type { MessageImportance, ReactionCount, ThreadMessageEvent } from '@sw/realtime';
import { namedQuery } from './sql.js';

interface MessageRow {
  id: string;
  thread_id: string;
  seq: number;
  version: number;
  author_id: string;
  author_name: string;
  body: string | null;
  reply_to_id: string | null;
  importance: MessageImportance;
  acknowledgement_requested: boolean;
  mentioned_user_ids: string[];
  mentions_thread: boolean;
  created_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
  reactions: { emoji: string; userId: string }[];
  acknowledged_by: string[];
}

// One statement per page of messages: the author's name (identity's expression), reactions and
// acknowledgements come with them (no N+1).
const SELECT_MESSAGES = `
  SELECT m.id, m.thread_id, m.seq, m.version, m.author_id, ${IdentityDirectory.displayNameSql('m.author_id')} AS author_name, m.body, m.reply_to_id,
    m.importance, m.acknowledgement_requested, to_json(m.mentioned_user_ids) AS mentioned_user_ids, m.mentions_thread,
    m.created_at, m.edited_at, m.deleted_at,
    coalesce((SELECT json_agg(json_build_object('emoji', r.emoji, 'userId', r.user_id) ORDER BY r.emoji, r.user_id)
              FROM message_reactions r WHERE r.message_id = m.id), '[]') AS reactions,
    coalesce((SELECT json_agg(a.user_id) FROM message_acknowledgements a WHERE a.message_id = m.id), '[]') AS acknowledged_by
  FROM messages m`;

/**
 * Messages read with `filter` (joins and WHERE, named parameters) and `tail` (ORDER BY / LIMIT).
 * The caller is responsible for access: a WHERE with the thread rule, or delivery to a room whose
 * members were checked.
 */
export async function loadMessages(db: EntityManager, filter: string, params: Record<string, unknown>, tail = ''): Promise<MessageView[]> {
  const rows = await namedQuery<MessageRow>(db, `${SELECT_MESSAGES} ${filter} ${tail}`, params);
  return rows.map((row) => new MessageView(row));
}

/** A message as loaded once, then shown to each reader (reactions and acknowledgement from their side). */
export class MessageView {
  private html: string | null | undefined;

  constructor(readonly row: MessageRow) {}

  get id(): string {
    return this.row.id;
  }

  get threadId(): string {
    return this.row.thread_id;
  }

  get seq(): number {
    return this.row.seq;
  }

  get authorId(): string {
    return this.row.author_id;
  }

  get deleted(): boolean {
    return this.row.deleted_at !== null;
  }

  /** Rendered once per load, however many readers it goes to. */
  get bodyHtml(): string | null {
    if (this.html === undefined) this.html = this.row.body === null ? null : renderMarkdown(this.row.body);
    return this.html;
  }

  reactionsFor(viewerId: string): ReactionCount[] {
    const byEmoji = new Map<string, ReactionCount>();
    for (const { emoji, userId } of this.row.reactions) {
      const entry = byEmoji.get(emoji) ?? { emoji, count: 0, reactedByMe: false };
      entry.count += 1;
      entry.reactedByMe ||= userId === viewerId;
      byEmoji.set(emoji, entry);
    }
    return [...byEmoji.values()];
  }

  forViewer(viewerId: string): ThreadMessageEvent {
    const r = this.row;
    return {
      threadId: r.thread_id,
      id: r.id,
      seq: r.seq,
      version: r.version,
      author: { id: r.author_id, displayName: r.author_name },
      body: r.body,
      bodyHtml: this.bodyHtml,
      replyToId: r.reply_to_id,
      importance: r.importance,
      acknowledgementRequested: r.acknowledgement_requested,
      acknowledgementCount: r.acknowledged_by.length,
      acknowledgedByMe: r.acknowledged_by.includes(viewerId),
      mentionedUserIds: r.mentioned_user_ids,
      mentionsThread: r.mentions_thread,
      reactions: this.reactionsFor(viewerId),
      createdAt: r.created_at.toISOString(),
      editedAt: r.edited_at?.toISOString() ?? null,
      deletedAt: r.deleted_at?.toISOString() ?? null,
    };
  }
}
