/**
 * The messages of an open thread as this browser holds them, and the rules for merging what
 * arrives (GraphQL pages, the subscribe backlog, live events): keyed by seq, the highest version wins.
 */

export type Importance = 'NORMAL' | 'IMPORTANT' | 'URGENT';

export interface Reaction {
  emoji: string;
  count: number;
  reactedByMe: boolean;
}

export interface Person {
  id: string;
  displayName: string;
}

/** A message as the socket sends it (ThreadMessageEvent); GraphQL messages have the same fields. */
export interface ThreadMessage {
  threadId: string;
  id: string;
  seq: number;
  version: number;
  author: Person;
  body: string | null;
  bodyHtml: string | null;
  replyToId: string | null;
  importance: Importance;
  acknowledgementRequested: boolean;
  acknowledgementCount: number;
  acknowledgedByMe: boolean;
  mentionedUserIds: string[];
  /** Only GraphQL sends the named people; the socket sends their ids. */
  mentioned?: Person[];
  mentionsThread: boolean;
  reactions: Reaction[];
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
}

export interface ThreadState {
  title: string;
  locked: boolean;
  resolved: boolean;
  lastSeq: number;
}

export interface DeletedEvent {
  threadId: string;
  id: string;
  seq: number;
  version: number;
  deletedAt: string;
}

export interface ReactionEvent {
  threadId: string;
  messageId: string;
  seq: number;
  version: number;
  reactions: Reaction[];
}

/** A post sent but not yet acknowledged by the server: re-sent with the same clientId until it is. */
export interface OutgoingPost {
  clientId: string;
  threadId: string;
  body: string;
  importance: Importance;
  requestAcknowledgement: boolean;
  mentionUserIds: string[];
  mentionThread: boolean;
}

export type Messages = ReadonlyMap<number, ThreadMessage>;

/** Adds or replaces messages; an older version never replaces a newer one. */
export function mergeMessages(current: Messages, incoming: ThreadMessage[]): Messages {
  let next: Map<number, ThreadMessage> | null = null;
  for (const message of incoming) {
    const held = (next ?? current).get(message.seq);
    if (held && held.version >= message.version) continue;
    next ??= new Map(current);
    // The socket does not carry the named people: keep those GraphQL gave for the same mentions.
    next.set(message.seq, { ...message, mentioned: message.mentioned ?? held?.mentioned });
  }
  return next ?? current;
}

export function applyDeleted(current: Messages, event: DeletedEvent): Messages {
  const held = current.get(event.seq);
  if (!held || held.version >= event.version) return current;
  const next = new Map(current);
  next.set(event.seq, { ...held, version: event.version, deletedAt: event.deletedAt, body: null, bodyHtml: null, reactions: [] });
  return next;
}

export function applyReactions(current: Messages, event: ReactionEvent): Messages {
  const held = current.get(event.seq);
  if (!held || held.version >= event.version) return current;
  const next = new Map(current);
  next.set(event.seq, { ...held, version: event.version, reactions: event.reactions });
  return next;
}

export function dropThrough(current: Messages, throughSeq: number): Messages {
  const next = new Map([...current].filter(([seq]) => seq > throughSeq));
  return next.size === current.size ? current : next;
}

export const sortedMessages = (messages: Messages): ThreadMessage[] => [...messages.values()].sort((a, b) => a.seq - b.seq);


/**
 * The seq up to which nothing is missing (from the oldest message held): where a resubscription
 * starts. An acknowledged post can be held before the messages just ahead of it have arrived.
 */
export function heldThrough(messages: Messages): number {
  const seqs = [...messages.keys()].sort((a, b) => a - b);
  if (seqs.length === 0) return 0;
  let through = seqs[0]!;
  for (const seq of seqs.slice(1)) {
    if (seq !== through + 1) break;
    through = seq;
  }
  return through;
}

/** People met in the thread (authors and those named): who can be mentioned by name. */
export function peopleOf(messages: Messages, viewerId: string): Person[] {
  const people = new Map<string, Person>();
  for (const message of messages.values()) {
    people.set(message.author.id, message.author);
    for (const person of message.mentioned ?? []) people.set(person.id, person);
  }
  people.delete(viewerId);
  return [...people.values()];
}

/** The people named in a text as `@Display Name`, and whether it says `@thread`. */
export function mentionsIn(body: string, people: Person[]): { userIds: string[]; thread: boolean } {
  const folded = body.toLocaleLowerCase();
  const userIds = people.filter((p) => folded.includes(`@${p.displayName.toLocaleLowerCase()}`)).map((p) => p.id);
  return { userIds, thread: /(^|\s)@thread\b/i.test(body) };
}

export function newClientId(): string {
  return crypto.randomUUID();
}
