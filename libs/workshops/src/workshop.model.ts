import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '@sw/graphql';
import type { WorkshopEntity } from './workshop.entity.js';

export enum WorkshopFormatEnum { IN_PERSON = 'IN_PERSON', ONLINE = 'ONLINE', HYBRID = 'HYBRID' }
export enum WorkshopStatusEnum { PLANNING = 'PLANNING', OPEN = 'OPEN', CLOSED = 'CLOSED', HELD = 'HELD', CANCELLED = 'CANCELLED' }
export enum AdmissionEnum { FIRST_COME = 'FIRST_COME', BY_APPLICATION = 'BY_APPLICATION' }
export enum ParticipantStateEnum {
  INVITED = 'INVITED', REGISTERED = 'REGISTERED', CONFIRMED = 'CONFIRMED', WAITLISTED = 'WAITLISTED',
  ATTENDED = 'ATTENDED', DECLINED = 'DECLINED', CANCELLED = 'CANCELLED',
}
export enum ParticipantRoleEnum { PARTICIPANT = 'PARTICIPANT', SPEAKER = 'SPEAKER', FACILITATOR = 'FACILITATOR', ORGANISER = 'ORGANISER', INTERPRETER = 'INTERPRETER' }
export enum SessionPersonRoleEnum { SPEAKER = 'SPEAKER', FACILITATOR = 'FACILITATOR' }
export enum DownloadKindEnum { PARTICIPANTS_CSV = 'PARTICIPANTS_CSV', VISA_LETTER = 'VISA_LETTER' }
export enum LetterFormatEnum { HTML = 'HTML', PDF = 'PDF' }
registerEnumType(WorkshopFormatEnum, { name: 'WorkshopFormat' });
registerEnumType(WorkshopStatusEnum, { name: 'WorkshopStatus' });
registerEnumType(AdmissionEnum, { name: 'WorkshopAdmission', description: 'FIRST_COME confirms in application order up to capacity; BY_APPLICATION waits for an organiser.' });
registerEnumType(ParticipantStateEnum, { name: 'ParticipantState' });
registerEnumType(ParticipantRoleEnum, { name: 'ParticipantRole' });
registerEnumType(SessionPersonRoleEnum, { name: 'SessionPersonRole' });
registerEnumType(DownloadKindEnum, { name: 'WorkshopDownloadKind' });
registerEnumType(LetterFormatEnum, { name: 'LetterFormat' });

@ObjectType('WorkshopLocation', { description: 'Where it happens: only for organisers and seated (confirmed or attended) participants.' })
export class WorkshopLocationModel {
  @Field(() => String, { nullable: true }) venue!: string | null;
  @Field(() => String, { nullable: true }) onlineUrl!: string | null;
}

@ObjectType('Workshop')
export class WorkshopModel {
  @Field(() => ID) id!: string;
  @Field() title!: string;
  @Field({ description: 'Markdown as written.' }) description!: string;
  @Field({ description: 'The description rendered to sanitised HTML.' }) descriptionHtml!: string;
  @Field(() => WorkshopFormatEnum) format!: WorkshopFormatEnum;
  @Field(() => String, { nullable: true }) city!: string | null;
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2.' }) country!: string | null;
  @Field(() => GraphQLISODateTime) startsAt!: Date;
  @Field(() => GraphQLISODateTime) endsAt!: Date;
  @Field({ description: 'IANA time zone of the workshop, e.g. Europe/Istanbul.' }) timeZone!: string;
  @Field(() => GraphQLISODateTime, { nullable: true }) registrationDeadline!: Date | null;
  @Field(() => Int) capacity!: number;
  @Field(() => Int) confirmedCount!: number;
  @Field(() => [String]) languages!: string[];
  @Field(() => [String], { description: 'Languages interpretation is provided into.' }) interpretation!: string[];
  @Field(() => AdmissionEnum) admission!: AdmissionEnum;
  @Field(() => WorkshopStatusEnum) status!: WorkshopStatusEnum;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  /** Not a GraphQL field: the row, for the field resolvers (location is decrypted only after its rule). */
  source!: WorkshopEntity;
}

@ObjectType('WorkshopOrganiser')
export class OrganiserModel {
  @Field(() => ID) userId!: string;
  @Field(() => ID) organisationId!: string;
  @Field() displayName!: string;
}

