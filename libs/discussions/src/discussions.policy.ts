import { type Policy, networkIdsOf, organisationIdsOf } from '@sw/authz';

/**
 * Threads in a network's space are for the members of its MEMBER organisations (partners do not
 * see internal spaces) and its coordinators, who moderate them; threads in an organisation's
 * space are for its active members, moderated by its admins. Threads attached to a briefing,
 * statement or workshop are granted by that domain's provider (ThreadSubjects), not here. The
 * operator has no rule: it reads no content it is not an audience of.
 *
 * One rule per alternative (the matcher has no $or); conditions on plain columns only, so the
 * same rules filter in SQL.
 */
export const discussionsPolicy: Policy = ({ can }, actor) => {
  const memberNetworks = networkIdsOf(actor, 'MEMBER');
  const coordinated = actor.coordinatedNetworkIds;
  const memberOf = organisationIdsOf(actor);
  const adminOf = organisationIdsOf(actor, 'ADMIN');

  for (const networks of [memberNetworks, coordinated]) {
    if (networks.length > 0) can(['read', 'create'], 'Thread', { spaceNetworkId: { $in: networks } });
  }
  if (memberOf.length > 0) can(['read', 'create'], 'Thread', { spaceOrganisationId: { $in: memberOf } });

  if (coordinated.length > 0) can('moderate', 'Thread', { spaceNetworkId: { $in: coordinated } });
  if (adminOf.length > 0) can('moderate', 'Thread', { spaceOrganisationId: { $in: adminOf } });

  // Given a thread the actor may read: whoever opened it may mark it resolved (moderators may too).
  can('resolve', 'Thread', { createdBy: actor.userId });
  // Given a message the actor may read: its author may edit and delete it (moderators may delete).
  can(['update', 'delete'], 'Message', { authorId: actor.userId });
};
