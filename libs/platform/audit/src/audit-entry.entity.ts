import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A row of the append-only audit log. Inserted through AuditLog.record only; never updated. */
@Entity({ name: 'audit_log' })
export class AuditEntryEntity {
  @PrimaryColumn({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column('uuid')
  id!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId!: string | null;

  @Column('text')
  action!: string;

  @Column({ name: 'organisation_id', type: 'uuid', nullable: true })
  organisationId!: string | null;

  @Column({ name: 'network_id', type: 'uuid', nullable: true })
  networkId!: string | null;

  @Column({ name: 'subject_type', type: 'text', nullable: true })
  subjectType!: string | null;

  @Column({ name: 'subject_id', type: 'uuid', nullable: true })
  subjectId!: string | null;

  @Column('jsonb')
  metadata!: Record<string, string | number | boolean | null>;
}
