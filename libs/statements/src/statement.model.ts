import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '@sw/graphql';
import type { StatementAccess } from './statement-access.js';

export enum StatementStatusEnum {
  DRAFTING = 'DRAFTING',
  OPEN_FOR_SIGNATURE = 'OPEN_FOR_SIGNATURE',
  CLOSED = 'CLOSED',
  PUBLISHED = 'PUBLISHED',
  WITHDRAWN = 'WITHDRAWN',
}
export enum ParticipantRoleEnum {
  LEAD = 'LEAD',
  DRAFTER = 'DRAFTER',
  INVITED = 'INVITED',
}
export enum SignOnStatusEnum {
  INVITED = 'INVITED',
  REVIEWING = 'REVIEWING',
  APPROVED = 'APPROVED',
  NEEDS_RECONFIRMATION = 'NEEDS_RECONFIRMATION',
  DECLINED = 'DECLINED',
  WITHDRAWN = 'WITHDRAWN',
}
export enum SignatoryOrderEnum {
  ALPHABETICAL = 'ALPHABETICAL',
  SIGNING_TIME = 'SIGNING_TIME',
}
export enum SuggestionStatusEnum {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
}
export enum DiffOpEnum {
  EQUAL = 'EQUAL',
  DELETE = 'DELETE',
  INSERT = 'INSERT',
}
export enum StatementExportFormatEnum {
  MARKDOWN = 'MARKDOWN',
  HTML = 'HTML',
}
export enum StatementTierEnum {
  drafter = 'drafter',
  participant = 'participant',
  reader = 'reader',
}
registerEnumType(StatementStatusEnum, { name: 'StatementStatus' });
registerEnumType(ParticipantRoleEnum, { name: 'StatementParticipantRole' });
registerEnumType(SignOnStatusEnum, { name: 'SignOnStatus', description: "An organisation's own sign-on process." });
registerEnumType(SignatoryOrderEnum, { name: 'SignatoryOrder' });
registerEnumType(SuggestionStatusEnum, { name: 'SuggestionStatus' });
registerEnumType(DiffOpEnum, { name: 'DiffOp' });
registerEnumType(StatementExportFormatEnum, { name: 'StatementExportFormat' });
registerEnumType(StatementTierEnum, { name: 'StatementTier', description: 'How much of a statement you see.' });

@ObjectType('StatementText')
export class StatementTextModel {
  @Field() language!: string;
  @Field({ description: 'Markdown as written.' }) body!: string;
}

@ObjectType('StatementRevision', { description: 'The title and every language text at one point; signatures bind to its content hash.' })
export class StatementRevisionModel {
  @Field(() => ID) id!: string;
  @Field(() => Int) number!: number;
  @Field() title!: string;
  @Field(() => [StatementTextModel]) texts!: StatementTextModel[];
  @Field({ description: 'sha256 (hex) of the title and texts.' }) contentHash!: string;
  @Field(() => ID, { nullable: true }) organisationId!: string | null;
  @Field(() => String, { nullable: true }) organisationName!: string | null;
  @Field(() => String, { nullable: true, description: 'The person who saved it; shown to lead and drafting organisations.' })
  authorName!: string | null;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

@ObjectType('StatementParticipant', { description: 'An organisation taking part in a statement and where its sign-on stands.' })
export class StatementParticipantModel {
  @Field(() => ID) organisationId!: string;
  @Field() organisationName!: string;
  @Field(() => ParticipantRoleEnum) role!: ParticipantRoleEnum;
  @Field(() => SignOnStatusEnum) signOnStatus!: SignOnStatusEnum;
  @Field(() => Int, { nullable: true, description: 'The revision its signature is bound to.' }) signedRevisionNumber!: number | null;
  @Field(() => String, { nullable: true }) signedContentHash!: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) signedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Shown to the lead organisations and the organisation itself only.' })
  declineReason!: string | null;
}

