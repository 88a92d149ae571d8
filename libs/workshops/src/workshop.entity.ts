import { Column, Entity, PrimaryColumn } from 'typeorm';

export type WorkshopFormat = 'IN_PERSON' | 'ONLINE' | 'HYBRID';
export type WorkshopStatus = 'PLANNING' | 'OPEN' | 'CLOSED' | 'HELD' | 'CANCELLED';
export type Admission = 'FIRST_COME' | 'BY_APPLICATION';
export type ParticipantState = 'INVITED' | 'REGISTERED' | 'CONFIRMED' | 'WAITLISTED' | 'ATTENDED' | 'DECLINED' | 'CANCELLED';
export type ParticipantRole = 'PARTICIPANT' | 'SPEAKER' | 'FACILITATOR' | 'ORGANISER' | 'INTERPRETER';

@Entity({ name: 'workshops' })
export class WorkshopEntity {
  @PrimaryColumn('uuid') id!: string;
  /** The organisation that created it; audit entries are filed under it. */
  @Column({ name: 'organisation_id', type: 'uuid' }) organisationId!: string;
  @Column('text') title!: string;
  @Column('text') description!: string;
  @Column('text') format!: WorkshopFormat;
  /** FieldCipher ciphertext bound to workshops.venue.<id>. */
  @Column({ type: 'text', nullable: true }) venue!: string | null;
  /** FieldCipher ciphertext bound to workshops.online_url.<id>. */
  @Column({ name: 'online_url', type: 'text', nullable: true }) onlineUrl!: string | null;
  @Column({ type: 'text', nullable: true }) city!: string | null;
  @Column({ type: 'text', nullable: true }) country!: string | null;
  @Column({ name: 'starts_at', type: 'timestamptz' }) startsAt!: Date;
  @Column({ name: 'ends_at', type: 'timestamptz' }) endsAt!: Date;
  @Column({ name: 'time_zone', type: 'text' }) timeZone!: string;
  @Column({ name: 'registration_deadline', type: 'timestamptz', nullable: true }) registrationDeadline!: Date | null;
  @Column('int') capacity!: number;
  @Column({ name: 'confirmed_count', type: 'int', insert: false, update: false }) confirmedCount!: number;
  @Column('text', { array: true }) languages!: string[];
  @Column('text', { array: true }) interpretation!: string[];
  @Column('text') admission!: Admission;
  @Column('text') status!: WorkshopStatus;
  @Column('boolean') published!: boolean;
  @Column({ name: 'registration_seq', type: 'int', insert: false, update: false }) registrationSeq!: number;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
}

@Entity({ name: 'workshop_participants' })
export class ParticipantEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'workshop_id', type: 'uuid' }) workshopId!: string;
  @Column({ name: 'user_id', type: 'uuid', nullable: true }) userId!: string | null;
  @Column({ name: 'invited_email', type: 'text', nullable: true }) invitedEmail!: string | null;
  @Column({ name: 'invitation_token_hash', type: 'bytea', nullable: true, select: false }) invitationTokenHash!: Buffer | null;
  @Column({ name: 'invitation_expires_at', type: 'timestamptz', nullable: true }) invitationExpiresAt!: Date | null;
  @Column({ name: 'organisation_id', type: 'uuid', nullable: true }) organisationId!: string | null;
  @Column('text') role!: ParticipantRole;
  @Column('text') state!: ParticipantState;
  @Column({ name: 'queue_position', type: 'int', nullable: true }) queuePosition!: number | null;
  @Column({ name: 'applied_at', type: 'timestamptz', nullable: true }) appliedAt!: Date | null;
  @Column({ name: 'share_identity', type: 'boolean' }) shareIdentity!: boolean;
  // Protected fields: FieldCipher ciphertexts bound to workshop_participants.<column>.<id>.
  // Never selected by default: only ProtectedData reads them, after the field rule.
  @Column({ name: 'legal_name', type: 'text', nullable: true, select: false }) legalName!: string | null;
  @Column({ name: 'travel_needs', type: 'text', nullable: true, select: false }) travelNeeds!: string | null;
  @Column({ name: 'visa_support_needs', type: 'text', nullable: true, select: false }) visaSupportNeeds!: string | null;
  @Column({ name: 'passport_nationality', type: 'text', nullable: true, select: false }) passportNationality!: string | null;
  @Column({ name: 'dietary_needs', type: 'text', nullable: true, select: false }) dietaryNeeds!: string | null;
  @Column({ name: 'accessibility_needs', type: 'text', nullable: true, select: false }) accessibilityNeeds!: string | null;
  @Column({ type: 'text', nullable: true, select: false }) phone!: string | null;
  @Column({ name: 'emergency_contact', type: 'text', nullable: true, select: false }) emergencyContact!: string | null;
  @Column({ name: 'invited_by', type: 'uuid', nullable: true }) invitedBy!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
}

@Entity({ name: 'workshop_sessions' })
export class AgendaSessionEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'workshop_id', type: 'uuid' }) workshopId!: string;
  @Column('text') title!: string;
  @Column('text') description!: string;
  @Column('text') track!: string;
  @Column({ type: 'text', nullable: true }) room!: string | null;
  @Column({ name: 'starts_at', type: 'timestamptz' }) startsAt!: Date;
  @Column({ name: 'ends_at', type: 'timestamptz' }) endsAt!: Date;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
}

@Entity({ name: 'workshop_tasks' })
export class TaskEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'workshop_id', type: 'uuid' }) workshopId!: string;
  @Column('text') title!: string;
  @Column({ name: 'assignee_user_id', type: 'uuid', nullable: true }) assigneeUserId!: string | null;
  @Column({ name: 'due_on', type: 'date', nullable: true }) dueOn!: string | null;
  @Column({ name: 'done_at', type: 'timestamptz', nullable: true }) doneAt!: Date | null;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
}

export const workshopEntities = [WorkshopEntity, ParticipantEntity, AgendaSessionEntity, TaskEntity];
