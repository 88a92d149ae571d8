import { ArgsType, Field, GraphQLISODateTime, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsBoolean, IsDate, IsEmail, IsEnum, IsInt, IsOptional, IsString, IsUrl, IsUUID, Length, Matches, Max, MaxLength, Min,
  ValidateNested,
} from 'class-validator';
import { PageArgs } from '@sw/graphql';
import {
  AdmissionEnum, DownloadKindEnum, LetterFormatEnum, ParticipantRoleEnum, ParticipantStateEnum, SessionPersonRoleEnum,
  WorkshopFormatEnum, WorkshopStatusEnum,
} from './workshop.model.js';

const ID_MESSAGE = { message: 'must be an id' };
const LANGUAGE = /^[a-z]{2}$/;
const COUNTRY = /^[A-Z]{2}$/;

/** Shared by create and update; on update every field is optional and only the given ones change. */
@InputType()
export class WorkshopFieldsInput {
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 200, { message: 'must be 1 to 200 characters' }) title?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(20000, { message: 'must be at most 20000 characters' }) description?: string;
  @Field(() => WorkshopFormatEnum, { nullable: true }) @IsOptional() @IsEnum(WorkshopFormatEnum, { message: 'must be IN_PERSON, ONLINE or HYBRID' }) format?: WorkshopFormatEnum;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(500, { message: 'must be at most 500 characters' }) venue?: string | null;
  @Field(() => String, { nullable: true })
  @IsOptional() @IsUrl({ protocols: ['https'], require_protocol: true }, { message: 'must be an https URL' }) @MaxLength(2000) onlineUrl?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(100, { message: 'must be at most 100 characters' }) city?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(COUNTRY, { message: 'must be an ISO 3166-1 alpha-2 code such as TR' }) country?: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) @IsOptional() @Type(() => Date) @IsDate({ message: 'must be a date and time' }) startsAt?: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) @IsOptional() @Type(() => Date) @IsDate({ message: 'must be a date and time' }) endsAt?: Date;
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 64) timeZone?: string;
  @Field(() => GraphQLISODateTime, { nullable: true })
  @IsOptional() @Type(() => Date) @IsDate({ message: 'must be a date and time' }) registrationDeadline?: Date | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1, { message: 'must be at least 1' }) @Max(10000, { message: 'must be at most 10000' }) capacity?: number;
  @Field(() => [String], { nullable: true })
  @IsOptional() @ArrayMaxSize(20) @Matches(LANGUAGE, { each: true, message: 'must be ISO 639-1 codes such as en, tr' }) languages?: string[];
  @Field(() => [String], { nullable: true })
  @IsOptional() @ArrayMaxSize(20) @Matches(LANGUAGE, { each: true, message: 'must be ISO 639-1 codes such as en, tr' }) interpretation?: string[];
  @Field(() => AdmissionEnum, { nullable: true }) @IsOptional() @IsEnum(AdmissionEnum) admission?: AdmissionEnum;
}

@InputType()
export class CreateWorkshopInput extends WorkshopFieldsInput {
  @Field(() => ID, { description: 'The organising organisation; you must be one of its admins.' }) @IsUUID('all', ID_MESSAGE) organisationId!: string;
}

@InputType()
export class UpdateWorkshopInput extends WorkshopFieldsInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) id!: string;
}

@ArgsType()
export class WorkshopIdArgs {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) workshopId!: string;
}

@ArgsType()
export class IdArgs {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) id!: string;
}

@ArgsType()
export class WorkshopsArgs extends PageArgs {
  @Field(() => WorkshopStatusEnum, { nullable: true }) @IsOptional() @IsEnum(WorkshopStatusEnum) status?: WorkshopStatusEnum | null;
  @Field(() => Boolean, { nullable: true, description: 'Only workshops still to come (not yet ended, neither held nor cancelled), the soonest first.' })
  @IsOptional() @IsBoolean() upcoming?: boolean | null;
}

@ArgsType()
export class WorkshopPageArgs extends PageArgs {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) workshopId!: string;
}

