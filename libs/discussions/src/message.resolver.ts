import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Checks, CurrentAuth, type RequestAuth } from '@sw/authz';
import type { GraphqlContext } from '@sw/graphql';
import { EditMessageInput, MessageIdArgs, MessagesArgs, PostMessageInput, ReactionArgs } from './discussions.inputs.js';
import { toMessage } from './discussions.mappers.js';
import { messageCursor, MessageReadingService } from './message-reading.service.js';
import {
  MessageConnection, MessageModel, MessageReceiptsModel, MessageVersionModel,
} from './message.model.js';
import { MessageService } from './message.service.js';
import { callerOf } from './thread.resolver.js';
import { ThreadPersonModel } from './thread.model.js';

@Resolver(() => MessageModel)
export class MessageResolver {
  constructor(
    private readonly messages: MessageService,
    private readonly reading: MessageReadingService,
  ) {}

  @Query(() => MessageConnection, { description: 'Messages of a thread you can read, by seq: first/after from the start, last/before from the end.' })
  @Checks('read', 'Thread')
  async threadMessages(@CurrentAuth() auth: RequestAuth, @Args() args: MessagesArgs): Promise<MessageConnection> {
    const page = await this.reading.page(callerOf(auth), args);
    const edges = page.views.map((view) => ({ cursor: messageCursor(view.seq), node: toMessage(view, auth.actor!.userId) }));
    return {
      edges,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: page.hasPreviousPage,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  }

  @Query(() => MessageReceiptsModel, { description: 'Who of the thread\'s readers has seen a message, per organisation; and who acknowledged it.' })
  @Checks('read', 'Message')
  async messageReceipts(@CurrentAuth() auth: RequestAuth, @Args() args: MessageIdArgs): Promise<MessageReceiptsModel> {
    return { messageId: args.messageId, ...(await this.reading.receipts(callerOf(auth), args.messageId)) };
  }

  @Mutation(() => MessageModel, { description: 'Idempotent per clientId: a retry returns the first result.' })
  @Checks('create', 'Message')
  async postMessage(@CurrentAuth() auth: RequestAuth, @Args('input') input: PostMessageInput): Promise<MessageModel> {
    return toMessage(await this.messages.post(callerOf(auth), input), auth.actor!.userId);
  }

  @Mutation(() => MessageModel, { description: 'Its author only; the earlier version stays in the history.' })
  @Checks('update', 'Message')
  async editMessage(@CurrentAuth() auth: RequestAuth, @Args('input') input: EditMessageInput): Promise<MessageModel> {
    return toMessage(await this.messages.edit(callerOf(auth), input.messageId, input.body), auth.actor!.userId);
  }

  @Mutation(() => MessageModel, { description: 'Its author or a moderator; a tombstone keeps its place.' })
  @Checks('delete', 'Message')
  async deleteMessage(@CurrentAuth() auth: RequestAuth, @Args() args: MessageIdArgs): Promise<MessageModel> {
    return toMessage(await this.messages.delete(callerOf(auth), args.messageId), auth.actor!.userId);
  }

  @Mutation(() => MessageModel)
  @Checks('react', 'Message')
  async setReaction(@CurrentAuth() auth: RequestAuth, @Args() args: ReactionArgs): Promise<MessageModel> {
    return toMessage(await this.messages.react(callerOf(auth), args.messageId, args.emoji, args.reacted), auth.actor!.userId);
  }

  @Mutation(() => MessageModel, { description: 'For messages that ask for acknowledgement.' })
  @Checks('acknowledge', 'Message')
  async acknowledgeMessage(@CurrentAuth() auth: RequestAuth, @Args() args: MessageIdArgs): Promise<MessageModel> {
    return toMessage(await this.messages.acknowledge(callerOf(auth), args.messageId), auth.actor!.userId);
  }

  @ResolveField(() => [MessageVersionModel], { description: 'Earlier versions, oldest first (empty once deleted).' })
  async edits(@Parent() message: MessageModel, @Context() ctx: GraphqlContext): Promise<MessageVersionModel[]> {
    return (await ctx.loaders.get('discussions.edits', (ids) => this.reading.history(ids)).load(message.id)) ?? [];
  }

  @ResolveField(() => [ThreadPersonModel], { description: 'The people the author named.' })
  async mentioned(@Parent() message: MessageModel, @Context() ctx: GraphqlContext): Promise<ThreadPersonModel[]> {
    const people = await ctx.loaders.get('discussions.person', (ids) => this.reading.people(ids)).loadMany(message.mentionedUserIds);
    return people.filter((p): p is ThreadPersonModel => p !== null && !(p instanceof Error));
  }
}
