import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '@sw/graphql';

export enum OrganisationRoleEnum {
  ADMIN = 'ADMIN',
  MEMBER = 'MEMBER',
}
export enum NetworkStandingEnum {
  MEMBER = 'MEMBER',
  PARTNER = 'PARTNER',
}
export enum LocaleEnum {
  en = 'en',
  tr = 'tr',
}
registerEnumType(OrganisationRoleEnum, { name: 'OrganisationRole' });
registerEnumType(NetworkStandingEnum, { name: 'NetworkStanding' });
registerEnumType(LocaleEnum, { name: 'Locale' });

@ObjectType('Organisation')
export class OrganisationModel {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() slug!: string;
  @Field({ description: 'Members must use two-factor authentication for the organisation to grant them anything.' })
  requiresTwoFactor!: boolean;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

@ObjectType('Network')
export class NetworkModel {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() slug!: string;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

@ObjectType('NetworkOrganisation', { description: "An organisation's standing in a network." })
export class NetworkOrganisationModel {
  @Field(() => ID) networkId!: string;
  @Field(() => ID) organisationId!: string;
  @Field(() => NetworkStandingEnum) standing!: NetworkStandingEnum;
}

@ObjectType('Person', { description: 'Another user as members of a shared organisation see them.' })
export class PersonModel {
  @Field(() => ID) id!: string;
  @Field() displayName!: string;
}

@ObjectType('Membership')
export class MembershipModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) userId!: string;
  @Field(() => ID) organisationId!: string;
  @Field(() => OrganisationRoleEnum) role!: OrganisationRoleEnum;
  @Field() suspended!: boolean;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

@ObjectType('Viewer', { description: 'The signed-in user.' })
export class ViewerModel {
  @Field(() => ID) id!: string;
  @Field() email!: string;
  @Field() displayName!: string;
  @Field(() => LocaleEnum) locale!: LocaleEnum;
  @Field() isOperator!: boolean;
  @Field() twoFactorEnabled!: boolean;
  @Field(() => [MembershipModel]) memberships!: MembershipModel[];
  @Field(() => [ID], { description: 'Organisations that require a second factor you have not set up; they grant nothing until you do.' })
  organisationsRequiringTwoFactor!: string[];
}

@ObjectType('Session')
export class SessionModel {
  @Field(() => ID) id!: string;
  @Field({ description: 'A coarse name such as "Firefox on Android".' }) clientLabel!: string;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime, { description: 'Accurate to about a minute.' }) lastSeenAt!: Date;
  @Field(() => GraphQLISODateTime) expiresAt!: Date;
  @Field({ description: 'The session this request was made with.' }) current!: boolean;
}

@ObjectType('Invitation')
export class InvitationModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) organisationId!: string;
  @Field() email!: string;
  @Field(() => OrganisationRoleEnum) role!: OrganisationRoleEnum;
  @Field(() => GraphQLISODateTime) expiresAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) acceptedAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) revokedAt!: Date | null;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

@ObjectType('SignInPayload')
export class SignInPayload {
  @Field({ description: 'The session token, shown once. Browsers also receive it as an httpOnly cookie.' })
  token!: string;
  @Field(() => SessionModel) session!: SessionModel;
  @Field(() => ViewerModel) viewer!: ViewerModel;
}

@ObjectType('InvitationIssued')
export class InvitationIssuedModel {
  @Field(() => InvitationModel) invitation!: InvitationModel;
  @Field({ description: 'Shown once: share it with the invitee out of band. Only its digest is stored.' })
  token!: string;
}

@ObjectType('TotpEnrollment')
export class TotpEnrollmentModel {
  @Field({ description: 'Base32 secret for the authenticator app; shown once.' }) secret!: string;
  @Field() otpauthUri!: string;
}

@ObjectType('RecoveryCodes')
export class RecoveryCodesModel {
  @Field(() => [String], { description: 'Each works once; shown only now.' }) codes!: string[];
}

export const OrganisationConnection = Connection(OrganisationModel, 'Organisation');
export const NetworkConnection = Connection(NetworkModel, 'Network');
export const NetworkOrganisationConnection = Connection(NetworkOrganisationModel, 'NetworkOrganisation');
export const MembershipConnection = Connection(MembershipModel, 'Membership');
export const SessionConnection = Connection(SessionModel, 'Session');
export const InvitationConnection = Connection(InvitationModel, 'Invitation');
