import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Checks, CurrentAuth, type RequestAuth } from '@sw/authz';
import type { ConnectionShape, GraphqlContext } from '@sw/graphql';
import { AgendaService } from './agenda.service.js';
import { ParticipantService } from './participant.service.js';
import {
  CreateWorkshopInput, IdArgs, NestedParticipantsArgs, OrganiserArgs, SetAudienceInput, SetStatusArgs, UpdateWorkshopInput, WorkshopsArgs,
} from './workshop.inputs.js';
import { mapEdges, toSession, toWorkshop } from './workshop.mappers.js';
import {
  AgendaSessionModel, AudienceModel, OrganiserModel, ParticipantConnection, ParticipantModel, WorkshopConnection,
  WorkshopLocationModel, WorkshopModel,
} from './workshop.model.js';
import type { ParticipantState, WorkshopStatus } from './workshop.entity.js';
import { WorkshopService } from './workshop.service.js';

/** Workshops: the root fields, and the fields whose rules are checked per workshop. */
@Resolver(() => WorkshopModel)
export class WorkshopResolver {
  constructor(
    private readonly workshopService: WorkshopService,
    private readonly participantService: ParticipantService,
    private readonly agendaService: AgendaService,
  ) {}

  @Query(() => WorkshopConnection, { description: 'Workshops you may see: organised by your organisations, opened to them or their networks, or that you take part in.' })
  @Checks('read', 'Workshop')
  async workshops(@CurrentAuth() auth: RequestAuth, @Args() args: WorkshopsArgs): Promise<ConnectionShape<WorkshopModel>> {
    return mapEdges(await this.workshopService.list(auth.ability, { ...args, status: args.status as WorkshopStatus | null }), toWorkshop);
  }

  @Query(() => WorkshopModel)
  @Checks('read', 'Workshop')
  async workshop(@CurrentAuth() auth: RequestAuth, @Args() args: IdArgs): Promise<WorkshopModel> {
    return toWorkshop(await this.workshopService.get(auth.ability, args.id));
  }

  @Mutation(() => WorkshopModel, { description: 'Admins of the organising organisation create a workshop in PLANNING; they become its first organiser.' })
  @Checks('create', 'Workshop')
  async createWorkshop(@CurrentAuth() auth: RequestAuth, @Args('input') input: CreateWorkshopInput): Promise<WorkshopModel> {
    return toWorkshop(await this.workshopService.create(auth.ability, auth.actor!.userId, input));
  }

  @Mutation(() => WorkshopModel)
  @Checks('organise', 'Workshop')
  async updateWorkshop(@CurrentAuth() auth: RequestAuth, @Args('input') input: UpdateWorkshopInput): Promise<WorkshopModel> {
    return toWorkshop(await this.workshopService.update(auth.ability, auth.actor!.userId, input));
  }

  @Mutation(() => WorkshopModel, { description: 'PLANNING → OPEN → CLOSED → HELD (CLOSED may reopen), or CANCELLED.' })
  @Checks('organise', 'Workshop')
  async setWorkshopStatus(@CurrentAuth() auth: RequestAuth, @Args() args: SetStatusArgs): Promise<WorkshopModel> {
    return toWorkshop(await this.workshopService.setStatus(auth.ability, auth.actor!.userId, args.id, args.status as WorkshopStatus));
  }

  @Mutation(() => AudienceModel, { description: 'Who may see it once OPEN and register: these organisations and networks (replaces the list).' })
  @Checks('organise', 'Workshop')
  async setWorkshopAudience(@CurrentAuth() auth: RequestAuth, @Args('input') input: SetAudienceInput): Promise<AudienceModel> {
    await this.workshopService.setAudience(auth.ability, auth.actor!.userId, input);
    return this.workshopService.audience(auth.ability, input.workshopId);
  }

  @Mutation(() => Boolean, { description: 'Adds an organiser, through an organisation they are a member of (it then co-organises).' })
  @Checks('organise', 'Workshop')
  async addWorkshopOrganiser(@CurrentAuth() auth: RequestAuth, @Args() args: OrganiserArgs): Promise<boolean> {
    await this.workshopService.addOrganiser(auth.ability, auth.actor!.userId, args.workshopId, args.userId, args.organisationId);
    return true;
  }

  @Mutation(() => Boolean)
  @Checks('organise', 'Workshop')
  async removeWorkshopOrganiser(@CurrentAuth() auth: RequestAuth, @Args() args: OrganiserArgs): Promise<boolean> {
    await this.workshopService.removeOrganiser(auth.ability, auth.actor!.userId, args.workshopId, args.userId);
    return true;
  }

