import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Checks, CurrentAuth, type RequestAuth, Requires } from '@sw/authz';
import { type ConnectionShape, PageArgs } from '@sw/graphql';
import {
  CoordinatorArgs, CreateInvitationInput, CreateOrganisationInput, IdArgs, NetworkPageArgs,
  OrganisationPageArgs, SetRoleArgs, SetStandingInput, SuspendArgs, TwoFactorPolicyArgs,
} from './identity.inputs.js';
import { toInvitation, toMembership } from './identity.mappers.js';
import {
  InvitationConnection, InvitationIssuedModel, InvitationModel, MembershipConnection, MembershipModel,
  NetworkConnection, NetworkModel, NetworkOrganisationConnection, type NetworkOrganisationModel, NetworkStandingEnum,
  OrganisationConnection, OrganisationModel,
} from './identity.model.js';
import { InvitationService } from './invitation.service.js';
import { OrganisationService } from './organisation.service.js';

const mapEdges = <A, B>(c: ConnectionShape<A>, f: (a: A) => B): ConnectionShape<B> => ({
  pageInfo: c.pageInfo,
  edges: c.edges.map((e) => ({ cursor: e.cursor, node: f(e.node) })),
});

/** Organisations, networks, memberships and invitations. */
@Resolver()
export class OrganisationResolver {
  constructor(
    private readonly organisationService: OrganisationService,
    private readonly invitationService: InvitationService,
  ) {}

  @Query(() => OrganisationConnection, { description: 'Organisations you belong to (all of them for the operator).' })
  @Checks('read', 'Organisation')
  organisations(@CurrentAuth() auth: RequestAuth, @Args() page: PageArgs): Promise<ConnectionShape<OrganisationModel>> {
    return this.organisationService.listOrganisations(auth.ability, page);
  }

  @Query(() => OrganisationModel)
  @Checks('read', 'Organisation')
  organisation(@CurrentAuth() auth: RequestAuth, @Args() args: IdArgs): Promise<OrganisationModel> {
    return this.organisationService.organisation(auth.ability, args.id);
  }

  @Query(() => NetworkConnection)
  @Checks('read', 'Network')
  networks(@CurrentAuth() auth: RequestAuth, @Args() page: PageArgs): Promise<ConnectionShape<NetworkModel>> {
    return this.organisationService.listNetworks(auth.ability, page);
  }

  @Query(() => NetworkModel)
  @Checks('read', 'Network')
  network(@CurrentAuth() auth: RequestAuth, @Args() args: IdArgs): Promise<NetworkModel> {
    return this.organisationService.network(auth.ability, args.id);
  }

  @Query(() => NetworkOrganisationConnection, { description: "A network's organisations and their standing (coordinators and the operator)." })
  @Checks('read', 'NetworkOrganisation')
  async networkOrganisations(@CurrentAuth() auth: RequestAuth, @Args() args: NetworkPageArgs): Promise<ConnectionShape<NetworkOrganisationModel>> {
    const page = await this.organisationService.standings(auth.ability, args.networkId, args);
    return mapEdges(page, (s) => ({ networkId: s.networkId, organisationId: s.organisationId, standing: NetworkStandingEnum[s.standing] }));
  }

  @Query(() => MembershipConnection)
  @Checks('read', 'Membership')
  async members(@CurrentAuth() auth: RequestAuth, @Args() args: OrganisationPageArgs): Promise<ConnectionShape<MembershipModel>> {
    return mapEdges(await this.organisationService.members(auth.ability, args.organisationId, args), toMembership);
  }

  @Query(() => InvitationConnection)
  @Checks('read', 'Invitation')
  async invitations(@CurrentAuth() auth: RequestAuth, @Args() args: OrganisationPageArgs): Promise<ConnectionShape<InvitationModel>> {
    return mapEdges(await this.invitationService.list(auth.ability, args.organisationId, args), toInvitation);
  }

