import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { renderMarkdown } from '@sw/content';
import { badInput } from '@sw/graphql';
import { IdentityDirectory } from '@sw/identity';
import { loadMessages, type MessageView } from './message-view.js';
import { MessageService } from './message.service.js';
import { ThreadAccess } from './thread-access.js';
import { ThreadAudience } from './thread-audience.js';
import type { Caller } from './thread-subjects.js';
import { ThreadService } from './thread.service.js';

export interface MessagePage {
  views: MessageView[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

export interface Receipts {
  audience: number;
  seen: number;
  seenBy: { organisationId: string | null; organisationName: string | null; audience: number; seen: number; readers: Person[] }[];
  acknowledgements: { person: Person; acknowledgedAt: Date }[] | null;
}

export interface Person {
  id: string;
  displayName: string;
}

const DEFAULT_LAST = 20;
const CURSOR = /^m:(\d{1,10})$/;

export const messageCursor = (seq: number): string => Buffer.from(`m:${seq}`).toString('base64url');

function seqOf(cursor: string, field: 'after' | 'before'): number {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const seq = match ? Number(match[1]) : NaN;
  if (!Number.isSafeInteger(seq) || seq > 2_147_483_647) throw badInput(field, 'is not a cursor from this list');
  return seq;
}

/** Reading messages: pages by seq in either direction, edit history, and who has seen or acknowledged one. */
@Injectable()
export class MessageReadingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ThreadAccess,
    private readonly audience: ThreadAudience,
    private readonly threads: ThreadService,
    private readonly messages: MessageService,
    private readonly directory: IdentityDirectory,
  ) {}

  /**
   * `first`/`after` pages forward from the start, `last`/`before` backward from the end (the
   * default: the newest 20); either way the page is in seq order. The thread is looked up through
   * the caller's rule first (NOT_FOUND), and the messages are read with the same rule.
   */
  async page(caller: Caller, args: { threadId: string; first?: number | null; after?: string | null; last?: number | null; before?: string | null }): Promise<MessagePage> {
    const forward = args.first != null || args.after != null;
    if (forward && (args.last != null || args.before != null)) throw badInput('last', 'cannot be combined with first or after');
    await this.threads.find(caller, args.threadId);
    const read = this.access.condition(caller, 'read')!;
    const size = (forward ? args.first : args.last) ?? DEFAULT_LAST;
    const params: Record<string, unknown> = { ...read.params, threadId: args.threadId };
    let range = '';
    if (forward && args.after) {
      params['boundary'] = seqOf(args.after, 'after');
      range = 'AND m.seq > :boundary';
    } else if (!forward && args.before) {
      params['boundary'] = seqOf(args.before, 'before');
      range = 'AND m.seq < :boundary';
    }
    const rows = await loadMessages(
      this.dataSource.manager,
      `JOIN threads t ON t.id = m.thread_id WHERE m.thread_id = :threadId ${range} AND ${read.sql}`,
      params,
      `ORDER BY m.seq ${forward ? 'ASC' : 'DESC'} LIMIT ${size + 1}`,
    );
    const more = rows.length > size;
    const views = rows.slice(0, size);
    if (!forward) views.reverse();
    // Whether anything lies on the other side of the boundary the caller paged from.
    const boundary = params['boundary'] as number | undefined;
    const beyond = boundary === undefined ? false : await this.exists(args.threadId, forward ? '<=' : '>=', boundary);
    return forward ? { views, hasNextPage: more, hasPreviousPage: beyond } : { views, hasNextPage: beyond, hasPreviousPage: more };
  }