  // ---- fields ---------------------------------------------------------------------------------

  private flags(auth: RequestAuth, ctx: GraphqlContext) {
    return ctx.loaders.get('workshops.flags', async (ids) => {
      const { organises, venue } = await this.workshopService.flags(auth.ability, ids);
      return new Map(ids.map((id) => [id, { organises: organises.has(id), venue: venue.has(id) }]));
    });
  }

  @ResolveField(() => Boolean, { description: 'You are one of its organisers.' })
  async viewerIsOrganiser(@Parent() w: WorkshopModel, @CurrentAuth() auth: RequestAuth, @Context() ctx: GraphqlContext): Promise<boolean> {
    return (await this.flags(auth, ctx).load(w.id))?.organises ?? false;
  }

  @ResolveField(() => WorkshopLocationModel, { nullable: true, description: 'Venue and link: null unless you organise it or hold a seat.' })
  async location(@Parent() w: WorkshopModel, @CurrentAuth() auth: RequestAuth, @Context() ctx: GraphqlContext): Promise<WorkshopLocationModel | null> {
    if (!(await this.flags(auth, ctx).load(w.id))?.venue) return null;
    return this.workshopService.decryptLocation(w.source);
  }

  @ResolveField(() => [String], { description: 'The organising organisations.' })
  async organiserOrganisationIds(@Parent() w: WorkshopModel, @Context() ctx: GraphqlContext): Promise<string[]> {
    const loader = ctx.loaders.get('workshops.organisingOrganisations', (ids) => this.workshopService.organisingOrganisations(ids));
    return (await loader.load(w.id)) ?? [];
  }

  @ResolveField(() => [OrganiserModel], { nullable: true, description: 'The organising team: visible to the organisers.' })
  async organisers(@Parent() w: WorkshopModel, @CurrentAuth() auth: RequestAuth, @Context() ctx: GraphqlContext): Promise<OrganiserModel[] | null> {
    if (!(await this.flags(auth, ctx).load(w.id))?.organises) return null;
    return this.workshopService.team(w.id);
  }

  @ResolveField(() => AudienceModel, { nullable: true, description: 'Who it is opened to: visible to the organisers.' })
  async audience(@Parent() w: WorkshopModel, @CurrentAuth() auth: RequestAuth, @Context() ctx: GraphqlContext): Promise<AudienceModel | null> {
    if (!(await this.flags(auth, ctx).load(w.id))?.organises) return null;
    return this.workshopService.audience(auth.ability, w.id);
  }

  @ResolveField(() => ParticipantConnection, { description: 'Organisers see everyone; participants see seated participants who chose to be seen, and themselves.' })
  async participants(@Parent() w: WorkshopModel, @CurrentAuth() auth: RequestAuth, @Args() args: NestedParticipantsArgs): Promise<ConnectionShape<ParticipantModel>> {
    const page = await this.participantService.list(auth.ability, w.id, { ...args, state: args.state as ParticipantState | null });
    const models = await this.participantService.toModels(auth.ability, auth.actor!.userId, page.edges.map((e) => e.node));
    return { pageInfo: page.pageInfo, edges: page.edges.map((e, i) => ({ cursor: e.cursor, node: models[i]! })) };
  }

  @ResolveField(() => ParticipantModel, { nullable: true, description: 'Your own participation, if any.' })
  async myParticipation(@Parent() w: WorkshopModel, @CurrentAuth() auth: RequestAuth, @Context() ctx: GraphqlContext): Promise<ParticipantModel | null> {
    const loader = ctx.loaders.get('workshops.myParticipation', async (ids) => {
      const rows = await this.participantService.myParticipation(auth.ability, auth.actor!.userId, ids);
      const models = await this.participantService.toModels(auth.ability, auth.actor!.userId, [...rows.values()]);
      return new Map(models.map((m) => [m.workshopId, m]));
    });
    return loader.load(w.id);
  }

  /** The parent was read through the caller's rules (list or look-up): one batched load for the page, not a check and a query per workshop. */
  @ResolveField(() => [AgendaSessionModel])
  async agenda(@Parent() w: WorkshopModel, @Context() ctx: GraphqlContext): Promise<AgendaSessionModel[]> {
    const loader = ctx.loaders.get('workshops.agenda', (ids) => this.agendaService.agendasOf(ids));
    return ((await loader.load(w.id)) ?? []).map(toSession);
  }
}
