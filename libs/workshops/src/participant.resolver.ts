import { Args, Context, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Checks, CurrentAuth, type RequestAuth, SignedIn } from '@sw/authz';
import { type ConnectionShape, type GraphqlContext, PageArgs } from '@sw/graphql';
import { ParticipantService } from './participant.service.js';
import type { ProtectedData } from './protected-fields.js';
import {
  DecideArgs, IdArgs, InviteInput, ParticipantIdArgs, ParticipantsArgs, RegisterInput, RespondArgs, SetRoleArgs, TokenArgs, UpdateParticipationInput,
} from './workshop.inputs.js';
import type { ParticipantEntity, ParticipantRole, ParticipantState } from './workshop.entity.js';
import {
  ParticipantConnection, ParticipantModel, ParticipantStateEnum, ProtectedDataModel, SessionPersonModel, WorkshopInvitationIssuedModel,
} from './workshop.model.js';

/** Participants: every path to a participant goes through `toModels` and the `protectedData` field below. */
@Resolver(() => ParticipantModel)
export class ParticipantResolver {
  constructor(private readonly participants: ParticipantService) {}

  private async one(auth: RequestAuth, row: ParticipantEntity): Promise<ParticipantModel> {
    return (await this.participants.toModels(auth.ability, auth.actor!.userId, [row]))[0]!;
  }

  private async page(auth: RequestAuth, page: ConnectionShape<ParticipantEntity>): Promise<ConnectionShape<ParticipantModel>> {
    const models = await this.participants.toModels(auth.ability, auth.actor!.userId, page.edges.map((e) => e.node));
    return { pageInfo: page.pageInfo, edges: page.edges.map((e, i) => ({ cursor: e.cursor, node: models[i]! })) };
  }

  @Query(() => ParticipantConnection, { description: 'Organisers see everyone; participants see seated participants who chose to be seen, and themselves.' })
  @Checks('read', 'Participant')
  async workshopParticipants(@CurrentAuth() auth: RequestAuth, @Args() args: ParticipantsArgs): Promise<ConnectionShape<ParticipantModel>> {
    return this.page(auth, await this.participants.list(auth.ability, args.workshopId, { ...args, state: args.state as ParticipantState | null }));
  }

  @Query(() => ParticipantModel)
  @Checks('read', 'Participant')
  async workshopParticipant(@CurrentAuth() auth: RequestAuth, @Args() args: IdArgs): Promise<ParticipantModel> {
    return this.one(auth, await this.participants.get(auth.ability, args.id));
  }

  @Query(() => ParticipantConnection, { description: 'Your invitations, registrations and participations.' })
  @SignedIn()
  async myWorkshopParticipations(@CurrentAuth() auth: RequestAuth, @Args() args: PageArgs): Promise<ConnectionShape<ParticipantModel>> {
    return this.page(auth, await this.participants.mine(auth.ability, auth.actor!.userId, args));
  }

  @Mutation(() => ParticipantModel, { description: 'Registers you (or, as an admin, a member of your organisation as delegate). FIRST_COME workshops confirm or waitlist at once, in application order.' })
  @Checks('register', 'Workshop')
  async registerForWorkshop(@CurrentAuth() auth: RequestAuth, @Args('input') input: RegisterInput): Promise<ParticipantModel> {
    return this.one(auth, await this.participants.register(auth.ability, auth.actor!, input));
  }

  @Mutation(() => WorkshopInvitationIssuedModel, { description: 'Organisers invite a user, or someone by e-mail (a one-time token, valid INVITATION_TTL_HOURS).' })
  @Checks('organise', 'Workshop')
  async inviteToWorkshop(@CurrentAuth() auth: RequestAuth, @Args('input') input: InviteInput): Promise<WorkshopInvitationIssuedModel> {
    const { participant, token } = await this.participants.invite(auth.ability, auth.actor!.userId, input);
    return { participant: await this.one(auth, participant), token };
  }

  @Mutation(() => ParticipantModel, { description: 'Redeems an e-mail invitation with the account of the invited address.' })
  @SignedIn()
  async acceptWorkshopInvitation(@CurrentAuth() auth: RequestAuth, @Args() args: TokenArgs): Promise<ParticipantModel> {
    return this.one(auth, await this.participants.acceptInvitation(auth.actor!.userId, args.token));
  }

