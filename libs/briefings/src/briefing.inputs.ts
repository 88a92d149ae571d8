import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsBoolean, IsEmail, IsEnum, IsOptional, IsString, IsUUID, Length, MaxLength, MinLength, ValidateNested,
} from 'class-validator';
import { PageArgs } from '@sw/graphql';
import { BriefingLanguageEnum, BriefingStatusEnum, TlpEnum } from './briefing.model.js';

const ID_MESSAGE = { message: 'must be an id' };

@InputType()
export class NetworkAudienceInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) networkId!: string;
  @Field({ defaultValue: false, description: "Include the network's partner organisations (GREEN only)" }) @IsBoolean() includePartners: boolean = false;
}

@InputType()
export class AudienceInput {
  @Field(() => [ID], { defaultValue: [] }) @ArrayMaxSize(200) @IsUUID('all', { each: true, message: 'must be ids' }) userIds: string[] = [];
  @Field(() => [ID], { defaultValue: [] }) @ArrayMaxSize(200) @IsUUID('all', { each: true, message: 'must be ids' }) organisationIds: string[] = [];
  @Field(() => [NetworkAudienceInput], { defaultValue: [] }) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => NetworkAudienceInput)
  networks: NetworkAudienceInput[] = [];
}

@InputType()
export class BriefingTextInput {
  @Field() @IsString() @MinLength(1, { message: 'must not be empty' }) @MaxLength(300) title!: string;
  @Field({ defaultValue: '' }) @IsString() @MaxLength(2000) summary: string = '';
  // The configured limit (BRIEFING_BODY_MAX_CHARS) is checked by the service; this bounds parsing.
  @Field() @IsString() @MaxLength(1_000_000) body!: string;
}

@InputType()
export class CreateBriefingInput extends BriefingTextInput {
  @Field(() => ID, { description: 'The organisation you write for' }) @IsUUID('all', ID_MESSAGE) organisationId!: string;
  @Field(() => ID, { nullable: true, description: "Publish on behalf: under this trusted organisation's name, once its admins approve" })
  @IsOptional() @IsUUID('all', ID_MESSAGE) publishAsOrganisationId?: string | null;
  @Field(() => BriefingLanguageEnum) @IsEnum(BriefingLanguageEnum, { message: 'must be en, tr or other' }) language!: BriefingLanguageEnum;
  @Field(() => [String], { defaultValue: [] }) @ArrayMaxSize(20) @IsString({ each: true }) @Length(1, 40, { each: true }) tags: string[] = [];
  @Field(() => TlpEnum) @IsEnum(TlpEnum, { message: 'must be a TLP level' }) tlp!: TlpEnum;
  @Field(() => AudienceInput) @ValidateNested() @Type(() => AudienceInput) audience!: AudienceInput;
}

@InputType()
export class UpdateDraftInput extends BriefingTextInput {
  @Field(() => BriefingLanguageEnum) @IsEnum(BriefingLanguageEnum, { message: 'must be en, tr or other' }) language!: BriefingLanguageEnum;
  @Field(() => [String], { defaultValue: [] }) @ArrayMaxSize(20) @IsString({ each: true }) @Length(1, 40, { each: true }) tags: string[] = [];
}

@InputType()
export class ClassifyBriefingInput {
  @Field(() => TlpEnum, { nullable: true }) @IsOptional() @IsEnum(TlpEnum, { message: 'must be a TLP level' }) tlp?: TlpEnum | null;
  @Field(() => AudienceInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => AudienceInput) add?: AudienceInput | null;
  @Field(() => AudienceInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => AudienceInput) remove?: AudienceInput | null;
}

@InputType()
export class ForwardBriefingInput {
  @Field(() => [ID], { defaultValue: [] }) @ArrayMaxSize(50) @IsUUID('all', { each: true, message: 'must be ids' }) userIds: string[] = [];
  @Field(() => [ID], { defaultValue: [] }) @ArrayMaxSize(50) @IsUUID('all', { each: true, message: 'must be ids' }) organisationIds: string[] = [];
}

@InputType()
export class AskToShareInput {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) briefingId!: string;
  @Field(() => ID, { description: 'Your organisation, asking' }) @IsUUID('all', ID_MESSAGE) organisationId!: string;
  @Field(() => [ID]) @ArrayMaxSize(50) @IsUUID('all', { each: true, message: 'must be ids' }) organisationIds!: string[];
  @Field(() => TlpEnum, { nullable: true, description: 'A looser level, if that is what you ask for' })
  @IsOptional() @IsEnum(TlpEnum, { message: 'must be a TLP level' }) tlp?: TlpEnum | null;
  @Field() @IsString() @Length(1, 2000) reason!: string;
}

@InputType()
export class BriefingFilterInput {
  @Field(() => TlpEnum, { nullable: true }) @IsOptional() @IsEnum(TlpEnum, { message: 'must be a TLP level' }) tlp?: TlpEnum | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(40) tag?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', ID_MESSAGE) organisationId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', ID_MESSAGE) networkId?: string | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() unreadOnly?: boolean | null;
  @Field(() => String, { nullable: true, description: 'Full-text search in English and Turkish' }) @IsOptional() @IsString() @MaxLength(200) text?: string | null;
  @Field(() => BriefingStatusEnum, { nullable: true, description: 'PUBLISHED unless asked; drafts and retracted ones only for their source' })
  @IsOptional() @IsEnum(BriefingStatusEnum) status?: BriefingStatusEnum | null;
}

@ArgsType()
export class BriefingsArgs extends PageArgs {
  @Field(() => BriefingFilterInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => BriefingFilterInput) filter?: BriefingFilterInput | null;
}

@ArgsType()
export class BriefingCountArgs {
  @Field(() => BriefingFilterInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => BriefingFilterInput) filter?: BriefingFilterInput | null;
}

@ArgsType()
export class BriefingIdArgs {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) id!: string;
}

@ArgsType()
export class AcknowledgeArgs extends BriefingIdArgs {
  @Field(() => ID, { description: 'The organisation you acknowledge for' }) @IsUUID('all', ID_MESSAGE) organisationId!: string;
}

@ArgsType()
export class DecideShareArgs {
  @Field(() => ID) @IsUUID('all', ID_MESSAGE) requestId!: string;
  @Field() @IsBoolean() approve!: boolean;
}

@ArgsType()
export class AudienceOptionsArgs {
  @Field(() => ID, { description: 'The organisation you write for' }) @IsUUID('all', ID_MESSAGE) organisationId!: string;
  @Field(() => ID, { nullable: true, description: 'When publishing on behalf: the trusted organisation' })
  @IsOptional() @IsUUID('all', ID_MESSAGE) publishAsOrganisationId?: string | null;
}

@ArgsType()
export class RecipientByEmailArgs extends AudienceOptionsArgs {
  @Field({ description: 'The e-mail address of the person to name' })
  @IsEmail({}, { message: 'must be an e-mail address' }) @MaxLength(254, { message: 'must be at most 254 characters' }) email!: string;
}