@ArgsType()
export class TasksArgs extends WorkshopPageArgs {
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() done?: boolean | null;
}

@ArgsType()
export class NestedParticipantsArgs extends PageArgs {
  @Field(() => ParticipantStateEnum, { nullable: true }) @IsOptional() @IsEnum(ParticipantStateEnum) state?: ParticipantStateEnum | null;
}

@ArgsType()
export class ParticipantsArgs extends WorkshopPageArgs {
  @Field(() => ParticipantStateEnum, { nullable: true }) @IsOptional() @IsEnum(ParticipantStateEnum) state?: ParticipantStateEnum | null;
}

@ArgsType()
export class SetStatusArgs {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) id!: string;
  @Field(() => WorkshopStatusEnum) @IsEnum(WorkshopStatusEnum) status!: WorkshopStatusEnum;
}

@InputType()
export class SetAudienceInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) workshopId!: string;
  @Field(() => [ID]) @ArrayMaxSize(100) @IsUUID('all', { each: true, message: 'must be ids' }) organisationIds!: string[];
  @Field(() => [ID]) @ArrayMaxSize(20) @IsUUID('all', { each: true, message: 'must be ids' }) networkIds!: string[];
}

@ArgsType()
export class OrganiserArgs {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) workshopId!: string;
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) userId!: string;
  @Field(() => ID, { nullable: true, description: 'The organisation they organise through; required when adding.' })
  @IsOptional() @IsUUID('all', ID_MESSAGE) organisationId?: string | null;
}

@InputType()
export class InviteInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) workshopId!: string;
  @Field(() => ID, { nullable: true, description: 'A user of the platform; or give email.' }) @IsOptional() @IsUUID('all', ID_MESSAGE) userId?: string | null;
  @Field(() => String, { nullable: true, description: 'Someone outside: they redeem the token signed in with this address.' })
  @IsOptional() @IsEmail({}, { message: 'must be a valid email address' }) @MaxLength(254) email?: string | null;
  @Field(() => ParticipantRoleEnum, { nullable: true }) @IsOptional() @IsEnum(ParticipantRoleEnum) role?: ParticipantRoleEnum | null;
}

@InputType()
export class ProtectedDataInput {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200, { message: 'must be at most 200 characters' }) legalName?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(2000, { message: 'must be at most 2000 characters' }) travelNeeds?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(2000, { message: 'must be at most 2000 characters' }) visaSupportNeeds?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(100, { message: 'must be at most 100 characters' }) passportNationality?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(2000, { message: 'must be at most 2000 characters' }) dietaryNeeds?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(2000, { message: 'must be at most 2000 characters' }) accessibilityNeeds?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(/^\+?[0-9 ()-]{5,30}$/, { message: 'must be a phone number' }) phone?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(500, { message: 'must be at most 500 characters' }) emergencyContact?: string | null;
}

@InputType()
export class RegisterInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) workshopId!: string;
  @Field(() => ID, { nullable: true, description: 'Attending for this organisation (one of yours).' }) @IsOptional() @IsUUID('all', ID_MESSAGE) organisationId?: string | null;
  @Field(() => ID, { nullable: true, description: 'An admin registers a member of organisationId as its delegate.' })
  @IsOptional() @IsUUID('all', ID_MESSAGE) delegateUserId?: string | null;
  @Field({ nullable: true, defaultValue: false }) @IsOptional() @IsBoolean() shareIdentity?: boolean;
  @Field(() => ProtectedDataInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => ProtectedDataInput) protectedData?: ProtectedDataInput | null;
}

@InputType()
export class UpdateParticipationInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) participantId!: string;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() shareIdentity?: boolean;
  @Field(() => ProtectedDataInput, { nullable: true, description: 'Only the fields given change; null clears one.' })
  @IsOptional() @ValidateNested() @Type(() => ProtectedDataInput) protectedData?: ProtectedDataInput | null;
}

@ArgsType()
export class TokenArgs {
  @Field() @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'is not an invitation token' }) token!: string;
}

