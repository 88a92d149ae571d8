import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '@sw/graphql';

export enum TlpEnum { RED = 'RED', AMBER_STRICT = 'AMBER_STRICT', AMBER = 'AMBER', GREEN = 'GREEN', CLEAR = 'CLEAR' }
export enum BriefingStatusEnum { DRAFT = 'DRAFT', PUBLISHED = 'PUBLISHED', RETRACTED = 'RETRACTED' }
export enum BriefingLanguageEnum { en = 'en', tr = 'tr', other = 'other' }
export enum ShareRequestStatusEnum { PENDING = 'PENDING', APPROVED = 'APPROVED', DECLINED = 'DECLINED' }
registerEnumType(TlpEnum, { name: 'Tlp', description: 'Traffic Light Protocol 2.0 (AMBER_STRICT is AMBER+STRICT).' });
registerEnumType(BriefingStatusEnum, { name: 'BriefingStatus' });
registerEnumType(BriefingLanguageEnum, { name: 'BriefingLanguage' });
registerEnumType(ShareRequestStatusEnum, { name: 'ShareRequestStatus' });

@ObjectType('BriefingOrganisation')
export class BriefingOrganisationModel {
  @Field(() => ID) id!: string;
  @Field() name!: string;
}

@ObjectType('BriefingRecipient', { description: 'A person the briefing is shared with by name.' })
export class BriefingRecipientModel {
  @Field(() => ID) id!: string;
  @Field() displayName!: string;
}

@ObjectType('BriefingAudience', { description: 'Who the briefing is shared with. Only its source sees this.' })
export class BriefingAudienceModel {
  @Field(() => [ID]) userIds!: string[];
  @Field(() => [BriefingRecipientModel], { description: 'The people of userIds with their names, also those of other organisations named by e-mail' })
  people!: BriefingRecipientModel[];
  @Field(() => [ID]) organisationIds!: string[];
  @Field(() => [ID], { description: 'Networks, member organisations only' }) networkIds!: string[];
  @Field(() => [ID], { description: 'Networks, members and partners' }) networkWithPartnersIds!: string[];
}

@ObjectType('BriefingSource', { description: 'Only the source (author, publishing and originating organisations) sees this.' })
export class BriefingSourceModel {
  @Field(() => ID) authorUserId!: string;
  @Field(() => BriefingOrganisationModel, { nullable: true, description: 'When published on behalf: the organisation it came from.' })
  originOrganisation!: BriefingOrganisationModel | null;
  @Field(() => BriefingAudienceModel) audience!: BriefingAudienceModel;
}

@ObjectType('Briefing')
export class BriefingModel {
  @Field(() => ID) id!: string;
  @Field() title!: string;
  @Field() summary!: string;
  @Field({ description: 'Markdown as written' }) bodyMarkdown!: string;
  @Field({ description: 'Rendered and sanitised' }) bodyHtml!: string;
  @Field(() => BriefingLanguageEnum) language!: BriefingLanguageEnum;
  @Field(() => [String]) tags!: string[];
  @Field(() => TlpEnum) tlp!: TlpEnum;
  @Field({ description: 'The TLP handling rule, in words' }) handling!: string;
  @Field(() => BriefingStatusEnum) status!: BriefingStatusEnum;
  @Field(() => GraphQLISODateTime, { nullable: true }) publishedAt!: Date | null;
  @Field(() => Int, { description: 'Published revision; above 1 means the text changed after publication' }) revision!: number;
  @Field(() => BriefingOrganisationModel, { description: 'The organisation it is published under' }) organisation!: BriefingOrganisationModel;
  @Field() viewerHasRead!: boolean;
  @Field(() => BriefingSourceModel, { nullable: true }) source!: BriefingSourceModel | null;
}

@ObjectType('BriefingRevision')
export class BriefingRevisionModel {
  @Field(() => Int) revision!: number;
  @Field() title!: string;
  @Field() summary!: string;
  @Field() bodyMarkdown!: string;
  @Field() bodyHtml!: string;
  @Field(() => TlpEnum) tlp!: TlpEnum;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

@ObjectType('BriefingReader')
export class BriefingReaderModel {
  @Field(() => ID) userId!: string;
  @Field() displayName!: string;
  @Field(() => GraphQLISODateTime, { nullable: true }) at!: Date | null;
}

@ObjectType('BriefingOrganisationReceipt', { description: 'How one organisation the briefing reaches has taken it up.' })
export class OrganisationReceiptModel {
  @Field(() => BriefingOrganisationModel) organisation!: BriefingOrganisationModel;
  @Field(() => Int) members!: number;
  @Field(() => [BriefingReaderModel]) readers!: BriefingReaderModel[];
  @Field(() => Int) unread!: number;
  @Field(() => BriefingReaderModel, { nullable: true, description: 'Who acknowledged for the organisation, and when' })
  acknowledgedBy!: BriefingReaderModel | null;
}

@ObjectType('ShareRequest')
export class ShareRequestModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) briefingId!: string;
  @Field(() => ID) requestingOrganisationId!: string;
  @Field(() => [ID]) organisationIds!: string[];
  @Field(() => TlpEnum, { nullable: true }) tlp!: TlpEnum | null;
  @Field() reason!: string;
  @Field(() => ShareRequestStatusEnum) status!: ShareRequestStatusEnum;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) decidedAt!: Date | null;
}

@ObjectType('BriefingAttachment')
export class AttachmentModel {
  @Field(() => ID) id!: string;
  @Field() filename!: string;
  @Field() contentType!: string;
  @Field(() => Int) sizeBytes!: number;
  @Field({ description: 'Authorised download path (send the session token or cookie)' }) downloadPath!: string;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

@ObjectType('BriefingNetwork')
export class BriefingNetworkModel {
  @Field(() => ID) id!: string;
  @Field() name!: string;
}

@ObjectType('BriefingPerson')
export class BriefingPersonModel {
  @Field(() => ID) id!: string;
  @Field() displayName!: string;
  @Field(() => BriefingOrganisationModel, { description: 'The organisation through which they are reached' }) organisation!: BriefingOrganisationModel;
}

@ObjectType('BriefingAudienceOptions', { description: 'Whom a briefing may be shared with, for an audience picker; the TLP level narrows it further.' })
export class BriefingAudienceOptionsModel {
  @Field(() => [BriefingNetworkModel], { description: 'Networks the publishing organisation belongs to' }) networks!: BriefingNetworkModel[];
  @Field(() => [BriefingOrganisationModel], { description: 'The publishing organisation and those sharing a network with it' }) organisations!: BriefingOrganisationModel[];
  @Field(() => [BriefingPersonModel], { description: 'Active members of the publishing organisation, yourself excepted; others are named by e-mail (briefingRecipientByEmail)' }) people!: BriefingPersonModel[];
}

export const BriefingConnection = Connection(BriefingModel, 'Briefing');
