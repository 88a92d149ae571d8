import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  ArrayMaxSize, IsBase64, IsBoolean, IsEnum, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min,
} from 'class-validator';
import { PageArgs, MAX_PAGE_SIZE } from '@sw/graphql';
import { DISCUSSION_LIMITS } from './discussions.limits.js';
import { MessageImportanceEnum } from './message.model.js';
import { ThreadSpaceKindEnum } from './thread.model.js';

const ID_RULE = { message: 'must be an id' };
// A sanity bound before the service checks MESSAGE_MAX_LENGTH (which names the limit).
const BODY_BOUND = 20_000;

@ArgsType()
export class ThreadsArgs extends PageArgs {
  @Field(() => ThreadSpaceKindEnum) @IsEnum(ThreadSpaceKindEnum) spaceKind!: ThreadSpaceKindEnum;
  @Field(() => ID) @IsUUID('all', ID_RULE) spaceId!: string;
  @Field(() => Boolean, { nullable: true, description: 'Only resolved (true) or only open (false) threads.' })
  @IsOptional() @IsBoolean() resolved?: boolean | null;
}

@ArgsType()
export class ThreadIdArgs {
  @Field(() => ID) @IsUUID('all', ID_RULE) threadId!: string;
}

@ArgsType()
export class MessageIdArgs {
  @Field(() => ID) @IsUUID('all', ID_RULE) messageId!: string;
}

@ArgsType()
export class MessagesArgs {
  @Field(() => ID) @IsUUID('all', ID_RULE) threadId!: string;
  @Field(() => Int, { nullable: true, description: `Oldest first from \`after\` (or the start); 1 to ${MAX_PAGE_SIZE}.` })
  @IsOptional() @IsInt() @Min(1) @Max(MAX_PAGE_SIZE) first?: number | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100) @IsBase64({ urlSafe: true }) after?: string | null;
  @Field(() => Int, { nullable: true, description: `Newest before \`before\` (or the end); 1 to ${MAX_PAGE_SIZE}. The default: last 20.` })
  @IsOptional() @IsInt() @Min(1) @Max(MAX_PAGE_SIZE) last?: number | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(100) @IsBase64({ urlSafe: true }) before?: string | null;
}

@InputType()
export class CreateThreadInput {
  @Field(() => ThreadSpaceKindEnum) @IsEnum(ThreadSpaceKindEnum) spaceKind!: ThreadSpaceKindEnum;
  @Field(() => ID) @IsUUID('all', ID_RULE) spaceId!: string;
  @Field() @IsString() @MaxLength(1_000) title!: string;
  @Field(() => Int, { nullable: true, description: 'Messages older than this many days are deleted for good.' })
  @IsOptional() @IsInt() @Min(1) @Max(DISCUSSION_LIMITS.retentionMaxDays) retentionDays?: number | null;
}

@InputType()
export class PostMessageInput {
  @Field(() => ID) @IsUUID('all', ID_RULE) threadId!: string;
  @Field(() => ID, { description: 'A UUID the client makes for this post: a retry with it returns the first result.' })
  @IsUUID('all', ID_RULE) clientId!: string;
  @Field({ description: 'Markdown.' }) @IsString() @MaxLength(BODY_BOUND) body!: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', ID_RULE) replyToId?: string | null;
  @Field(() => MessageImportanceEnum, { nullable: true }) @IsOptional() @IsEnum(MessageImportanceEnum) importance?: MessageImportanceEnum | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() requestAcknowledgement?: boolean | null;
  @Field(() => [ID], { nullable: true, description: 'People to mention; each must be able to read the thread.' })
  @IsOptional() @ArrayMaxSize(DISCUSSION_LIMITS.mentionsPerMessage) @IsUUID('all', { each: true, message: 'must be ids' })
  mentionUserIds?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: '@thread: mention everyone who can read the thread (rate-limited).' })
  @IsOptional() @IsBoolean() mentionThread?: boolean | null;
}

@InputType()
export class EditMessageInput {
  @Field(() => ID) @IsUUID('all', ID_RULE) messageId!: string;
  @Field() @IsString() @MaxLength(BODY_BOUND) body!: string;
}

@ArgsType()
export class ReactionArgs extends MessageIdArgs {
  @Field() @IsString() @MaxLength(64) emoji!: string;
  @Field({ description: 'true adds your reaction, false takes it back.' }) @IsBoolean() reacted!: boolean;
}

@ArgsType()
export class MarkReadArgs extends ThreadIdArgs {
  @Field(() => Int, { description: 'The highest seq you have seen.' }) @IsInt() @Min(0) seq!: number;
}

@ArgsType()
export class ResolveArgs extends ThreadIdArgs {
  @Field() @IsBoolean() resolved!: boolean;
}

@ArgsType()
export class LockArgs extends ThreadIdArgs {
  @Field() @IsBoolean() locked!: boolean;
}

@ArgsType()
export class RetentionArgs extends ThreadIdArgs {
  @Field(() => Int, { nullable: true, description: 'null keeps messages until they are deleted.' })
  @IsOptional() @IsInt() @Min(1) @Max(DISCUSSION_LIMITS.retentionMaxDays) retentionDays?: number | null;
}
