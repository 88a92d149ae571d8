import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MessageImportance } from '@sw/realtime';

/** A message of a thread. A deleted message keeps its row as a tombstone: body NULL, deleted_at set. */
@Entity({ name: 'messages' })
export class MessageEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'thread_id', type: 'uuid' })
  threadId!: string;

  /** 1, 2, 3, … per thread without gaps, in commit order. */
  @Column('integer')
  seq!: number;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId!: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId!: string;

  /** SHA-256 of what the client posted, to tell a retry from a different post under the same client id. */
  @Column({ name: 'client_digest', type: 'bytea' })
  clientDigest!: Buffer;

  /** Markdown as written; rendered and sanitised on the way out. */
  @Column({ type: 'text', nullable: true })
  body!: string | null;

  @Column({ name: 'reply_to_id', type: 'uuid', nullable: true })
  replyToId!: string | null;

  @Column('text')
  importance!: MessageImportance;

  @Column({ name: 'acknowledgement_requested', type: 'boolean' })
  acknowledgementRequested!: boolean;

  /** The users the author named; `@thread` reaches everyone else through message_mentions. */
  @Column({ name: 'mentioned_user_ids', type: 'uuid', array: true })
  mentionedUserIds!: string[];

  @Column({ name: 'mentions_thread', type: 'boolean' })
  mentionsThread!: boolean;

  @Column('integer')
  version!: number;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;

  @Column({ name: 'edited_at', type: 'timestamptz', nullable: true })
  editedAt!: Date | null;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @Column({ name: 'reminded_at', type: 'timestamptz', nullable: true })
  remindedAt!: Date | null;

  @Column({ name: 'reminder_count', type: 'integer' })
  reminderCount!: number;
}

/** A version a message had before an edit. Deleted with the message. */
@Entity({ name: 'message_edits' })
export class MessageEditEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'message_id', type: 'uuid' })
  messageId!: string;

  @Column('text')
  body!: string;

  @Column({ name: 'written_at', type: 'timestamptz' })
  writtenAt!: Date;

  @Column({ name: 'replaced_at', type: 'timestamptz', insert: false, update: false })
  replacedAt!: Date;
}

@Entity({ name: 'message_reactions' })
export class MessageReactionEntity {
  @PrimaryColumn({ name: 'message_id', type: 'uuid' })
  messageId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @PrimaryColumn('text')
  emoji!: string;
}

/** Who a message mentions (each reader of the thread for `@thread`), with its place for unread counts. */
@Entity({ name: 'message_mentions' })
export class MessageMentionEntity {
  @PrimaryColumn({ name: 'message_id', type: 'uuid' })
  messageId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'thread_id', type: 'uuid' })
  threadId!: string;

  @Column('integer')
  seq!: number;
}

@Entity({ name: 'message_acknowledgements' })
export class MessageAcknowledgementEntity {
  @PrimaryColumn({ name: 'message_id', type: 'uuid' })
  messageId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', insert: false, update: false })
  acknowledgedAt!: Date;
}
