import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ParticipantRole, SignOnStatus, SignatoryOrder, StatementStatus, SuggestionStatus } from './statement-state.js';

/** Language code → body (Markdown as written). */
export type StatementTexts = Record<string, string>;

@Entity({ name: 'statements' })
export class StatementEntity {
  @PrimaryColumn('uuid') id!: string;
  /** The current revision's title, kept here for lists. */
  @Column('text') title!: string;
  @Column('text') status!: StatementStatus;
  @Column({ name: 'reference_language', type: 'text' }) referenceLanguage!: string;
  @Column({ type: 'text', array: true }) languages!: string[];
  @Column({ type: 'timestamptz', nullable: true }) deadline!: Date | null;
  @Column({ name: 'allow_individual_signatories', type: 'boolean' }) allowIndividualSignatories!: boolean;
  @Column({ name: 'signatory_order', type: 'text' }) signatoryOrder!: SignatoryOrder;
  @Column({ name: 'current_revision_id', type: 'uuid' }) currentRevisionId!: string;
  /** The current revision's number; a save names the one it was based on. */
  @Column('int') version!: number;
  /** The revision that was current when invited organisations first saw the text. */
  @Column({ name: 'opened_revision_number', type: 'int', nullable: true }) openedRevisionNumber!: number | null;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy!: string | null;
  @Column({ name: 'opened_at', type: 'timestamptz', nullable: true }) openedAt!: Date | null;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt!: Date | null;
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt!: Date | null;
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true }) withdrawnAt!: Date | null;
  @Column({ name: 'embargo_until', type: 'timestamptz', nullable: true }) embargoUntil!: Date | null;
  @Column({ name: 'publication_revision_id', type: 'uuid', nullable: true }) publicationRevisionId!: string | null;
  @Column({ name: 'deadline_reminded_at', type: 'timestamptz', nullable: true }) deadlineRemindedAt!: Date | null;
  @Column({ name: 'client_id', type: 'uuid', nullable: true }) clientId!: string | null;
  @Column({ name: 'client_digest', type: 'text', nullable: true }) clientDigest!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz', insert: false }) updatedAt!: Date;
}

@Entity({ name: 'statement_revisions' })
export class StatementRevisionEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'statement_id', type: 'uuid' }) statementId!: string;
  @Column('int') number!: number;
  @Column('text') title!: string;
  @Column('jsonb') texts!: StatementTexts;
  /** sha256 (hex) of the canonical title and texts: what a signature is bound to. */
  @Column({ name: 'content_hash', type: 'text' }) contentHash!: string;
  @Column({ name: 'author_user_id', type: 'uuid', nullable: true }) authorUserId!: string | null;
  @Column({ name: 'author_organisation_id', type: 'uuid', nullable: true }) authorOrganisationId!: string | null;
  @Column({ name: 'suggestion_id', type: 'uuid', nullable: true }) suggestionId!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
}

/** An organisation taking part in a statement, and where its own sign-on stands. */
@Entity({ name: 'statement_organisations' })
export class StatementOrganisationEntity {
  @PrimaryColumn({ name: 'statement_id', type: 'uuid' }) statementId!: string;
  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' }) organisationId!: string;
  @Column('text') role!: ParticipantRole;
  @Column({ name: 'via_network_id', type: 'uuid', nullable: true }) viaNetworkId!: string | null;
  @Column({ name: 'sign_on_status', type: 'text' }) signOnStatus!: SignOnStatus;
  @Column({ name: 'signed_revision_id', type: 'uuid', nullable: true }) signedRevisionId!: string | null;
  @Column({ name: 'signed_content_hash', type: 'text', nullable: true }) signedContentHash!: string | null;
  @Column({ name: 'signed_by', type: 'uuid', nullable: true }) signedBy!: string | null;
  @Column({ name: 'signed_at', type: 'timestamptz', nullable: true }) signedAt!: Date | null;
  /** Shown to the leads (and the organisation itself) only. */
  @Column({ name: 'decline_reason', type: 'text', nullable: true }) declineReason!: string | null;
  @Column({ name: 'status_changed_at', type: 'timestamptz', insert: false }) statusChangedAt!: Date;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
}

/** A person an organisation named as allowed to sign this statement for it (besides its admins). */
@Entity({ name: 'statement_signers' })
export class StatementSignerEntity {
  @PrimaryColumn({ name: 'statement_id', type: 'uuid' }) statementId!: string;
  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' }) organisationId!: string;
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId!: string;
  @Column({ name: 'named_by', type: 'uuid', nullable: true }) namedBy!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
}

/** A person's name under their organisation's signature, bound to the revision they read. */
@Entity({ name: 'statement_individual_signatures' })
export class IndividualSignatureEntity {
  @PrimaryColumn({ name: 'statement_id', type: 'uuid' }) statementId!: string;
  @PrimaryColumn({ name: 'organisation_id', type: 'uuid' }) organisationId!: string;
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId!: string;
  @Column({ name: 'revision_id', type: 'uuid' }) revisionId!: string;
  @Column({ name: 'content_hash', type: 'text' }) contentHash!: string;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
}

@Entity({ name: 'statement_comments' })
export class StatementCommentEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'statement_id', type: 'uuid' }) statementId!: string;
  @Column({ name: 'revision_id', type: 'uuid' }) revisionId!: string;
  @Column({ name: 'organisation_id', type: 'uuid', nullable: true }) organisationId!: string | null;
  @Column({ name: 'author_user_id', type: 'uuid', nullable: true }) authorUserId!: string | null;
  @Column({ type: 'text', nullable: true }) language!: string | null;
  @Column({ type: 'text', nullable: true }) quote!: string | null;
  @Column('text') body!: string;
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true }) resolvedAt!: Date | null;
  @Column({ name: 'resolved_by', type: 'uuid', nullable: true }) resolvedBy!: string | null;
  @Column({ name: 'client_id', type: 'uuid', nullable: true }) clientId!: string | null;
  @Column({ name: 'client_digest', type: 'text', nullable: true }) clientDigest!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
}

@Entity({ name: 'statement_suggestions' })
export class StatementSuggestionEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'statement_id', type: 'uuid' }) statementId!: string;
  @Column({ name: 'revision_id', type: 'uuid' }) revisionId!: string;
  @Column({ name: 'organisation_id', type: 'uuid', nullable: true }) organisationId!: string | null;
  @Column({ name: 'author_user_id', type: 'uuid', nullable: true }) authorUserId!: string | null;
  @Column('text') language!: string;
  @Column('text') quote!: string;
  @Column('text') replacement!: string;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column('text') status!: SuggestionStatus;
  @Column({ name: 'decided_by', type: 'uuid', nullable: true }) decidedBy!: string | null;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt!: Date | null;
  @Column({ name: 'applied_revision_id', type: 'uuid', nullable: true }) appliedRevisionId!: string | null;
  @Column({ name: 'client_id', type: 'uuid', nullable: true }) clientId!: string | null;
  @Column({ name: 'client_digest', type: 'text', nullable: true }) clientDigest!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false }) createdAt!: Date;
}

export const statementEntities = [
  StatementEntity,
  StatementRevisionEntity,
  StatementOrganisationEntity,
  StatementSignerEntity,
  IndividualSignatureEntity,
  StatementCommentEntity,
  StatementSuggestionEntity,
];
