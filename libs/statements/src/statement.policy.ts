import { type Policy, type PublicPolicy, organisationIdsOf } from '@sw/authz';

/**
 * Who may do what with joint statements.
 *
 * `Statement` is a statement as seen through one organisation taking part in it: its fields are
 * that organisation's id, role and sign-on status, and the statement's own status, opening and
 * embargo (see ACCESS_COLUMNS). A caller may do something when one of their organisations' rows
 * allows it, or when a rule without an organisation does (published statements). Whether the
 * statement's status allows it right now is the state machine's answer, not a permission.
 *
 * `StatementSignOn` is one organisation's own sign-on: its admins act for it, and so do the
 * members it named as signers (`signerUserId` is the caller's id when they were named).
 *
 * The platform operator gets nothing here beyond what every signed-in user gets.
 */
export const statementPolicy: Policy = ({ can }, actor) => {
  const memberOf = organisationIdsOf(actor);
  const adminOf = organisationIdsOf(actor, 'ADMIN');

  can(['read', 'export'], 'Statement', { status: 'PUBLISHED' });
  if (memberOf.length === 0) return;
  const mine = { $in: memberOf };

  can('create', 'Statement', { leadOrganisationId: mine });
  can(['read', 'comment', 'suggest', 'revise', 'export'], 'Statement', { organisationId: mine, role: { $in: ['LEAD', 'DRAFTER'] } });
  can('lead', 'Statement', { organisationId: mine, role: 'LEAD' });
  // Invited organisations see the text from OPEN_FOR_SIGNATURE on; during an embargo only those that signed.
  can(['read', 'comment', 'suggest'], 'Statement', { organisationId: mine, role: 'INVITED', openedAt: { $ne: null }, embargoUntil: null });
  can(['read', 'comment', 'suggest'], 'Statement', { organisationId: mine, role: 'INVITED', signOnStatus: 'APPROVED' });

  can(['review', 'addName'], 'StatementSignOn', { organisationId: mine });
  can(['sign', 'decline', 'withdraw'], 'StatementSignOn', { organisationId: mine, signerUserId: actor.userId });
  if (adminOf.length > 0) {
    can(['sign', 'decline', 'withdraw', 'nameSigners'], 'StatementSignOn', { organisationId: { $in: adminOf } });
  }
};

/** What anyone may read, signed in or not: published statements, through the public feed (public fields only). */
export const statementPublicPolicy: PublicPolicy = ({ can }) => {
  can('readPublic', 'Statement', { status: 'PUBLISHED' });
};
