import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '@sw/graphql';

export enum ThreadSpaceKindEnum {
  NETWORK = 'NETWORK',
  ORGANISATION = 'ORGANISATION',
  BRIEFING = 'BRIEFING',
  STATEMENT = 'STATEMENT',
  WORKSHOP = 'WORKSHOP',
}
registerEnumType(ThreadSpaceKindEnum, {
  name: 'ThreadSpaceKind',
  description: "A network's or an organisation's own space, or the item a thread is attached to.",
});

@ObjectType('ThreadPerson', { description: 'Someone in a thread, as its readers see them.' })
export class ThreadPersonModel {
  @Field(() => ID) id!: string;
  @Field() displayName!: string;
}

@ObjectType('ThreadSpace')
export class ThreadSpaceModel {
  @Field(() => ThreadSpaceKindEnum) kind!: ThreadSpaceKindEnum;
  @Field(() => ID, { description: 'The network, organisation, briefing, statement or workshop.' }) id!: string;
}

@ObjectType('Thread')
export class ThreadModel {
  @Field(() => ID) id!: string;
  @Field(() => ThreadSpaceModel) space!: ThreadSpaceModel;
  @Field() title!: string;
  /** Resolved to a person by ThreadResolver. */
  createdById!: string | null;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime) lastActivityAt!: Date;
  @Field(() => Int, { description: 'The seq of the latest message (0 when there is none).' }) lastSeq!: number;
  @Field({ description: 'Only moderators may post, edit, delete or react.' }) locked!: boolean;
  @Field() resolved!: boolean;
  @Field(() => GraphQLISODateTime, { nullable: true }) resolvedAt!: Date | null;
  @Field(() => Int, { nullable: true, description: 'Messages older than this many days are deleted for good.' })
  retentionDays!: number | null;
}

@ObjectType('UnreadSummary', { description: 'Over every thread you can read.' })
export class UnreadSummaryModel {
  @Field(() => Int, { description: 'Threads with unread messages.' }) threads!: number;
  @Field(() => Int) messages!: number;
  @Field(() => Int) mentions!: number;
}

export const ThreadConnection = Connection(ThreadModel, 'Thread');