@ArgsType()
export class RespondArgs {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) participantId!: string;
  @Field() @IsBoolean() accept!: boolean;
}

@ArgsType()
export class DecideArgs {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) participantId!: string;
  @Field() @IsBoolean() approve!: boolean;
}

@ArgsType()
export class ParticipantIdArgs {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) participantId!: string;
}

@ArgsType()
export class SetRoleArgs {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) participantId!: string;
  @Field(() => ParticipantRoleEnum) @IsEnum(ParticipantRoleEnum) role!: ParticipantRoleEnum;
}

@InputType()
export class SessionPersonInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) participantId!: string;
  @Field(() => SessionPersonRoleEnum) @IsEnum(SessionPersonRoleEnum) role!: SessionPersonRoleEnum;
}

@InputType()
export class AgendaSessionInput {
  @Field(() => ID, { nullable: true, description: 'Set to change an existing session; omit to add one.' }) @IsOptional() @IsUUID('all', ID_MESSAGE) id?: string | null;
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) workshopId!: string;
  @Field() @IsString() @Length(1, 200, { message: 'must be 1 to 200 characters' }) title!: string;
  @Field({ nullable: true, defaultValue: '' }) @IsOptional() @IsString() @MaxLength(10000) description?: string;
  @Field({ nullable: true, defaultValue: '' }) @IsOptional() @IsString() @MaxLength(100, { message: 'must be at most 100 characters' }) track?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(100) room?: string | null;
  @Field(() => GraphQLISODateTime) @Type(() => Date) @IsDate({ message: 'must be a date and time' }) startsAt!: Date;
  @Field(() => GraphQLISODateTime) @Type(() => Date) @IsDate({ message: 'must be a date and time' }) endsAt!: Date;
  @Field(() => [SessionPersonInput], { nullable: true, defaultValue: [] })
  @IsOptional() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => SessionPersonInput) people?: SessionPersonInput[];
}

@InputType()
export class TaskInput {
  @Field(() => ID, { nullable: true, description: 'Set to change an existing task; omit to add one.' }) @IsOptional() @IsUUID('all', ID_MESSAGE) id?: string | null;
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) workshopId!: string;
  @Field() @IsString() @Length(1, 200, { message: 'must be 1 to 200 characters' }) title!: string;
  @Field(() => ID, { nullable: true, description: 'One of the organisers.' }) @IsOptional() @IsUUID('all', ID_MESSAGE) assigneeUserId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' }) dueOn?: string | null;
  @Field({ nullable: true, defaultValue: false }) @IsOptional() @IsBoolean() done?: boolean;
}

@InputType()
export class LetterTemplateInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) workshopId!: string;
  @Field() @Matches(LANGUAGE, { message: 'must be an ISO 639-1 code such as en, tr' }) language!: string;
  @Field({ description: 'Text with {{participantName}}, {{nationality}}, {{workshopTitle}}, {{startDate}}, {{endDate}}, {{venue}}, {{city}}, {{country}}, {{organiser}}.' })
  @IsString() @Length(1, 20000, { message: 'must be 1 to 20000 characters' }) body!: string;
}

@InputType()
export class DownloadInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) workshopId!: string;
  @Field(() => DownloadKindEnum) @IsEnum(DownloadKindEnum) kind!: DownloadKindEnum;
  @Field(() => ID, { nullable: true, description: 'For a visa letter.' }) @IsOptional() @IsUUID('all', ID_MESSAGE) participantId?: string | null;
  @Field(() => String, { nullable: true, description: 'For a visa letter: one of the template languages.' })
  @IsOptional() @Matches(LANGUAGE, { message: 'must be an ISO 639-1 code such as en, tr' }) language?: string | null;
  @Field(() => LetterFormatEnum, { nullable: true }) @IsOptional() @IsEnum(LetterFormatEnum) format?: LetterFormatEnum | null;
  @Field({ description: 'Your password again: exports need a recent re-authentication.' }) @IsString() @Length(1, 256, { message: 'is required' }) password!: string;
}
