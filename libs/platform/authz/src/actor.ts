export type OrganisationRole = 'ADMIN' | 'MEMBER';
export type NetworkStanding = 'MEMBER' | 'PARTNER';

/**
 * Who is calling, as facts read from the database at the start of the request. Every permission
 * is derived from these facts; nothing else grants access.
 */
export interface Actor {
  userId: string;
  sessionId: string;
  isOperator: boolean;
  /** Active memberships only; a suspended membership, or one whose organisation requires a second factor the user has not set up, is absent. */
  memberships: { organisationId: string; role: OrganisationRole }[];
  /** The networks the actor's organisations belong to, and as what. */
  networkStandings: { networkId: string; organisationId: string; standing: NetworkStanding }[];
  coordinatedNetworkIds: string[];
}

export const organisationIdsOf = (actor: Actor, role?: OrganisationRole): string[] =>
  actor.memberships.filter((m) => !role || m.role === role).map((m) => m.organisationId);

export const networkIdsOf = (actor: Actor, standing?: NetworkStanding): string[] => [
  ...new Set(actor.networkStandings.filter((s) => !standing || s.standing === standing).map((s) => s.networkId)),
];
