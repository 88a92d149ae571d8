import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Tlp } from './tlp.js';

export type BriefingStatus = 'DRAFT' | 'PUBLISHED' | 'RETRACTED';
export type BriefingLanguage = 'en' | 'tr' | 'other';

@Entity({ name: 'briefings' })
export class BriefingEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'author_user_id', type: 'uuid' }) authorUserId!: string;
  /** The organisation recipients see as the source. */
  @Column({ name: 'publisher_organisation_id', type: 'uuid' }) publisherOrganisationId!: string;
  /** Publishing on behalf: the organisation at risk. Never shown to recipients. */
  @Column({ name: 'origin_organisation_id', type: 'uuid', nullable: true }) originOrganisationId!: string | null;
  @Column({ name: 'publisher_approved_at', type: 'timestamptz', nullable: true }) publisherApprovedAt!: Date | null;
  @Column('text') title!: string;
  @Column('text') summary!: string;
  /** Markdown as written; FieldCipher ciphertext when the briefing is RED. */
  @Column('text') body!: string;
  @Column({ name: 'body_encrypted', type: 'boolean' }) bodyEncrypted!: boolean;
  @Column('text') language!: BriefingLanguage;
  @Column('text', { array: true }) tags!: string[];
  @Column('text') tlp!: Tlp;
  @Column('text') status!: BriefingStatus;
  @Column('integer') revision!: number;
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt!: Date | null;
  @Column({ name: 'retracted_at', type: 'timestamptz', nullable: true }) retractedAt!: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'listed_at', type: 'timestamptz', insert: false, update: false }) listedAt!: Date;
}

@Entity({ name: 'briefing_audience' })
export class BriefingGrantEntity {
  @PrimaryColumn({ name: 'briefing_id', type: 'uuid' }) briefingId!: string;
  @PrimaryColumn('text') kind!: string;
  @PrimaryColumn({ name: 'principal_id', type: 'uuid' }) principalId!: string;
  @Column('text') status!: string;
  @Column({ name: 'added_by', type: 'uuid', nullable: true }) addedBy!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
}

@Entity({ name: 'briefing_revisions' })
export class BriefingRevisionEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'briefing_id', type: 'uuid' }) briefingId!: string;
  @Column('integer') revision!: number;
  @Column('text') title!: string;
  @Column('text') summary!: string;
  @Column('text') body!: string;
  @Column({ name: 'body_encrypted', type: 'boolean' }) bodyEncrypted!: boolean;
  @Column('text') tlp!: Tlp;
  @Column({ name: 'edited_by', type: 'uuid', nullable: true }) editedBy!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
}

@Entity({ name: 'briefing_share_requests' })
export class ShareRequestEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'briefing_id', type: 'uuid' }) briefingId!: string;
  @Column({ name: 'requested_by', type: 'uuid' }) requestedBy!: string;
  @Column({ name: 'requesting_organisation_id', type: 'uuid' }) requestingOrganisationId!: string;
  @Column({ name: 'organisation_ids', type: 'uuid', array: true }) organisationIds!: string[];
  @Column({ name: 'new_tlp', type: 'text', nullable: true }) newTlp!: Tlp | null;
  @Column('text') reason!: string;
  @Column('text') status!: 'PENDING' | 'APPROVED' | 'DECLINED';
  @Column({ name: 'decided_by', type: 'uuid', nullable: true }) decidedBy!: string | null;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt!: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
}

@Entity({ name: 'briefing_attachments' })
export class AttachmentEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'briefing_id', type: 'uuid' }) briefingId!: string;
  @Column('text') filename!: string;
  @Column({ name: 'content_type', type: 'text' }) contentType!: string;
  @Column({ name: 'size_bytes', type: 'integer' }) sizeBytes!: number;
  /** Of the bytes as stored (ciphertext when `encrypted`), never of the file itself. */
  @Column({ type: 'bytea' }) sha256!: Buffer;
  @Column('text') storage!: 'database' | 'folder';
  /** FieldCipher ciphertext (AAD = briefing_attachments/data/<id>) in either storage; false only for rows written before. */
  @Column({ type: 'boolean' }) encrypted!: boolean;
  @Column({ type: 'bytea', nullable: true, select: false }) data!: Buffer | null;
  @Column({ name: 'uploaded_by', type: 'uuid', nullable: true }) uploadedBy!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
}

export const briefingEntities = [BriefingEntity, BriefingGrantEntity, BriefingRevisionEntity, ShareRequestEntity, AttachmentEntity];
