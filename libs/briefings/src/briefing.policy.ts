import { type Policy, type PublicPolicy, networkIdsOf, organisationIdsOf } from '@sw/authz';

/**
 * Who may do what with a briefing, stated on its grant rows (`briefing_audience`: kind,
 * principalId, status), so the same rules filter every list and look-up in SQL. A briefing is
 * readable when one of its grants matches. The operator gets nothing here.
 */
export const briefingPolicy: Policy = ({ can }, actor) => {
  const orgs = organisationIdsOf(actor);
  const adminOf = organisationIdsOf(actor, 'ADMIN');
  const memberNetworks = networkIdsOf(actor, 'MEMBER');
  const anyNetworks = networkIdsOf(actor);
  const published = 'PUBLISHED';

  // Reading.
  can('read', 'BriefingGrant', { kind: 'AUTHOR', principalId: actor.userId });
  can('read', 'BriefingGrant', { kind: 'USER', principalId: actor.userId, status: published });
  can('read', 'BriefingGrant', { kind: 'EVERYONE', status: published });
  if (orgs.length > 0) {
    can('read', 'BriefingGrant', { kind: 'ORGANISATION', principalId: { $in: orgs }, status: published });
    can('read', 'BriefingGrant', { kind: 'PUBLISHER', principalId: { $in: orgs }, status: published });
    can('read', 'BriefingGrant', { kind: 'ORIGIN', principalId: { $in: orgs } });
  }
  if (adminOf.length > 0) can('read', 'BriefingGrant', { kind: 'PUBLISHER_REVIEW', principalId: { $in: adminOf } });
  if (memberNetworks.length > 0) can('read', 'BriefingGrant', { kind: 'NETWORK_MEMBERS', principalId: { $in: memberNetworks }, status: published });
  if (anyNetworks.length > 0) can('read', 'BriefingGrant', { kind: 'NETWORK_ALL', principalId: { $in: anyNetworks }, status: published });

  // Acknowledging for an organisation: a member of an organisation the briefing reaches.
  can('acknowledge', 'BriefingGrant', { kind: 'USER', principalId: actor.userId, status: published });
  if (orgs.length > 0) can('acknowledge', 'BriefingGrant', { kind: 'ORGANISATION', principalId: { $in: orgs }, status: published });
  if (memberNetworks.length > 0) can('acknowledge', 'BriefingGrant', { kind: 'NETWORK_MEMBERS', principalId: { $in: memberNetworks }, status: published });
  if (anyNetworks.length > 0) can('acknowledge', 'BriefingGrant', { kind: 'NETWORK_ALL', principalId: { $in: anyNetworks }, status: published });
  can('acknowledge', 'BriefingGrant', { kind: 'EVERYONE', status: published });

  // The source: the author, and the admins of the publishing and originating organisations.
  for (const action of ['edit', 'classify', 'retract', 'decideShareRequest', 'viewReceipts', 'attach']) {
    can(action, 'BriefingGrant', { kind: 'AUTHOR', principalId: actor.userId });
    if (adminOf.length > 0) {
      can(action, 'BriefingGrant', { kind: 'PUBLISHER', principalId: { $in: adminOf } });
      can(action, 'BriefingGrant', { kind: 'ORIGIN', principalId: { $in: adminOf } });
    }
  }
  // Members of the source organisations see who read it.
  if (orgs.length > 0) {
    can('viewReceipts', 'BriefingGrant', { kind: 'PUBLISHER', principalId: { $in: orgs } });
    can('viewReceipts', 'BriefingGrant', { kind: 'ORIGIN', principalId: { $in: orgs } });
  }
  // Publishing on behalf: the trusted organisation's admins approve and publish.
  if (adminOf.length > 0) can('approvePublication', 'BriefingGrant', { kind: 'PUBLISHER_REVIEW', principalId: { $in: adminOf } });

  // Writing a briefing for an organisation one belongs to.
  if (orgs.length > 0) can('create', 'Briefing', { organisationId: { $in: orgs } });
};

/** TLP:CLEAR once published: disclosure is not limited, so the public feed may carry it. */
export const publicBriefingPolicy: PublicPolicy = ({ can }) => {
  can('readPublic', 'BriefingGrant', { kind: 'EVERYONE', status: 'PUBLISHED' });
};
