import { type Policy, networkIdsOf, organisationIdsOf } from '@sw/authz';

/** The participant states that hold a seat. */
export const SEATED = ['CONFIRMED', 'ATTENDED'];

/**
 * Who may do what with workshops. A workshop is seen through its grants (the `workshop_access`
 * view: one row per organising organisation, organiser, audience and participant) and a rule
 * holds when it holds for one of them (workshop-access.ts evaluates it in SQL, EXISTS-wise).
 *
 * - `Workshop` fields: kind, organisationId, networkId, userId, participantState (of the grant),
 *   status, published (of the workshop).
 * - `Participant` fields: userId, state, shareIdentity (of the participant), accessKind,
 *   accessUserId, accessOrganisationId, accessState (of the grant).
 *
 * Being an organiser needs both the organiser row and a live membership of the organisation it
 * was given through, so suspending or removing a member ends their organiser rights at once.
 */
export const workshopsPolicy: Policy = ({ can }, actor) => {
  const me = actor.userId;
  const memberOf = organisationIdsOf(actor);
  const adminOf = organisationIdsOf(actor, 'ADMIN');
  const networks = networkIdsOf(actor);

  if (adminOf.length > 0) can('create', 'Workshop', { kind: 'ORGANISING_ORG', organisationId: { $in: adminOf } });

  if (memberOf.length > 0) {
    const organiser = { kind: 'ORGANISER', userId: me, organisationId: { $in: memberOf } };
    // Members of the organising organisations see it from PLANNING on (the content, not the people).
    can('read', 'Workshop', { kind: 'ORGANISING_ORG', organisationId: { $in: memberOf } });
    can('read', 'Workshop', { kind: 'AUDIENCE', organisationId: { $in: memberOf }, published: true });
    can('register', 'Workshop', { kind: 'ORGANISING_ORG', organisationId: { $in: memberOf }, status: 'OPEN' });
    can('register', 'Workshop', { kind: 'AUDIENCE', organisationId: { $in: memberOf }, status: 'OPEN' });
    can(['organise', 'readVenue'], 'Workshop', organiser);

    const organiserOfParticipant = { accessKind: 'ORGANISER', accessUserId: me, accessOrganisationId: { $in: memberOf } };
    can(['read', 'readProtected', 'organise'], 'Participant', organiserOfParticipant);
  }
  if (networks.length > 0) {
    can('read', 'Workshop', { kind: 'AUDIENCE', networkId: { $in: networks }, published: true });
    can('register', 'Workshop', { kind: 'AUDIENCE', networkId: { $in: networks }, status: 'OPEN' });
  }
  // Invited or registered people see the workshop once it is published; the venue once seated.
  can('read', 'Workshop', { kind: 'PARTICIPANT', userId: me, published: true });
  can('readVenue', 'Workshop', { kind: 'PARTICIPANT', userId: me, participantState: { $in: SEATED } });

  // Their own participation: read, change, cancel, and the protected fields.
  can(['read', 'readProtected', 'update'], 'Participant', { userId: me });
  // Fellow participants only when both are seated and the other chose to be seen.
  can('read', 'Participant', { accessKind: 'PARTICIPANT', accessUserId: me, accessState: { $in: SEATED }, shareIdentity: true, state: { $in: SEATED } });
};
