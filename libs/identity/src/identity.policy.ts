import { type Policy, networkIdsOf, organisationIdsOf } from '@sw/authz';

/**
 * Who may see and manage organisations, networks, memberships, invitations and sessions.
 * The platform operator manages structure (networks, organisations, accounts) and is given no
 * rule on anything a domain holds as content.
 */
export const identityPolicy: Policy = ({ can }, actor) => {
  const memberOf = organisationIdsOf(actor);
  const adminOf = organisationIdsOf(actor, 'ADMIN');
  const networks = [...new Set([...networkIdsOf(actor), ...actor.coordinatedNetworkIds])];

  can('read', 'Session', { userId: actor.userId });
  can('revoke', 'Session', { userId: actor.userId });

  if (memberOf.length > 0) {
    can('read', 'Organisation', { id: { $in: memberOf } });
    can('read', 'Membership', { organisationId: { $in: memberOf } });
  }
  if (adminOf.length > 0) {
    can('update', 'Organisation', { id: { $in: adminOf } });
    can(['update', 'suspend', 'remove'], 'Membership', { organisationId: { $in: adminOf } });
    can(['create', 'read', 'revoke'], 'Invitation', { organisationId: { $in: adminOf } });
  }
  if (networks.length > 0) can('read', 'Network', { id: { $in: networks } });
  if (actor.coordinatedNetworkIds.length > 0) {
    can('read', 'NetworkOrganisation', { networkId: { $in: actor.coordinatedNetworkIds } });
    can('manage', 'NetworkOrganisation', { networkId: { $in: actor.coordinatedNetworkIds } });
  }

  if (actor.isOperator) {
    can(['create', 'read'], 'Organisation');
    can(['create', 'read'], 'Network');
    can(['read', 'manage'], 'NetworkOrganisation');
    can(['appoint', 'remove'], 'NetworkCoordinator');
    // Only to bootstrap an organisation that has no active admin: never a way into one that has.
    can('create', 'Invitation', { organisationHasActiveAdmin: false });
    can(['suspend', 'reinstate'], 'User');
  }
};
