import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Checks, CurrentAuth, type RequestAuth } from '@sw/authz';
import type { ConnectionShape } from '@sw/graphql';
import {
  AcknowledgeArgs, AskToShareInput, AudienceOptionsArgs, RecipientByEmailArgs, BriefingCountArgs, BriefingIdArgs, BriefingsArgs, ClassifyBriefingInput, CreateBriefingInput,
  DecideShareArgs, ForwardBriefingInput, UpdateDraftInput,
} from './briefing.inputs.js';
import {
  AttachmentModel, BriefingAudienceOptionsModel, BriefingPersonModel, BriefingConnection, BriefingModel, BriefingRevisionModel, OrganisationReceiptModel, ShareRequestModel,
  ShareRequestStatusEnum, TlpEnum,
} from './briefing.model.js';
import { BriefingPresenter } from './briefing.presenter.js';
import { BriefingReading } from './briefing-reading.service.js';
import { BriefingWriting } from './briefing-writing.service.js';
import type { ShareRequestEntity } from './briefing.entity.js';
import { Attachments } from './attachments.service.js';
import { ShareRequests } from './share-request.service.js';

const toShareRequest = (r: ShareRequestEntity): ShareRequestModel => ({
  id: r.id, briefingId: r.briefingId, requestingOrganisationId: r.requestingOrganisationId, organisationIds: r.organisationIds,
  tlp: r.newTlp ? TlpEnum[r.newTlp] : null, reason: r.reason, status: ShareRequestStatusEnum[r.status], createdAt: r.createdAt, decidedAt: r.decidedAt,
});

/** Briefings: reading is filtered by the grant rules in SQL; every change goes through the services. */
@Resolver()
export class BriefingResolver {
  constructor(
    private readonly reading: BriefingReading,
    private readonly writing: BriefingWriting,
    private readonly shares: ShareRequests,
    private readonly attachments: Attachments,
    private readonly presenter: BriefingPresenter,
  ) {}

  @Query(() => BriefingConnection, { description: 'Briefings you may read, newest first.' })
  @Checks('read', 'BriefingGrant')
  async briefings(@CurrentAuth() auth: RequestAuth, @Args() args: BriefingsArgs): Promise<ConnectionShape<BriefingModel>> {
    const page = await this.reading.list(auth, args.filter ?? {}, args);
    const models = await this.presenter.present(auth, page.edges.map((e) => e.node));
    return { pageInfo: page.pageInfo, edges: page.edges.map((e, i) => ({ cursor: e.cursor, node: models[i]! })) };
  }

  @Query(() => Int, { description: 'How many briefings you may read match the filter.' })
  @Checks('read', 'BriefingGrant')
  briefingCount(@CurrentAuth() auth: RequestAuth, @Args() args: BriefingCountArgs): Promise<number> {
    return this.reading.count(auth, args.filter ?? {});
  }

  @Query(() => BriefingModel)
  @Checks('read', 'BriefingGrant')
  async briefing(@CurrentAuth() auth: RequestAuth, @Args() args: BriefingIdArgs): Promise<BriefingModel> {
    return (await this.presenter.present(auth, [await this.reading.get(auth, args.id)]))[0]!;
  }

  @Query(() => [BriefingRevisionModel], { description: 'Every published revision, newest first.' })
  @Checks('read', 'BriefingGrant')
  async briefingRevisions(@CurrentAuth() auth: RequestAuth, @Args() args: BriefingIdArgs): Promise<BriefingRevisionModel[]> {
    return (await this.reading.revisions(auth, args.id)).map((r) => this.presenter.revision(r));
  }

  @Query(() => [OrganisationReceiptModel], { description: 'For the source: who has read and acknowledged, per organisation reached.' })
  @Checks('viewReceipts', 'BriefingGrant')
  async briefingReceipts(@CurrentAuth() auth: RequestAuth, @Args() args: BriefingIdArgs): Promise<OrganisationReceiptModel[]> {
    return (await this.reading.receipts(auth, args.id)).map((r) => ({
      organisation: { id: r.organisationId, name: r.organisationName },
      members: r.members,
      readers: r.readers.map((x) => ({ userId: x.userId, displayName: x.displayName, at: x.readAt })),
      unread: Math.max(0, r.members - r.readers.length),
      acknowledgedBy: r.acknowledgedBy ? { ...r.acknowledgedBy, at: r.acknowledgedAt } : null,
    }));
  }

  @Query(() => [ShareRequestModel])
  @Checks('read', 'BriefingGrant')
  async shareRequests(@CurrentAuth() auth: RequestAuth, @Args() args: BriefingIdArgs): Promise<ShareRequestModel[]> {
    return (await this.shares.list(auth, args.id)).map(toShareRequest);
  }

  @Query(() => [AttachmentModel])
  @Checks('read', 'BriefingGrant')
  briefingAttachments(@CurrentAuth() auth: RequestAuth, @Args() args: BriefingIdArgs): Promise<AttachmentModel[]> {
    return this.attachments.list(auth, args.id);
  }

