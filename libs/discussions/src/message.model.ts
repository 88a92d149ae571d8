import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ThreadPersonModel } from './thread.model.js';

export enum MessageImportanceEnum {
  NORMAL = 'NORMAL',
  IMPORTANT = 'IMPORTANT',
  URGENT = 'URGENT',
}
registerEnumType(MessageImportanceEnum, { name: 'MessageImportance' });

@ObjectType('MessageReaction')
export class MessageReactionModel {
  @Field() emoji!: string;
  @Field(() => Int) count!: number;
  @Field() reactedByMe!: boolean;
}

@ObjectType('MessageVersion', { description: 'A version a message had before it was edited.' })
export class MessageVersionModel {
  @Field() body!: string;
  @Field() bodyHtml!: string;
  @Field(() => GraphQLISODateTime) writtenAt!: Date;
  @Field(() => GraphQLISODateTime) replacedAt!: Date;
}

@ObjectType('Message')
export class MessageModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) threadId!: string;
  @Field(() => Int, { description: '1, 2, 3, … per thread, without gaps, in the order messages were committed.' }) seq!: number;
  @Field(() => Int, { description: 'Increases with every change.' }) version!: number;
  @Field(() => ThreadPersonModel) author!: ThreadPersonModel;
  @Field(() => String, { nullable: true, description: 'Markdown as written; null once deleted.' }) body!: string | null;
  @Field(() => String, { nullable: true, description: 'The body rendered and sanitised.' }) bodyHtml!: string | null;
  @Field(() => ID, { nullable: true }) replyToId!: string | null;
  @Field(() => MessageImportanceEnum) importance!: MessageImportanceEnum;
  @Field() acknowledgementRequested!: boolean;
  @Field(() => Int) acknowledgementCount!: number;
  @Field() acknowledgedByMe!: boolean;
  @Field(() => [ID], { description: 'Who the author named (see also mentionsThread).' }) mentionedUserIds!: string[];
  @Field({ description: '@thread: everyone who can read the thread.' }) mentionsThread!: boolean;
  @Field(() => [MessageReactionModel]) reactions!: MessageReactionModel[];
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) editedAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) deletedAt!: Date | null;
}

@ObjectType('MessagePageInfo')
export class MessagePageInfo {
  @Field() hasNextPage!: boolean;
  @Field() hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType('MessageEdge')
export class MessageEdge {
  @Field() cursor!: string;
  @Field(() => MessageModel) node!: MessageModel;
}

@ObjectType('MessageConnection', { description: 'Messages in seq order, whichever direction was paged.' })
export class MessageConnection {
  @Field(() => [MessageEdge]) edges!: MessageEdge[];
  @Field(() => MessagePageInfo) pageInfo!: MessagePageInfo;
}

@ObjectType('SeenByOrganisation', { description: 'How many of an organisation\'s readers of the thread have read up to a message.' })
export class SeenByOrganisationModel {
  @Field(() => ID, { nullable: true, description: 'Null for readers who read through no organisation (e.g. network coordinators).' })
  organisationId!: string | null;
  @Field(() => String, { nullable: true }) organisationName!: string | null;
  @Field(() => Int) audience!: number;
  @Field(() => Int) seen!: number;
  @Field(() => [ThreadPersonModel]) readers!: ThreadPersonModel[];
}

@ObjectType('MessageAcknowledgement')
export class MessageAcknowledgementModel {
  @Field(() => ThreadPersonModel) person!: ThreadPersonModel;
  @Field(() => GraphQLISODateTime) acknowledgedAt!: Date;
}

@ObjectType('MessageReceipts')
export class MessageReceiptsModel {
  @Field(() => ID) messageId!: string;
  @Field(() => Int) audience!: number;
  @Field(() => Int) seen!: number;
  @Field(() => [SeenByOrganisationModel]) seenBy!: SeenByOrganisationModel[];
  @Field(() => [MessageAcknowledgementModel], { nullable: true, description: "Who acknowledged it: for the message's author and the thread's moderators only." })
  acknowledgements!: MessageAcknowledgementModel[] | null;
}