@ObjectType('StatementSignatory', { description: 'An organisation whose signature is confirmed on the published (or, before that, the current) revision.' })
export class StatementSignatoryModel {
  @Field(() => ID) organisationId!: string;
  @Field() organisationName!: string;
  @Field(() => GraphQLISODateTime) signedAt!: Date;
  @Field(() => [String], { description: 'People who added their names under the signature, on the same revision.' })
  individuals!: string[];
}

@ObjectType('StatementComment')
export class StatementCommentModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) revisionId!: string;
  @Field(() => ID, { nullable: true }) organisationId!: string | null;
  @Field(() => String, { nullable: true }) language!: string | null;
  @Field(() => String, { nullable: true, description: 'The passage the comment is about.' }) quote!: string | null;
  @Field() body!: string;
  @Field(() => String, { nullable: true, description: 'Shown to lead and drafting organisations.' }) authorName!: string | null;
  @Field() resolved!: boolean;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

@ObjectType('StatementSuggestion', { description: 'A proposed replacement of a passage; a lead accepts it (a new revision) or rejects it.' })
export class StatementSuggestionModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) revisionId!: string;
  @Field(() => ID, { nullable: true }) organisationId!: string | null;
  @Field() language!: string;
  @Field() quote!: string;
  @Field() replacement!: string;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => SuggestionStatusEnum) status!: SuggestionStatusEnum;
  @Field(() => ID, { nullable: true }) appliedRevisionId!: string | null;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

@ObjectType('StatementViewer', { description: 'What you may do with this statement.' })
export class StatementViewerModel {
  @Field(() => StatementTierEnum) tier!: StatementTierEnum;
  @Field({ description: 'You are in a lead organisation.' }) lead!: boolean;
  @Field() canRevise!: boolean;
  @Field() canComment!: boolean;
  @Field() canExport!: boolean;
  @Field(() => [ID], { description: 'Your organisations taking part.' }) organisationIds!: string[];
}

@ObjectType('Statement')
export class StatementModel {
  @Field(() => ID) id!: string;
  @Field() title!: string;
  @Field(() => StatementStatusEnum) status!: StatementStatusEnum;
  @Field() referenceLanguage!: string;
  @Field(() => [String]) languages!: string[];
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Sign-on deadline.' }) deadline!: Date | null;
  @Field() allowIndividualSignatories!: boolean;
  @Field(() => SignatoryOrderEnum) signatoryOrder!: SignatoryOrderEnum;
  @Field(() => Int, { description: 'The number of the current revision.' }) version!: number;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) openedAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) publishedAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Publication is scheduled for this time.' }) embargoUntil!: Date | null;
  @Field(() => StatementViewerModel) viewer!: StatementViewerModel;
  /** The caller's access, for the field resolvers; not part of the schema. */
  access!: StatementAccess;
}

@ObjectType('StatementDiffLine')
export class StatementDiffLineModel {
  @Field(() => DiffOpEnum) op!: DiffOpEnum;
  @Field() text!: string;
}

@ObjectType('StatementTextDiff', { description: 'A line diff of one language.' })
export class StatementTextDiffModel {
  @Field() language!: string;
  @Field(() => [StatementDiffLineModel]) lines!: StatementDiffLineModel[];
}

@ObjectType('StatementDiff', { description: 'A line diff of the title and of each language between two revisions.' })
export class StatementDiffModel {
  @Field(() => [StatementDiffLineModel]) title!: StatementDiffLineModel[];
  @Field(() => [StatementTextDiffModel]) texts!: StatementTextDiffModel[];
}

export const StatementConnection = Connection(StatementModel, 'Statement');
export const StatementRevisionConnection = Connection(StatementRevisionModel, 'StatementRevision');
export const StatementCommentConnection = Connection(StatementCommentModel, 'StatementComment');
export const StatementSuggestionConnection = Connection(StatementSuggestionModel, 'StatementSuggestion');