  @Mutation(() => OrganisationModel)
  @Requires('create', 'Organisation')
  createOrganisation(@CurrentAuth() auth: RequestAuth, @Args('input') input: CreateOrganisationInput): Promise<OrganisationModel> {
    return this.organisationService.createOrganisation(auth.actor!.userId, input);
  }

  @Mutation(() => NetworkModel)
  @Requires('create', 'Network')
  createNetwork(@CurrentAuth() auth: RequestAuth, @Args('input') input: CreateOrganisationInput): Promise<NetworkModel> {
    return this.organisationService.createNetwork(auth.actor!.userId, input);
  }

  @Mutation(() => Boolean)
  @Checks('manage', 'NetworkOrganisation')
  async setNetworkStanding(@CurrentAuth() auth: RequestAuth, @Args('input') input: SetStandingInput): Promise<boolean> {
    await this.organisationService.setStanding(auth.ability, auth.actor!.userId, input.networkId, input.organisationId, input.standing ?? null);
    return true;
  }

  @Mutation(() => Boolean)
  @Requires('appoint', 'NetworkCoordinator')
  async setNetworkCoordinator(@CurrentAuth() auth: RequestAuth, @Args() args: CoordinatorArgs): Promise<boolean> {
    await this.organisationService.setCoordinator(auth.actor!.userId, args.networkId, args.userId, args.appointed);
    return true;
  }

  @Mutation(() => OrganisationModel)
  @Checks('update', 'Organisation')
  setOrganisationRequiresTwoFactor(@CurrentAuth() auth: RequestAuth, @Args() args: TwoFactorPolicyArgs): Promise<OrganisationModel> {
    return this.organisationService.setRequiresTwoFactor(auth.ability, auth.actor!.userId, args.organisationId, args.required);
  }

  @Mutation(() => MembershipModel)
  @Checks('update', 'Membership')
  async setMemberRole(@CurrentAuth() auth: RequestAuth, @Args() args: SetRoleArgs): Promise<MembershipModel> {
    return toMembership(await this.organisationService.setMemberRole(auth.ability, auth.actor!.userId, args.membershipId, args.role));
  }

  @Mutation(() => MembershipModel, { description: "Suspending ends every session of the member's account at once." })
  @Checks('suspend', 'Membership')
  async suspendMember(@CurrentAuth() auth: RequestAuth, @Args() args: SuspendArgs): Promise<MembershipModel> {
    return toMembership(await this.organisationService.suspendMember(auth.ability, auth.actor!.userId, args.id, args.suspended));
  }

  @Mutation(() => Boolean)
  @Checks('remove', 'Membership')
  async removeMember(@CurrentAuth() auth: RequestAuth, @Args() args: IdArgs): Promise<boolean> {
    await this.organisationService.removeMember(auth.ability, auth.actor!.userId, args.id);
    return true;
  }

  @Mutation(() => Boolean, { description: 'Operator only: suspend or reinstate an account platform-wide.' })
  @Requires('suspend', 'User')
  async suspendUser(@CurrentAuth() auth: RequestAuth, @Args() args: SuspendArgs): Promise<boolean> {
    await this.organisationService.suspendUser(auth.actor!.userId, args.id, args.suspended);
    return true;
  }

  @Mutation(() => InvitationIssuedModel)
  @Checks('create', 'Invitation')
  async createInvitation(@CurrentAuth() auth: RequestAuth, @Args('input') input: CreateInvitationInput): Promise<InvitationIssuedModel> {
    const { invitation, token } = await this.invitationService.invite(auth.ability, auth.actor!.userId, input);
    return { invitation: toInvitation(invitation), token };
  }

  @Mutation(() => InvitationModel)
  @Checks('revoke', 'Invitation')
  async revokeInvitation(@CurrentAuth() auth: RequestAuth, @Args() args: IdArgs): Promise<InvitationModel> {
    return toInvitation(await this.invitationService.revoke(auth.ability, auth.actor!.userId, args.id));
  }
}
