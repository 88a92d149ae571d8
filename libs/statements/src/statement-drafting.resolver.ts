import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Checks, CurrentAuth, type RequestAuth } from '@sw/authz';
import { StatementDraftingService } from './statement-drafting.service.js';
import { AcceptSuggestionArgs, CommentInput, DiffArgs, IdArgs, ResolveCommentArgs, SaveRevisionInput, SuggestEditInput } from './statement.inputs.js';
import { StatementMapper, toSuggestion } from './statement.mappers.js';
import { DiffOpEnum, StatementCommentModel, StatementDiffModel, StatementRevisionModel, StatementSuggestionModel } from './statement.model.js';

/** Writing the text together: revisions, comments, suggested edits and diffs. */
@Resolver()
export class StatementDraftingResolver {
  constructor(
    private readonly drafting: StatementDraftingService,
    private readonly mapper: StatementMapper,
  ) {}

  @Mutation(() => StatementRevisionModel, {
    description: 'Saves a new revision. If another was saved after baseRevisionId the answer is CONFLICT, whose extensions hold the current revision, your text and a line diff.',
  })
  @Checks('revise', 'Statement')
  async saveStatementRevision(@CurrentAuth() auth: RequestAuth, @Args('input') input: SaveRevisionInput): Promise<StatementRevisionModel> {
    const [model] = await this.mapper.revisions([await this.drafting.save(auth, input)], true);
    return model!;
  }

  @Query(() => StatementDiffModel, { description: 'A line diff between two revisions you may read.' })
  @Checks('read', 'Statement')
  async statementDiff(@CurrentAuth() auth: RequestAuth, @Args() args: DiffArgs): Promise<StatementDiffModel> {
    const diff = await this.drafting.diff(auth, args.statementId, args.fromRevisionId, args.toRevisionId);
    const lines = (l: { op: string; text: string }[]) => l.map((line) => ({ op: DiffOpEnum[line.op as DiffOpEnum], text: line.text }));
    return { title: lines(diff.title), texts: diff.texts.map((t) => ({ language: t.language, lines: lines(t.lines) })) };
  }

  @Mutation(() => StatementCommentModel, { description: 'A comment on a revision, optionally about a quoted passage of it.' })
  @Checks('comment', 'Statement')
  async commentOnStatement(@CurrentAuth() auth: RequestAuth, @Args('input') input: CommentInput): Promise<StatementCommentModel> {
    const [model] = await this.mapper.comments([await this.drafting.comment(auth, input)], true);
    return model!;
  }

  @Mutation(() => StatementCommentModel)
  @Checks('comment', 'Statement')
  async resolveStatementComment(@CurrentAuth() auth: RequestAuth, @Args() args: ResolveCommentArgs): Promise<StatementCommentModel> {
    const [model] = await this.mapper.comments([await this.drafting.resolveComment(auth, args.id, args.resolved)], false);
    return model!;
  }

  @Mutation(() => StatementSuggestionModel, { description: 'Proposes replacing a passage of a revision; a lead accepts or rejects it.' })
  @Checks('suggest', 'Statement')
  async suggestStatementEdit(@CurrentAuth() auth: RequestAuth, @Args('input') input: SuggestEditInput): Promise<StatementSuggestionModel> {
    return toSuggestion(await this.drafting.suggest(auth, input));
  }

  @Mutation(() => StatementRevisionModel, { description: 'Applies the suggestion to the current text as a new revision.' })
  @Checks('lead', 'Statement')
  async acceptStatementSuggestion(@CurrentAuth() auth: RequestAuth, @Args() args: AcceptSuggestionArgs): Promise<StatementRevisionModel> {
    const [model] = await this.mapper.revisions([await this.drafting.accept(auth, args.id, args.organisationId)], true);
    return model!;
  }

  @Mutation(() => StatementSuggestionModel)
  @Checks('lead', 'Statement')
  async rejectStatementSuggestion(@CurrentAuth() auth: RequestAuth, @Args() args: IdArgs): Promise<StatementSuggestionModel> {
    return toSuggestion(await this.drafting.reject(auth, args.id));
  }
}