  /** Earlier versions of messages the caller was already allowed to read, oldest first. */
  async history(messageIds: readonly string[]): Promise<Map<string, { body: string; bodyHtml: string; writtenAt: Date; replacedAt: Date }[]>> {
    const rows: { message_id: string; body: string; written_at: Date; replaced_at: Date }[] = await this.dataSource.query(
      'SELECT message_id, body, written_at, replaced_at FROM message_edits WHERE message_id = ANY($1::uuid[]) ORDER BY replaced_at, id',
      [[...messageIds]],
    );
    const result = new Map<string, { body: string; bodyHtml: string; writtenAt: Date; replacedAt: Date }[]>();
    for (const r of rows) {
      const list = result.get(r.message_id) ?? [];
      list.push({ body: r.body, bodyHtml: renderMarkdown(r.body), writtenAt: r.written_at, replacedAt: r.replaced_at });
      result.set(r.message_id, list);
    }
    return result;
  }

  /** Display names of people the caller already met in a thread they may read (authors, mentions, readers). */
  async people(userIds: readonly string[]): Promise<Map<string, Person>> {
    const names = await this.directory.displayNames(this.dataSource.manager, userIds);
    return new Map([...names].map(([id, displayName]) => [id, { id, displayName }]));
  }

  /**
   * Who of the thread's audience has read up to the message, per organisation; and who has
   * acknowledged it, for its author and the thread's moderators only.
   */
  async receipts(caller: Caller, messageId: string): Promise<Receipts> {
    const db = this.dataSource.manager;
    const message = await this.messages.readableMessage(db, caller, messageId);
    const { thread, moderator } = await this.threads.readable(db, caller, message.threadId);
    const audience = await this.audience.of(db, thread);
    const seenRows: { user_id: string }[] = await db.query(
      'SELECT user_id FROM thread_reads WHERE thread_id = $1 AND last_read_seq >= $2', [thread.id, message.seq]);
    const seen = new Set(seenRows.map((r) => r.user_id));
    const mayListAcks = moderator || message.authorId === caller.actor.userId;
    const ackRows: { user_id: string; acknowledged_at: Date }[] = mayListAcks
      ? await db.query('SELECT user_id, acknowledged_at FROM message_acknowledgements WHERE message_id = $1 ORDER BY acknowledged_at, user_id', [messageId])
      : [];
    const inAudience = new Set(audience.map((a) => a.userId));
    const people = await this.people([...new Set([...audience.filter((a) => seen.has(a.userId)).map((a) => a.userId), ...ackRows.map((a) => a.user_id)])]);
    const organisationIds = [...new Set(audience.map((a) => a.organisationId).filter((id): id is string => id !== null))];
    const names = await this.directory.organisationNames(db, organisationIds);

    const groups = new Map<string | null, { audience: number; readers: Person[] }>();
    for (const member of audience) {
      const group = groups.get(member.organisationId) ?? { audience: 0, readers: [] };
      group.audience += 1;
      const person = people.get(member.userId);
      if (seen.has(member.userId) && person) group.readers.push(person);
      groups.set(member.organisationId, group);
    }
    const seenBy = [...groups].map(([organisationId, g]) => ({
      organisationId,
      organisationName: organisationId ? (names.get(organisationId) ?? null) : null,
      audience: g.audience,
      seen: g.readers.length,
      readers: g.readers.sort((a, b) => a.displayName.localeCompare(b.displayName)),
    })).sort((a, b) => (a.organisationName ?? '\uffff').localeCompare(b.organisationName ?? '\uffff'));
    return {
      audience: inAudience.size,
      seen: [...inAudience].filter((id) => seen.has(id)).length,
      seenBy,
      acknowledgements: mayListAcks
        ? ackRows.filter((a) => people.has(a.user_id)).map((a) => ({ person: people.get(a.user_id)!, acknowledgedAt: a.acknowledged_at }))
        : null,
    };
  }

  private async exists(threadId: string, operator: '<=' | '>=', seq: number): Promise<boolean> {
    const [row] = await this.dataSource.query(`SELECT EXISTS (SELECT 1 FROM messages WHERE thread_id = $1 AND seq ${operator} $2) AS found`, [threadId, seq]);
    return row.found === true;
  }
}
