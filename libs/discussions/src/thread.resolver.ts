import { Args, Context, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Checks, CurrentAuth, type RequestAuth } from '@sw/authz';
import type { ConnectionShape, GraphqlContext } from '@sw/graphql';
import { CreateThreadInput, LockArgs, MarkReadArgs, ResolveArgs, RetentionArgs, ThreadIdArgs, ThreadsArgs } from './discussions.inputs.js';
import { mapEdges, toThread } from './discussions.mappers.js';
import { MessageReadingService } from './message-reading.service.js';
import type { Caller } from './thread-subjects.js';
import { ThreadConnection, ThreadModel, ThreadPersonModel, UnreadSummaryModel } from './thread.model.js';
import { type ThreadReadState, ThreadService } from './thread.service.js';

/** Every field here is signed-in only (the guard), and the service applies the caller's rules to the threads in SQL. */
export const callerOf = (auth: RequestAuth): Caller => ({ actor: auth.actor!, ability: auth.ability });

@Resolver(() => ThreadModel)
export class ThreadResolver {
  constructor(
    private readonly threadService: ThreadService,
    private readonly reading: MessageReadingService,
  ) {}

  @Query(() => ThreadConnection, { description: 'Threads of a space that you can read, most recently active first.' })
  @Checks('read', 'Thread')
  async threads(@CurrentAuth() auth: RequestAuth, @Args() args: ThreadsArgs): Promise<ConnectionShape<ThreadModel>> {
    return mapEdges(await this.threadService.list(callerOf(auth), { kind: args.spaceKind, id: args.spaceId }, args.resolved, args), toThread);
  }

  @Query(() => ThreadModel)
  @Checks('read', 'Thread')
  async thread(@CurrentAuth() auth: RequestAuth, @Args() args: ThreadIdArgs): Promise<ThreadModel> {
    return toThread((await this.threadService.find(callerOf(auth), args.threadId)).thread);
  }

  @Query(() => UnreadSummaryModel)
  @Checks('read', 'Thread')
  unreadSummary(@CurrentAuth() auth: RequestAuth): Promise<UnreadSummaryModel> {
    return this.threadService.unreadSummary(callerOf(auth));
  }

  @Mutation(() => ThreadModel)
  @Checks('create', 'Thread')
  async createThread(@CurrentAuth() auth: RequestAuth, @Args('input') input: CreateThreadInput): Promise<ThreadModel> {
    return toThread(await this.threadService.create(callerOf(auth), input));
  }

  @Mutation(() => ThreadModel, { description: 'Whoever opened the thread and its moderators.' })
  @Checks('resolve', 'Thread')
  async setThreadResolved(@CurrentAuth() auth: RequestAuth, @Args() args: ResolveArgs): Promise<ThreadModel> {
    return toThread(await this.threadService.setResolved(callerOf(auth), args.threadId, args.resolved));
  }

  @Mutation(() => ThreadModel, { description: 'Moderators only: a locked thread takes no posts, edits or reactions from others.' })
  @Checks('moderate', 'Thread')
  async setThreadLocked(@CurrentAuth() auth: RequestAuth, @Args() args: LockArgs): Promise<ThreadModel> {
    return toThread(await this.threadService.setLocked(callerOf(auth), args.threadId, args.locked));
  }

  @Mutation(() => ThreadModel, { description: 'Moderators only.' })
  @Checks('moderate', 'Thread')
  async setThreadRetention(@CurrentAuth() auth: RequestAuth, @Args() args: RetentionArgs): Promise<ThreadModel> {
    return toThread(await this.threadService.setRetention(callerOf(auth), args.threadId, args.retentionDays ?? null));
  }

  @Mutation(() => ThreadModel, { description: 'Moves your read marker forward to `seq` (never back).' })
  @Checks('read', 'Thread')
  async markThreadRead(@CurrentAuth() auth: RequestAuth, @Args() args: MarkReadArgs): Promise<ThreadModel> {
    return toThread(await this.threadService.markRead(callerOf(auth), args.threadId, args.seq));
  }

  @ResolveField(() => ThreadPersonModel, { nullable: true })
  async createdBy(@Parent() thread: ThreadModel, @Context() ctx: GraphqlContext): Promise<ThreadPersonModel | null> {
    if (!thread.createdById) return null;
    return ctx.loaders.get('discussions.person', (ids) => this.reading.people(ids)).load(thread.createdById);
  }

  @ResolveField(() => Int, { description: 'Messages after your read marker, not yours, not deleted.' })
  async unreadCount(@Parent() thread: ThreadModel, @CurrentAuth() auth: RequestAuth, @Context() ctx: GraphqlContext): Promise<number> {
    return (await this.readState(thread, auth, ctx)).unread;
  }

  @ResolveField(() => Int, { description: 'Unread messages that mention you (by name or @thread).' })
  async mentionCount(@Parent() thread: ThreadModel, @CurrentAuth() auth: RequestAuth, @Context() ctx: GraphqlContext): Promise<number> {
    return (await this.readState(thread, auth, ctx)).mentions;
  }

  @ResolveField(() => Int)
  async lastReadSeq(@Parent() thread: ThreadModel, @CurrentAuth() auth: RequestAuth, @Context() ctx: GraphqlContext): Promise<number> {
    return (await this.readState(thread, auth, ctx)).lastReadSeq;
  }

  @ResolveField(() => Boolean, { description: 'Whether you may lock it, set its retention and delete others\' messages.' })
  async viewerCanModerate(@Parent() thread: ThreadModel, @CurrentAuth() auth: RequestAuth, @Context() ctx: GraphqlContext): Promise<boolean> {
    const loader = ctx.loaders.get('discussions.moderator', (ids) => this.threadService.moderatorOf(callerOf(auth), ids));
    return (await loader.load(thread.id)) === true;
  }

  private async readState(thread: ThreadModel, auth: RequestAuth, ctx: GraphqlContext): Promise<ThreadReadState> {
    const loader = ctx.loaders.get('discussions.readState', (ids) => this.threadService.readState(callerOf(auth), ids));
    return (await loader.load(thread.id)) ?? { lastReadSeq: 0, unread: 0, mentions: 0 };
  }
}