  @Mutation(() => ParticipantModel, { description: 'Accept or decline an invitation you received as a user.' })
  @Checks('update', 'Participant')
  async respondToWorkshopInvitation(@CurrentAuth() auth: RequestAuth, @Args() args: RespondArgs): Promise<ParticipantModel> {
    return this.one(auth, await this.participants.respond(auth.ability, auth.actor!.userId, args.participantId, args.accept));
  }

  @Mutation(() => ParticipantModel, { description: 'Organisers approve (seat or waiting list) or reject an application.' })
  @Checks('organise', 'Participant')
  async decideWorkshopApplication(@CurrentAuth() auth: RequestAuth, @Args() args: DecideArgs): Promise<ParticipantModel> {
    return this.one(auth, await this.participants.decide(auth.ability, auth.actor!.userId, args.participantId, args.approve));
  }

  @Mutation(() => ParticipantModel, { description: 'By the participant or an organiser; a freed seat goes to the first on the waiting list.' })
  @Checks('update', 'Participant')
  async cancelWorkshopParticipation(@CurrentAuth() auth: RequestAuth, @Args() args: ParticipantIdArgs): Promise<ParticipantModel> {
    return this.one(auth, await this.participants.cancel(auth.ability, auth.actor!.userId, args.participantId));
  }

  @Mutation(() => ParticipantModel)
  @Checks('organise', 'Participant')
  async markWorkshopAttendance(@CurrentAuth() auth: RequestAuth, @Args() args: ParticipantIdArgs): Promise<ParticipantModel> {
    return this.one(auth, await this.participants.markAttended(auth.ability, auth.actor!.userId, args.participantId));
  }

  @Mutation(() => ParticipantModel)
  @Checks('organise', 'Participant')
  async setWorkshopParticipantRole(@CurrentAuth() auth: RequestAuth, @Args() args: SetRoleArgs): Promise<ParticipantModel> {
    return this.one(auth, await this.participants.setRole(auth.ability, auth.actor!.userId, args.participantId, args.role as ParticipantRole));
  }

  @Mutation(() => ParticipantModel, { description: 'Your own: whether others may see your name and organisation, and your protected details.' })
  @Checks('update', 'Participant')
  async updateMyWorkshopParticipation(@CurrentAuth() auth: RequestAuth, @Args('input') input: UpdateParticipationInput): Promise<ParticipantModel> {
    return this.one(auth, await this.participants.updateOwn(auth.ability, auth.actor!.userId, input));
  }

  @ResolveField(() => Int, { nullable: true, description: 'Place on the waiting list (1 = next to get a seat) while WAITLISTED; organisers and the participant only.' })
  async waitlistPosition(@Parent() p: ParticipantModel, @Context() ctx: GraphqlContext): Promise<number | null> {
    if (!p.fullView || p.state !== ParticipantStateEnum.WAITLISTED) return null;
    const loader = ctx.loaders.get('workshops.waitlistPlace', (ids) => this.participants.waitlistPlaces(ids));
    return (await loader.load(p.id)) ?? null;
  }

  /** The one path to the protected fields: the field rule per row, the audit entry for organisers. */
  @ResolveField(() => ProtectedDataModel, { nullable: true, description: 'Organisers (every read is audited) and the participant; null for anyone else.' })
  async protectedData(@Parent() p: ParticipantModel, @CurrentAuth() auth: RequestAuth, @Context() ctx: GraphqlContext): Promise<ProtectedData | null> {
    const loader = ctx.loaders.get('workshops.protectedData', (ids) => this.participants.protectedData(auth.ability, auth.actor!.userId, ids, 'graphql'));
    return loader.load(p.id);
  }
}

/** A session's speaker or facilitator, under the same participant rules. */
@Resolver(() => SessionPersonModel)
export class SessionPersonResolver {
  constructor(private readonly participants: ParticipantService) {}

  @ResolveField(() => ParticipantModel, { nullable: true })
  async participant(@Parent() person: SessionPersonModel, @CurrentAuth() auth: RequestAuth, @Context() ctx: GraphqlContext): Promise<ParticipantModel | null> {
    const loader = ctx.loaders.get('workshops.participantById', async (ids) => {
      const rows = await this.participants.readable(auth.ability, ids);
      const models = await this.participants.toModels(auth.ability, auth.actor!.userId, rows);
      return new Map(models.map((m) => [m.id, m]));
    });
    return loader.load(person.participantId);
  }
}
