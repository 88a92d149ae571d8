import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsEmail, IsEnum, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, MinLength } from 'class-validator';
import { PageArgs } from '@sw/graphql';
import { LocaleEnum, NetworkStandingEnum, OrganisationRoleEnum } from './identity.model.js';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

@InputType()
export class SignInInput {
  @Field() @IsEmail({}, { message: 'must be a valid email address' }) @MaxLength(254) email!: string;
  // Length is checked when a password is set; here only a sanity bound, so the hash is never fed megabytes.
  @Field() @IsString() @MinLength(1, { message: 'is required' }) @MaxLength(256) password!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(/^\d{6}$/, { message: 'must be 6 digits' }) totpCode?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(32) recoveryCode?: string | null;
}

@InputType()
export class AcceptInvitationInput {
  @Field() @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'is not an invitation token' }) token!: string;
  @Field() @IsString() @MaxLength(1024) password!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @Length(1, 100) displayName?: string | null;
  @Field(() => LocaleEnum, { nullable: true }) @IsOptional() @IsEnum(LocaleEnum, { message: 'must be en or tr' }) locale?: LocaleEnum | null;
}

@InputType()
export class ChangePasswordInput {
  @Field() @IsString() @MaxLength(256) currentPassword!: string;
  @Field() @IsString() @MaxLength(1024) newPassword!: string;
}

@InputType()
export class CreateInvitationInput {
  @Field(() => ID) @IsUUID('all', { message: 'must be an id' }) organisationId!: string;
  @Field() @IsEmail({}, { message: 'must be a valid email address' }) @MaxLength(254) email!: string;
  @Field(() => OrganisationRoleEnum) @IsEnum(OrganisationRoleEnum) role!: OrganisationRoleEnum;
}

@InputType()
export class CreateOrganisationInput {
  @Field() @IsString() @Length(1, 200) name!: string;
  @Field() @Matches(SLUG, { message: 'must be lower-case letters and digits separated by hyphens' }) @MaxLength(60) slug!: string;
}

@InputType()
export class SetStandingInput {
  @Field(() => ID) @IsUUID('all', { message: 'must be an id' }) networkId!: string;
  @Field(() => ID) @IsUUID('all', { message: 'must be an id' }) organisationId!: string;
  @Field(() => NetworkStandingEnum, { nullable: true, description: 'null removes the organisation from the network' })
  @IsOptional() @IsEnum(NetworkStandingEnum) standing?: NetworkStandingEnum | null;
}

@ArgsType()
export class IdArgs {
  @Field(() => ID) @IsUUID('all', { message: 'must be an id' }) id!: string;
}

@ArgsType()
export class OrganisationPageArgs extends PageArgs {
  @Field(() => ID) @IsUUID('all', { message: 'must be an id' }) organisationId!: string;
}

@ArgsType()
export class NetworkPageArgs extends PageArgs {
  @Field(() => ID) @IsUUID('all', { message: 'must be an id' }) networkId!: string;
}

@ArgsType()
export class CoordinatorArgs {
  @Field(() => ID) @IsUUID('all', { message: 'must be an id' }) networkId!: string;
  @Field(() => ID) @IsUUID('all', { message: 'must be an id' }) userId!: string;
  @Field() @IsBoolean() appointed!: boolean;
}

@ArgsType()
export class SetRoleArgs {
  @Field(() => ID) @IsUUID('all', { message: 'must be an id' }) membershipId!: string;
  @Field(() => OrganisationRoleEnum) @IsEnum(OrganisationRoleEnum) role!: OrganisationRoleEnum;
}

@ArgsType()
export class SuspendArgs {
  @Field(() => ID) @IsUUID('all', { message: 'must be an id' }) id!: string;
  @Field() @IsBoolean() suspended!: boolean;
}

@ArgsType()
export class TwoFactorPolicyArgs {
  @Field(() => ID) @IsUUID('all', { message: 'must be an id' }) organisationId!: string;
  @Field() @IsBoolean() required!: boolean;
}

@ArgsType()
export class PasswordArgs {
  @Field() @IsString() @MaxLength(256) password!: string;
}

@ArgsType()
export class TotpCodeArgs {
  @Field() @Matches(/^\d{6}$/, { message: 'must be 6 digits' }) code!: string;
}

@ArgsType()
export class LocaleArgs {
  @Field(() => LocaleEnum) @IsEnum(LocaleEnum, { message: 'must be en or tr' }) locale!: LocaleEnum;
}

@ArgsType()
export class DisableTotpArgs extends PasswordArgs {
  @Field() @Matches(/^\d{6}$/, { message: 'must be 6 digits' }) code!: string;
}
