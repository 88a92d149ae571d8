import { ArgsType, Field, GraphQLISODateTime, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsBoolean, IsDate, IsEnum, IsOptional, IsString, IsUUID, Length, Matches, MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageArgs } from '@sw/graphql';
import { ParticipantRoleEnum, SignatoryOrderEnum, StatementExportFormatEnum, StatementStatusEnum } from './statement.model.js';

const LANGUAGE = /^[a-z]{2}$/;
const LANGUAGE_MESSAGE = { message: 'must be a two-letter language code such as en or tr' };
const ID_MESSAGE = { message: 'must be an id' };
const IDS_MESSAGE = { each: true, message: 'must hold ids only' };
/** Longest text of one language, in characters. */
export const TEXT_MAX_CHARS = 50_000;

@InputType()
export class StatementTextInput {
  @Field() @Matches(LANGUAGE, LANGUAGE_MESSAGE) language!: string;
  @Field({ description: 'Markdown.' }) @IsString() @MaxLength(TEXT_MAX_CHARS) body!: string;
}

@InputType()
export class CreateStatementInput {
  @Field() @IsString() @Length(1, 300) title!: string;
  @Field() @Matches(LANGUAGE, LANGUAGE_MESSAGE) referenceLanguage!: string;
  @Field(() => [StatementTextInput], { description: 'One text per language; the reference language must be among them.' })
  @ArrayMinSize(1) @ArrayMaxSize(5) @ValidateNested({ each: true }) @Type(() => StatementTextInput)
  texts!: StatementTextInput[];
  @Field(() => ID, { description: 'The organisation you act for; it becomes a lead.' }) @IsUUID('all', ID_MESSAGE) leadOrganisationId!: string;
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(20) @ArrayUnique() @IsUUID('all', IDS_MESSAGE) coLeadOrganisationIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(50) @ArrayUnique() @IsUUID('all', IDS_MESSAGE) draftingOrganisationIds?: string[] | null;
  @Field(() => [ID], { nullable: true, description: 'Organisations invited to sign; they see the text once it is open for signature.' })
  @IsOptional() @ArrayMaxSize(200) @ArrayUnique() @IsUUID('all', IDS_MESSAGE) invitedOrganisationIds?: string[] | null;
  @Field(() => [ID], { nullable: true, description: "Networks whose organisations (members and partners) are invited to sign." })
  @IsOptional() @ArrayMaxSize(10) @ArrayUnique() @IsUUID('all', IDS_MESSAGE) invitedNetworkIds?: string[] | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) @IsOptional() @Type(() => Date) @IsDate() deadline?: Date | null;
  @Field({ defaultValue: false }) @IsBoolean() allowIndividualSignatories: boolean = false;
  @Field(() => SignatoryOrderEnum, { defaultValue: SignatoryOrderEnum.ALPHABETICAL }) @IsEnum(SignatoryOrderEnum)
  signatoryOrder: SignatoryOrderEnum = SignatoryOrderEnum.ALPHABETICAL;
  @Field(() => ID, { nullable: true, description: 'Your id for this request (a UUID): a retry with the same id and input returns the first result.' })
  @IsOptional() @IsUUID('all', ID_MESSAGE) clientId?: string | null;
}

@InputType()
export class InviteToStatementInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) statementId!: string;
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(200) @ArrayUnique() @IsUUID('all', IDS_MESSAGE) organisationIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) @IsOptional() @ArrayMaxSize(10) @ArrayUnique() @IsUUID('all', IDS_MESSAGE) networkIds?: string[] | null;
  @Field(() => ParticipantRoleEnum, { defaultValue: ParticipantRoleEnum.INVITED }) @IsEnum(ParticipantRoleEnum)
  role: ParticipantRoleEnum = ParticipantRoleEnum.INVITED;
}

@InputType()
export class SaveRevisionInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) statementId!: string;
  @Field(() => ID, { description: 'The revision your text is based on; if another was saved since, the save is refused with CONFLICT.' })
  @IsUUID('all', ID_MESSAGE) baseRevisionId!: string;
  @Field(() => String, { nullable: true, description: "Unchanged when omitted." }) @IsOptional() @IsString() @Length(1, 300) title?: string | null;
  @Field(() => [StatementTextInput], { description: 'Languages left out keep their text.' })
  @ArrayMinSize(1) @ArrayMaxSize(5) @ValidateNested({ each: true }) @Type(() => StatementTextInput)
  texts!: StatementTextInput[];
  @Field(() => ID, { nullable: true, description: 'The organisation you act for, when you take part through several.' })
  @IsOptional() @IsUUID('all', ID_MESSAGE) organisationId?: string | null;
}