@ObjectType('WorkshopAudience')
export class AudienceModel {
  @Field(() => [ID]) organisationIds!: string[];
  @Field(() => [ID]) networkIds!: string[];
}

@ObjectType('ParticipantProtectedData', { description: 'Readable by the workshop\'s organisers (every read is audited) and the participant.' })
export class ProtectedDataModel {
  @Field(() => String, { nullable: true, description: 'Name as in the passport, for visa letters.' }) legalName!: string | null;
  @Field(() => String, { nullable: true }) travelNeeds!: string | null;
  @Field(() => String, { nullable: true, description: 'Non-empty means a visa support letter is wanted.' }) visaSupportNeeds!: string | null;
  @Field(() => String, { nullable: true }) passportNationality!: string | null;
  @Field(() => String, { nullable: true }) dietaryNeeds!: string | null;
  @Field(() => String, { nullable: true }) accessibilityNeeds!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
  @Field(() => String, { nullable: true }) emergencyContact!: string | null;
}

@ObjectType('WorkshopParticipant')
export class ParticipantModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) workshopId!: string;
  @Field(() => ParticipantStateEnum) state!: ParticipantStateEnum;
  @Field(() => ParticipantRoleEnum) role!: ParticipantRoleEnum;
  @Field(() => String, { nullable: true, description: 'Shown to other participants only if they chose so.' }) displayName!: string | null;
  @Field(() => String, { nullable: true, description: 'The attending organisation, under the same rule as the name.' }) organisationName!: string | null;
  @Field(() => ID, { nullable: true, description: 'Organisers and the participant only.' }) userId!: string | null;
  @Field(() => String, { nullable: true, description: 'For invitations by e-mail; organisers only.' }) invitedEmail!: string | null;
  @Field(() => Int, { nullable: true, description: 'Application order (organisers and the participant).' }) position!: number | null;
  @Field(() => Boolean, { nullable: true, description: 'Whether other participants may see the name and organisation (organisers and the participant).' })
  shareIdentity!: boolean | null;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  /** Not a GraphQL field: whether the caller sees the organiser view of this row. */
  fullView!: boolean;
}

@ObjectType('InvitationToWorkshop')
export class WorkshopInvitationIssuedModel {
  @Field(() => ParticipantModel) participant!: ParticipantModel;
  @Field(() => String, { nullable: true, description: 'For an invitation by e-mail: shown once, share it out of band. Only its digest is stored.' })
  token!: string | null;
}

@ObjectType('AgendaSessionPerson')
export class SessionPersonModel {
  @Field(() => SessionPersonRoleEnum) role!: SessionPersonRoleEnum;
  @Field(() => ParticipantModel, { nullable: true, description: 'Null when you may not see this participant.' }) participant!: ParticipantModel | null;
  participantId!: string;
}

@ObjectType('AgendaSession')
export class AgendaSessionModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) workshopId!: string;
  @Field() title!: string;
  @Field() description!: string;
  @Field({ description: 'Room or track; sessions in one track never overlap.' }) track!: string;
  @Field(() => String, { nullable: true }) room!: string | null;
  @Field(() => GraphQLISODateTime) startsAt!: Date;
  @Field(() => GraphQLISODateTime) endsAt!: Date;
  @Field(() => [SessionPersonModel]) people!: SessionPersonModel[];
}

@ObjectType('WorkshopTask')
export class TaskModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) workshopId!: string;
  @Field() title!: string;
  @Field(() => ID, { nullable: true }) assigneeUserId!: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) dueOn!: string | null;
  @Field() done!: boolean;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

@ObjectType('LetterTemplate')
export class LetterTemplateModel {
  @Field() language!: string;
  @Field() body!: string;
  @Field({ description: 'The built-in text, used until organisers set their own.' }) builtIn!: boolean;
}

@ObjectType('DownloadLink', { description: 'Works once, for you only, for a few minutes.' })
export class DownloadLinkModel {
  @Field() url!: string;
  @Field(() => GraphQLISODateTime) expiresAt!: Date;
}

@ObjectType('CalendarFeed')
export class CalendarFeedModel {
  @Field({ description: 'Secret: anyone with it sees your workshop dates. Shown once; make a new one to revoke it.' }) url!: string;
}

export const WorkshopConnection = Connection(WorkshopModel, 'Workshop');
export const ParticipantConnection = Connection(ParticipantModel, 'WorkshopParticipant');
export const TaskConnection = Connection(TaskModel, 'WorkshopTask');