  @Query(() => BriefingAudienceOptionsModel, { description: 'Whom a briefing you write for the organisation may be shared with (the TLP level narrows it).' })
  @Checks('create', 'Briefing')
  briefingAudienceOptions(@CurrentAuth() auth: RequestAuth, @Args() args: AudienceOptionsArgs): Promise<BriefingAudienceOptionsModel> {
    return this.writing.audienceOptions(auth, args.organisationId, args.publishAsOrganisationId);
  }

  @Query(() => BriefingPersonModel, { description: 'A person of another organisation, named by e-mail address, whom a briefing you write for the organisation may be shared with.' })
  @Checks('create', 'Briefing')
  briefingRecipientByEmail(@CurrentAuth() auth: RequestAuth, @Args() args: RecipientByEmailArgs): Promise<BriefingPersonModel> {
    return this.writing.recipientByEmail(auth, args.organisationId, args.publishAsOrganisationId, args.email);
  }

  @Mutation(() => BriefingModel, { description: 'A draft; nobody but its source sees it until published.' })
  @Checks('create', 'Briefing')
  async createBriefing(@CurrentAuth() auth: RequestAuth, @Args('input') input: CreateBriefingInput): Promise<BriefingModel> {
    return this.one(auth, await this.writing.create(auth, input));
  }

  @Mutation(() => BriefingModel)
  @Checks('edit', 'BriefingGrant')
  async updateBriefingDraft(@CurrentAuth() auth: RequestAuth, @Args() args: BriefingIdArgs, @Args('input') input: UpdateDraftInput): Promise<BriefingModel> {
    return this.one(auth, await this.writing.updateDraft(auth, args.id, input));
  }

  @Mutation(() => BriefingModel, { description: 'Publishes a draft (for one published on behalf: the trusted organisation approves by publishing).' })
  @Checks('edit', 'BriefingGrant')
  async publishBriefing(@CurrentAuth() auth: RequestAuth, @Args() args: BriefingIdArgs): Promise<BriefingModel> {
    return this.one(auth, await this.writing.publish(auth, args.id));
  }

  @Mutation(() => BriefingModel, { description: 'A new revision of a published briefing; earlier ones stay readable.' })
  @Checks('edit', 'BriefingGrant')
  async editBriefing(@CurrentAuth() auth: RequestAuth, @Args() args: BriefingIdArgs, @Args('input') input: UpdateDraftInput): Promise<BriefingModel> {
    return this.one(auth, await this.writing.editPublished(auth, args.id, input));
  }

  @Mutation(() => BriefingModel)
  @Checks('retract', 'BriefingGrant')
  async retractBriefing(@CurrentAuth() auth: RequestAuth, @Args() args: BriefingIdArgs): Promise<BriefingModel> {
    return this.one(auth, await this.writing.retract(auth, args.id));
  }

  @Mutation(() => BriefingModel, { description: 'Tighten at any time; loosening or widening is audited.' })
  @Checks('classify', 'BriefingGrant')
  async classifyBriefing(@CurrentAuth() auth: RequestAuth, @Args() args: BriefingIdArgs, @Args('input') input: ClassifyBriefingInput): Promise<BriefingModel> {
    return this.one(auth, await this.writing.classify(auth, args.id, input));
  }

  @Mutation(() => BriefingModel, { description: 'Share further, as far as the TLP allows.' })
  @Checks('read', 'BriefingGrant')
  async forwardBriefing(@CurrentAuth() auth: RequestAuth, @Args() args: BriefingIdArgs, @Args('input') input: ForwardBriefingInput): Promise<BriefingModel> {
    return this.one(auth, await this.writing.forward(auth, args.id, input));
  }

  @Mutation(() => BriefingModel, { description: 'Records that you opened it.' })
  @Checks('read', 'BriefingGrant')
  async markBriefingRead(@CurrentAuth() auth: RequestAuth, @Args() args: BriefingIdArgs): Promise<BriefingModel> {
    return this.one(auth, await this.reading.markRead(auth, args.id));
  }

  @Mutation(() => BriefingModel, { description: 'Acknowledges on behalf of your organisation.' })
  @Checks('acknowledge', 'BriefingGrant')
  async acknowledgeBriefing(@CurrentAuth() auth: RequestAuth, @Args() args: AcknowledgeArgs): Promise<BriefingModel> {
    return this.one(auth, await this.reading.acknowledge(auth, args.id, args.organisationId));
  }

  @Mutation(() => ShareRequestModel, { description: 'Ask the source to share the briefing wider.' })
  @Checks('read', 'BriefingGrant')
  async askToShareBriefing(@CurrentAuth() auth: RequestAuth, @Args('input') input: AskToShareInput): Promise<ShareRequestModel> {
    return toShareRequest(await this.shares.ask(auth, input));
  }

  @Mutation(() => ShareRequestModel)
  @Checks('decideShareRequest', 'BriefingGrant')
  async decideShareRequest(@CurrentAuth() auth: RequestAuth, @Args() args: DecideShareArgs): Promise<ShareRequestModel> {
    return toShareRequest(await this.shares.decide(auth, args.requestId, args.approve));
  }

  private async one(auth: RequestAuth, entity: Parameters<BriefingPresenter['present']>[1][number]): Promise<BriefingModel> {
    return (await this.presenter.present(auth, [entity]))[0]!;
  }
}
