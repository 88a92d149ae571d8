import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where a thread lives: a network's or an organisation's own space, or attached to an item of another domain. */
export type ThreadSpaceKind = 'NETWORK' | 'ORGANISATION' | ThreadSubjectKind;
/** Kinds of items a thread can be attached to; each is readable only through its domain's registered provider. */
export type ThreadSubjectKind = 'BRIEFING' | 'STATEMENT' | 'WORKSHOP';
export const THREAD_SUBJECT_KINDS: readonly ThreadSubjectKind[] = ['BRIEFING', 'STATEMENT', 'WORKSHOP'];

@Entity({ name: 'threads' })
export class ThreadEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'space_kind', type: 'text' })
  spaceKind!: ThreadSpaceKind;

  @Column({ name: 'space_network_id', type: 'uuid', nullable: true })
  spaceNetworkId!: string | null;

  @Column({ name: 'space_organisation_id', type: 'uuid', nullable: true })
  spaceOrganisationId!: string | null;

  @Column({ name: 'subject_id', type: 'uuid', nullable: true })
  subjectId!: string | null;

  @Column('text')
  title!: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt!: Date;

  @Column({ name: 'last_activity_at', type: 'timestamptz', insert: false })
  lastActivityAt!: Date;

  @Column({ name: 'last_seq', type: 'integer', insert: false })
  lastSeq!: number;

  @Column({ name: 'locked_at', type: 'timestamptz', nullable: true })
  lockedAt!: Date | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ name: 'retention_days', type: 'integer', nullable: true })
  retentionDays!: number | null;
}

/** How far a reader has read a thread: the highest seq they have seen. No time is kept. */
@Entity({ name: 'thread_reads' })
export class ThreadReadEntity {
  @PrimaryColumn({ name: 'thread_id', type: 'uuid' })
  threadId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'last_read_seq', type: 'integer' })
  lastReadSeq!: number;
}
