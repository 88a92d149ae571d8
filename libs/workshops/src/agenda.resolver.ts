import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Checks, CurrentAuth, type RequestAuth, SignedIn } from '@sw/authz';
import { type ConnectionShape, paginate } from '@sw/graphql';
import { AgendaService } from './agenda.service.js';
import { ExportService } from './export.service.js';
import { AgendaSessionInput, DownloadInput, IdArgs, LetterTemplateInput, TaskInput, TasksArgs, WorkshopIdArgs } from './workshop.inputs.js';
import { mapEdges, toSession, toTask } from './workshop.mappers.js';
import { AgendaSessionModel, CalendarFeedModel, DownloadLinkModel, LetterTemplateModel, TaskConnection, TaskModel } from './workshop.model.js';

/** The agenda, the organisers' tasks and letter templates, exports and calendar feeds. */
@Resolver()
export class AgendaResolver {
  constructor(
    private readonly agenda: AgendaService,
    private readonly exports: ExportService,
  ) {}

  @Mutation(() => AgendaSessionModel, { description: 'Adds or changes a session: within the dates, never overlapping another in its track.' })
  @Checks('organise', 'Workshop')
  async saveAgendaSession(@CurrentAuth() auth: RequestAuth, @Args('input') input: AgendaSessionInput): Promise<AgendaSessionModel> {
    return toSession(await this.agenda.save(auth.ability, input));
  }

  @Mutation(() => Boolean)
  @Checks('organise', 'Workshop')
  async deleteAgendaSession(@CurrentAuth() auth: RequestAuth, @Args() args: IdArgs): Promise<boolean> {
    await this.agenda.remove(auth.ability, args.id);
    return true;
  }

  @Query(() => String, { description: 'The agenda as iCalendar (.ics) text.' })
  @Checks('read', 'Workshop')
  workshopAgendaIcs(@CurrentAuth() auth: RequestAuth, @Args() args: WorkshopIdArgs): Promise<string> {
    return this.exports.agendaIcs(auth.ability, args.workshopId);
  }

  @Query(() => TaskConnection, { description: "The organisers' task list." })
  @Checks('organise', 'Workshop')
  async workshopTasks(@CurrentAuth() auth: RequestAuth, @Args() args: TasksArgs): Promise<ConnectionShape<TaskModel>> {
    const qb = await this.agenda.tasks(auth.ability, args.workshopId, args.done);
    return mapEdges(await paginate(qb, args, { createdAt: 't.created_at', id: 't.id' }, (t) => t), toTask);
  }

  @Mutation(() => TaskModel, { description: 'Adds or changes a task; the assignee is one of the organisers.' })
  @Checks('organise', 'Workshop')
  async saveWorkshopTask(@CurrentAuth() auth: RequestAuth, @Args('input') input: TaskInput): Promise<TaskModel> {
    return toTask(await this.agenda.saveTask(auth.ability, auth.actor!.userId, input));
  }

  @Mutation(() => Boolean)
  @Checks('organise', 'Workshop')
  async deleteWorkshopTask(@CurrentAuth() auth: RequestAuth, @Args() args: IdArgs): Promise<boolean> {
    await this.agenda.removeTask(auth.ability, args.id);
    return true;
  }

  @Query(() => [LetterTemplateModel], { description: 'Visa letter templates, one per language.' })
  @Checks('organise', 'Workshop')
  workshopLetterTemplates(@CurrentAuth() auth: RequestAuth, @Args() args: WorkshopIdArgs): Promise<LetterTemplateModel[]> {
    return this.exports.listTemplates(auth.ability, args.workshopId);
  }

  @Mutation(() => [LetterTemplateModel])
  @Checks('organise', 'Workshop')
  setWorkshopLetterTemplate(@CurrentAuth() auth: RequestAuth, @Args('input') input: LetterTemplateInput): Promise<LetterTemplateModel[]> {
    return this.exports.setTemplate(auth.ability, auth.actor!.userId, input);
  }

  @Mutation(() => DownloadLinkModel, { description: 'Participant CSV or a visa letter, for organisers, after your password again: a link for one download within five minutes.' })
  @Checks('organise', 'Workshop')
  createWorkshopDownload(@CurrentAuth() auth: RequestAuth, @Args('input') input: DownloadInput): Promise<DownloadLinkModel> {
    return this.exports.createDownload(auth.ability, auth.actor!.userId, input);
  }

  @Mutation(() => CalendarFeedModel, { description: 'A secret calendar URL of the workshops you take part in; a new one replaces the old.' })
  @SignedIn()
  async createCalendarFeed(@CurrentAuth() auth: RequestAuth): Promise<CalendarFeedModel> {
    return { url: await this.exports.createFeed(auth.actor!.userId) };
  }

  @Mutation(() => Boolean, { description: 'Stops your calendar feed URL from working.' })
  @SignedIn()
  revokeCalendarFeed(@CurrentAuth() auth: RequestAuth): Promise<boolean> {
    return this.exports.revokeFeed(auth.actor!.userId);
  }
}
