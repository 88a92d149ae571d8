import { type Policy, organisationIdsOf } from '@sw/authz';

/** Org admins read their organisation's entries; coordinators read their network's. */
export const auditPolicy: Policy = ({ can }, actor) => {
  const adminOf = organisationIdsOf(actor, 'ADMIN');
  if (adminOf.length > 0) can('read', 'AuditEntry', { organisationId: { $in: adminOf } });
  if (actor.coordinatedNetworkIds.length > 0) {
    can('read', 'AuditEntry', { networkId: { $in: actor.coordinatedNetworkIds } });
  }
};
