import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { DataSource, In } from 'typeorm';
import { Checks, CurrentAuth, type RequestAuth, Requires } from '@sw/authz';
import { type ConnectionShape, type GraphqlContext, PageArgs } from '@sw/graphql';
import { StatementDraftingService } from './statement-drafting.service.js';
import { toHtml, toMarkdown } from './statement-export.js';
import { StatementPublicationService, listedRevisionId } from './statement-publication.service.js';
import { StatementRevisionEntity } from './statement.entity.js';
import {
  CreateStatementInput, DeadlineArgs, ExportArgs, IdArgs, InviteToStatementInput, OpenStatementArgs, PublishStatementInput,
  StatementIdArgs, StatementsArgs,
} from './statement.inputs.js';
import { mapEdges, StatementMapper, toStatement, toSuggestion } from './statement.mappers.js';
import {
  StatementCommentConnection, StatementConnection, StatementExportFormatEnum, StatementModel, StatementParticipantModel,
  StatementRevisionConnection, StatementRevisionModel, StatementSignatoryModel, StatementSuggestionConnection,
} from './statement.model.js';
import type { StatementCommentModel, StatementSuggestionModel } from './statement.model.js';
import { StatementService } from './statement.service.js';

/** Statements: reading them, the leads' steps, and what a statement shows to whom. */
@Resolver(() => StatementModel)
export class StatementResolver {
  constructor(
    private readonly service: StatementService,
    private readonly drafting: StatementDraftingService,
    private readonly publication: StatementPublicationService,
    private readonly mapper: StatementMapper,
    private readonly dataSource: DataSource,
  ) {}

  @Query(() => StatementConnection, { description: 'Statements you may read, newest first.' })
  @Checks('read', 'Statement')
  async statements(@CurrentAuth() auth: RequestAuth, @Args() args: StatementsArgs): Promise<ConnectionShape<StatementModel>> {
    return mapEdges(await this.service.list(auth, args, args), toStatement);
  }

  @Query(() => StatementModel)
  @Checks('read', 'Statement')
  async statement(@CurrentAuth() auth: RequestAuth, @Args() args: IdArgs): Promise<StatementModel> {
    return toStatement(await this.service.get(auth, args.id));
  }

  @Query(() => String, { description: 'The statement with its signatories, as Markdown or sanitised HTML. Drafts: lead and drafting organisations only (audited).' })
  @Checks('export', 'Statement')
  async statementExport(@CurrentAuth() auth: RequestAuth, @Args() args: ExportArgs): Promise<string> {
    const source = await this.publication.exportable(auth, args.statementId, args.language);
    return args.format === StatementExportFormatEnum.HTML ? toHtml(source) : toMarkdown(source);
  }

  @Mutation(() => StatementModel, { description: 'Starts a statement for an organisation you belong to, which becomes its lead.' })
  @Requires('create', 'Statement')
  async createStatement(@CurrentAuth() auth: RequestAuth, @Args('input') input: CreateStatementInput): Promise<StatementModel> {
    return toStatement(await this.service.create(auth, input));
  }

  @Mutation(() => StatementModel, { description: 'Adds organisations (or every organisation of a network) as leads, drafters or invited signatories.' })
  @Checks('lead', 'Statement')
  async inviteToStatement(@CurrentAuth() auth: RequestAuth, @Args('input') input: InviteToStatementInput): Promise<StatementModel> {
    return toStatement(await this.service.invite(auth, input));
  }

  @Mutation(() => StatementModel, { description: 'DRAFTING → OPEN_FOR_SIGNATURE: invited organisations see the text from now on.' })
  @Checks('lead', 'Statement')
  async openStatementForSignature(@CurrentAuth() auth: RequestAuth, @Args() args: OpenStatementArgs): Promise<StatementModel> {
    return toStatement(await this.service.open(auth, args.statementId, args.deadline));
  }

  @Mutation(() => StatementModel, { description: 'OPEN_FOR_SIGNATURE → CLOSED: no more signatures.' })
  @Checks('lead', 'Statement')
  async closeStatement(@CurrentAuth() auth: RequestAuth, @Args() args: StatementIdArgs): Promise<StatementModel> {
    return toStatement(await this.service.close(auth, args.statementId));
  }