@InputType()
export class CommentInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) statementId!: string;
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) revisionId!: string;
  @Field() @IsString() @Length(1, 5000) body!: string;
  @Field(() => String, { nullable: true, description: 'A passage of the revision the comment is about.' })
  @IsOptional() @IsString() @Length(1, 2000) quote?: string | null;
  @Field(() => String, { nullable: true, description: 'The language of the quoted passage; the reference language by default.' })
  @IsOptional() @Matches(LANGUAGE, LANGUAGE_MESSAGE) language?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', ID_MESSAGE) organisationId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Your id for this request (a UUID): a retry with the same id and input returns the first result.' })
  @IsOptional() @IsUUID('all', ID_MESSAGE) clientId?: string | null;
}

@InputType()
export class SuggestEditInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) statementId!: string;
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) revisionId!: string;
  @Field() @Matches(LANGUAGE, LANGUAGE_MESSAGE) language!: string;
  @Field({ description: 'The passage to replace, exactly as it stands in the revision.' }) @IsString() @Length(1, 5000) quote!: string;
  @Field() @IsString() @MaxLength(20_000) replacement!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(2000) note?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', ID_MESSAGE) organisationId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Your id for this request (a UUID): a retry with the same id and input returns the first result.' })
  @IsOptional() @IsUUID('all', ID_MESSAGE) clientId?: string | null;
}

@InputType()
export class PublishStatementInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) statementId!: string;
  @Field(() => ID, { description: 'The revision to publish: the current one, as you read it.' }) @IsUUID('all', ID_MESSAGE) revisionId!: string;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Publish at this time instead of now; until then only the signatories see it.' })
  @IsOptional() @Type(() => Date) @IsDate() embargoUntil?: Date | null;
}

@InputType()
export class SignStatementInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) statementId!: string;
  @Field(() => ID, { description: 'The organisation you sign for.' }) @IsUUID('all', ID_MESSAGE) organisationId!: string;
  @Field(() => ID, { description: 'The revision you read and approve: it must be the current one.' }) @IsUUID('all', ID_MESSAGE) revisionId!: string;
}

@InputType()
export class DeclineStatementInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) statementId!: string;
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) organisationId!: string;
  @Field(() => String, { nullable: true, description: 'Shown to the lead organisations only.' }) @IsOptional() @IsString() @MaxLength(2000) reason?: string | null;
}

@InputType()
export class SetSignersInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) statementId!: string;
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) organisationId!: string;
  @Field(() => [ID], { description: 'Members who may sign for the organisation besides its admins (replaces the list).' })
  @ArrayMaxSize(20) @ArrayUnique() @IsUUID('all', IDS_MESSAGE) userIds!: string[];
}

@ArgsType()
export class StatementIdArgs {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) statementId!: string;
}

@ArgsType()
export class IdArgs {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) id!: string;
}

@ArgsType()
export class AcceptSuggestionArgs extends IdArgs {
  @Field(() => ID, { nullable: true, description: 'The lead organisation you act for, when you are in several.' })
  @IsOptional() @IsUUID('all', ID_MESSAGE) organisationId?: string | null;
}

@ArgsType()
export class StatementOrganisationArgs {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) statementId!: string;
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) organisationId!: string;
}

@ArgsType()
export class OpenStatementArgs {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) statementId!: string;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Sign-on deadline, if not set yet or to change it.' })
  @IsOptional() @Type(() => Date) @IsDate() deadline?: Date | null;
}

@ArgsType()
export class DeadlineArgs {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) statementId!: string;
  @Field(() => GraphQLISODateTime) @Type(() => Date) @IsDate() deadline!: Date;
}

@ArgsType()
export class ResolveCommentArgs {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) id!: string;
  @Field() @IsBoolean() resolved!: boolean;
}

@ArgsType()
export class IndividualSignatureArgs {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) statementId!: string;
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) organisationId!: string;
  @Field(() => ID, { description: 'The revision you read: it must be the current one.' }) @IsUUID('all', ID_MESSAGE) revisionId!: string;
}

@ArgsType()
export class StatementsArgs extends PageArgs {
  @Field(() => StatementStatusEnum, { nullable: true }) @IsOptional() @IsEnum(StatementStatusEnum) status?: StatementStatusEnum | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Only statements open for signature on which one of your organisations still has to decide: invited, reviewing, or asked to reconfirm a changed text.',
  })
  @IsOptional() @IsBoolean() awaitingMyOrganisation?: boolean | null;
}

@ArgsType()
export class DiffArgs {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) statementId!: string;
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) fromRevisionId!: string;
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) toRevisionId!: string;
}

@ArgsType()
export class ExportArgs {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) statementId!: string;
  @Field(() => StatementExportFormatEnum) @IsEnum(StatementExportFormatEnum) format!: StatementExportFormatEnum;
  @Field(() => String, { nullable: true, description: 'The reference language by default.' }) @IsOptional() @Matches(LANGUAGE, LANGUAGE_MESSAGE) language?: string | null;
}