  @Mutation(() => StatementModel, { description: 'CLOSED → PUBLISHED now, or at embargoUntil; only signatures confirmed on that revision are listed.' })
  @Checks('lead', 'Statement')
  async publishStatement(@CurrentAuth() auth: RequestAuth, @Args('input') input: PublishStatementInput): Promise<StatementModel> {
    return toStatement(await this.publication.publish(auth, input.statementId, input.revisionId, input.embargoUntil));
  }

  @Mutation(() => StatementModel, { description: 'Any status → WITHDRAWN.' })
  @Checks('lead', 'Statement')
  async withdrawStatement(@CurrentAuth() auth: RequestAuth, @Args() args: StatementIdArgs): Promise<StatementModel> {
    return toStatement(await this.service.withdraw(auth, args.statementId));
  }

  @Mutation(() => StatementModel)
  @Checks('lead', 'Statement')
  async setStatementDeadline(@CurrentAuth() auth: RequestAuth, @Args() args: DeadlineArgs): Promise<StatementModel> {
    return toStatement(await this.service.setDeadline(auth, args.statementId, args.deadline));
  }

  @ResolveField(() => StatementRevisionModel, { description: 'The current revision (for readers of a published statement, the published one).' })
  async currentRevision(@Parent() parent: StatementModel, @Context() ctx: GraphqlContext): Promise<StatementRevisionModel> {
    const { statement, tier } = parent.access;
    const id = tier === 'reader' ? statement.publicationRevisionId! : statement.currentRevisionId;
    const loader = ctx.loaders.get('statements.revisionById', async (keys) => {
      const rows = await this.dataSource.getRepository(StatementRevisionEntity).findBy({ id: In([...keys]) });
      return new Map(rows.map((r) => [r.id, r]));
    });
    const [model] = await this.mapper.revisions([(await loader.load(id))!], tier === 'drafter');
    return model!;
  }

  @ResolveField(() => StatementRevisionConnection, { description: 'Newest first; invited organisations see those since the statement opened.' })
  async revisions(@Parent() parent: StatementModel, @Args() page: PageArgs): Promise<ConnectionShape<StatementRevisionModel>> {
    const result = await this.drafting.revisions(parent.access, page);
    const models = await this.mapper.revisions(result.edges.map((e) => e.node), parent.access.tier === 'drafter');
    return { pageInfo: result.pageInfo, edges: result.edges.map((e, i) => ({ cursor: e.cursor, node: models[i]! })) };
  }

  @ResolveField(() => [StatementParticipantModel], { description: 'Lead and drafting organisations see every organisation; invited ones the leads, drafters and themselves.' })
  async participants(@Parent() parent: StatementModel): Promise<StatementParticipantModel[]> {
    return this.mapper.participants(await this.service.participants(parent.access), parent.access);
  }

  @ResolveField(() => [StatementSignatoryModel], {
    description: 'Organisations confirmed on the published revision (before publication: on the current one, shown to lead and drafting organisations).',
  })
  async signatories(@Parent() parent: StatementModel): Promise<StatementSignatoryModel[]> {
    const { statement, tier } = parent.access;
    if (tier !== 'drafter' && statement.status !== 'PUBLISHED') return [];
    const map = await this.publication.signatories(this.dataSource.manager, [{ statement, revisionId: listedRevisionId(statement) }]);
    return map.get(statement.id)!;
  }

  @ResolveField(() => StatementCommentConnection)
  async comments(@Parent() parent: StatementModel, @Args() page: PageArgs): Promise<ConnectionShape<StatementCommentModel>> {
    const result = await this.drafting.comments(parent.access, page);
    const models = await this.mapper.comments(result.edges.map((e) => e.node), parent.access.tier === 'drafter');
    return { pageInfo: result.pageInfo, edges: result.edges.map((e, i) => ({ cursor: e.cursor, node: models[i]! })) };
  }

  @ResolveField(() => StatementSuggestionConnection)
  async suggestions(@Parent() parent: StatementModel, @Args() page: PageArgs): Promise<ConnectionShape<StatementSuggestionModel>> {
    return mapEdges(await this.drafting.suggestions(parent.access, page), toSuggestion);
  }
}
