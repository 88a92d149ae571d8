// The victim and the attackers, made through the running app's API (and a few SQL look-ups of ids).
//
// The victim is lantern-lawyers (a kestrel-network member): deniz (its admin, coordinator of
// kestrel-network) and ece (a member) own one of everything the API can hold — briefings (AMBER to
// the organisation, RED to ece alone, a draft), an attachment, a share request, a thread with
// messages, a statement in drafting with revisions, a comment and a suggestion, a workshop opened
// to the organisation alone with a participant's protected data, an agenda, a task, a letter
// template and an e-mail invitation, a pending invitation into the organisation, and a network of
// its own (ember-circle). Every title and body carries a MARK so a leak is found by searching the
// serialised response for it.
//
// The attackers are every kind of user the issue names, none of whom may reach any of it:
// anonymous, the platform operator, a member and an admin of another organisation of the same
// network, a partner organisation's admin, an admin in another network, a member removed from
// lantern-lawyers (who posted in its thread before), and a lantern-lawyers member whose session was
// revoked (the token is kept and replayed).
import { randomUUID } from 'node:crypto';
import { DEMO_PASSWORD } from '@sw/identity';
import { type Client, ok, type Target } from './target.js';

export const ACTORS = ['anonymous', 'operator', 'otherOrgMember', 'otherOrgAdmin', 'partner', 'otherNetwork', 'removedMember', 'revokedSession'] as const;
export type Actor = (typeof ACTORS)[number];
export const ACTOR_EMAIL: Record<Exclude<Actor, 'anonymous'>, string> = {
  operator: 'operator@demo.invalid',
  otherOrgMember: 'selin@demo.invalid', // member of open-press-desk (kestrel member)
  otherOrgAdmin: 'kerem@demo.invalid', // admin of open-press-desk
  partner: 'nazli@demo.invalid', // admin of workers-ledger (kestrel partner)
  otherNetwork: 'hanna@demo.invalid', // admin of quiet-harbour (harbour-group only)
  removedMember: 'gone@demo.invalid', // was a member of lantern-lawyers
  revokedSession: 'revoked@demo.invalid', // member of lantern-lawyers; this token was revoked
};
export const PASSPHRASE = 'a long enough fictional passphrase';
/** In every title and body of the victim's things. */
export const MARK = 'zq-victim-mark';

export interface World {
  org: Record<string, string>;
  net: Record<string, string>;
  user: Record<string, string>;
  victim: { deniz: Client; ece: Client };
  as: Record<Actor, Client>;
  /** The victim's things, by name. */
  id: {
    lantern: string; ember: string; kestrel: string;
    eceMembership: string; denizSession: string; invitation: string;
    briefingAmber: string; briefingRed: string; briefingDraft: string; attachment: string; shareRequest: string;
    thread: string; message: string; goneMessage: string;
    statement: string; revision1: string; revision2: string; comment: string; suggestion: string;
    workshop: string; participant: string; guestParticipant: string; invitedParticipant: string; agendaSession: string; task: string;
  };
  /** An e-mail invitation to the workshop, for guest@demo.invalid (who has no account). */
  workshopInvitationToken: string;
  /** Marked texts of the victim's things (titles, bodies, protected fields). */
  texts: string[];
}

const RED_BODY = `${MARK} red body: the hearing is moved, witness name Ayşe K.`;
export const PROTECTED = {
  legalName: `${MARK} Ayşe Gül Yıldırım`,
  travelNeeds: `${MARK} night bus from Diyarbakır`,
  visaSupportNeeds: `${MARK} Schengen visa`,
  passportNationality: `${MARK} Türkiye`,
  dietaryNeeds: `${MARK} vegetarian`,
  accessibilityNeeds: `${MARK} step-free`,
  phone: '+90 555 017 3341',
  emergencyContact: `${MARK} Mehmet, +90 555 010 4050`,
};

export async function buildWorld(t: Target): Promise<World> {
  const org: Record<string, string> = {};
  const net: Record<string, string> = {};
  for (const r of await t.sql('SELECT id, slug FROM organisations')) org[r.slug] = r.id;
  for (const r of await t.sql('SELECT id, slug FROM networks')) net[r.slug] = r.id;
  const lantern = org['lantern-lawyers']!;
  const [deniz, ece, operator] = await Promise.all([t.signIn('deniz@demo.invalid'), t.signIn('ece@demo.invalid'), t.signIn('operator@demo.invalid')]);

  // Two more members of lantern-lawyers: one will be removed, one will lose its session.
  const joined: Record<string, Client> = {};
  for (const name of ['gone', 'revoked']) {
    const issued = await ok(deniz, 'mutation($input: CreateInvitationInput!) { createInvitation(input: $input) { token } }', {
      input: { organisationId: lantern, email: `${name}@demo.invalid`, role: 'MEMBER' },
    });
    const accepted = await ok(t.client(), 'mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { token } }', {
      input: { token: issued.createInvitation.token, password: PASSPHRASE, displayName: `${name} person` },
    });
    joined[name] = t.client(accepted.acceptInvitation.token);
  }
  const user: Record<string, string> = {};
  for (const r of await t.sql(`SELECT id, split_part(email, '@', 1) AS name FROM users`)) user[r.name] = r.id;

  // Briefings.
  const briefing = async (tlp: string, audience: Record<string, unknown>, title: string, body: string, publish = true) => {
    const made = await ok(deniz, 'mutation($input: CreateBriefingInput!) { createBriefing(input: $input) { id } }', {
      input: { organisationId: lantern, title, summary: `${MARK} summary`, body, language: 'en', tlp, audience: { userIds: [], organisationIds: [], networks: [], ...audience } },
    });
    const briefingId: string = made.createBriefing.id;
    if (publish) await ok(deniz, 'mutation($id: ID!) { publishBriefing(id: $id) { id } }', { id: briefingId });
    return briefingId;
  };
  const briefingAmber = await briefing('AMBER', { organisationIds: [lantern] }, `${MARK} amber briefing`, `${MARK} amber body`);
  const briefingRed = await briefing('RED', { userIds: [user['ece']] }, `${MARK} red briefing`, RED_BODY);
  const briefingDraft = await briefing('AMBER', { organisationIds: [lantern] }, `${MARK} draft briefing`, `${MARK} draft body`, false);
  const upload = await fetch(`${t.url}/briefings/${briefingAmber}/attachments?filename=${encodeURIComponent(`${MARK}-notes.pdf`)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${deniz.token}` },
    body: Buffer.from(`%PDF-1.4\n% ${MARK}\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n`),
  });
  if (upload.status >= 300) throw new Error(`upload: ${upload.status} ${await upload.text()}`);
  const [{ id: attachment }] = await t.sql('SELECT id FROM briefing_attachments WHERE briefing_id = $1', [briefingAmber]);
  await ok(ece, 'mutation($id: ID!) { markBriefingRead(id: $id) { id } }', { id: briefingRed });
  const asked = await ok(ece, 'mutation($input: AskToShareInput!) { askToShareBriefing(input: $input) { id } }', {
    input: { briefingId: briefingRed, organisationId: lantern, organisationIds: [lantern], reason: `${MARK} share reason` },
  });
  const shareRequest: string = asked.askToShareBriefing.id;

  // A thread of the organisation, with messages (one by the member who will be removed).
  const made = await ok(deniz, 'mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }', {
    input: { spaceKind: 'ORGANISATION', spaceId: lantern, title: `${MARK} thread` },
  });
  const thread: string = made.createThread.id;
  const postAs = async (client: Client, body: string, extra: Record<string, unknown> = {}) =>
    (await ok(client, 'mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }', { input: { threadId: thread, clientId: randomUUID(), body, ...extra } })).postMessage.id as string;
  const message = await postAs(ece, `${MARK} message by ece`, { requestAcknowledgement: true, mentionUserIds: [user['deniz']] });
  const goneMessage = await postAs(joined['gone']!, `${MARK} message by the member who was removed`);
  await postAs(deniz, `${MARK} reply by deniz`, { replyToId: message });
  await ok(deniz, 'mutation($m: ID!) { setReaction(messageId: $m, emoji: "👍", reacted: true) { id } }', { m: message });

  // A statement in drafting: lantern-lawyers alone.
  const created = await ok(deniz, 'mutation($input: CreateStatementInput!) { createStatement(input: $input) { id currentRevision { id } } }', {
    input: {
      title: `${MARK} statement`, referenceLanguage: 'en', texts: [{ language: 'en', body: `${MARK} we call for\ntheir release.\n` }],
      leadOrganisationId: lantern, draftingOrganisationIds: [], invitedOrganisationIds: [],
    },
  });
  const statement: string = created.createStatement.id;
  const revision1: string = created.createStatement.currentRevision.id;
  const saved = await ok(deniz, 'mutation($input: SaveRevisionInput!) { saveStatementRevision(input: $input) { id } }', {
    input: { statementId: statement, baseRevisionId: revision1, texts: [{ language: 'en', body: `${MARK} we call for\ntheir immediate release.\n` }] },
  });
  const revision2: string = saved.saveStatementRevision.id;
  const commented = await ok(ece, 'mutation($input: CommentInput!) { commentOnStatement(input: $input) { id } }', {
    input: { statementId: statement, revisionId: revision2, body: `${MARK} comment`, quote: 'immediate' },
  });
  const suggested = await ok(ece, 'mutation($input: SuggestEditInput!) { suggestStatementEdit(input: $input) { id } }', {
    input: { statementId: statement, revisionId: revision2, language: 'en', quote: 'immediate', replacement: `${MARK} unconditional` },
  });

  // A workshop opened to lantern-lawyers alone, with ece registered and her protected data.
  const workshopMade = await ok(deniz, 'mutation($input: CreateWorkshopInput!) { createWorkshop(input: $input) { id } }', {
    input: {
      organisationId: lantern, title: `${MARK} workshop`, description: `${MARK} description`, format: 'HYBRID',
      venue: `${MARK} venue, room 3`, onlineUrl: 'https://meet.example.invalid/zq-victim-mark', city: 'Ankara', country: 'TR',
      startsAt: '2027-03-10T07:00:00.000Z', endsAt: '2027-03-12T16:00:00.000Z', timeZone: 'Europe/Istanbul',
      registrationDeadline: '2027-03-01T00:00:00.000Z', capacity: 10, languages: ['tr', 'en'], interpretation: ['en'], admission: 'FIRST_COME',
    },
  });
  const workshop: string = workshopMade.createWorkshop.id;
  await ok(deniz, 'mutation($input: SetAudienceInput!) { setWorkshopAudience(input: $input) { organisationIds } }', {
    input: { workshopId: workshop, networkIds: [], organisationIds: [lantern] },
  });
  await ok(deniz, 'mutation($id: ID!) { setWorkshopStatus(id: $id, status: OPEN) { status } }', { id: workshop });
  const registered = await ok(ece, 'mutation($input: RegisterInput!) { registerForWorkshop(input: $input) { id } }', {
    input: { workshopId: workshop, organisationId: lantern, shareIdentity: true, protectedData: PROTECTED },
  });
  const participant: string = registered.registerForWorkshop.id;
  const invited = await ok(deniz, 'mutation($input: InviteInput!) { inviteToWorkshop(input: $input) { token participant { id } } }', {
    input: { workshopId: workshop, email: 'guest@demo.invalid', role: 'SPEAKER' },
  });
  // And a user invited in person (baran, of campus-voices: no attacker), who has not answered yet.
  const invitedUser = await ok(deniz, 'mutation($input: InviteInput!) { inviteToWorkshop(input: $input) { participant { id } } }', {
    input: { workshopId: workshop, userId: user['baran'], role: 'PARTICIPANT' },
  });
  const session = await ok(deniz, 'mutation($input: AgendaSessionInput!) { saveAgendaSession(input: $input) { id } }', {
    input: {
      workshopId: workshop, title: `${MARK} session`, description: `${MARK} agenda`, track: 'main',
      startsAt: '2027-03-10T08:00:00.000Z', endsAt: '2027-03-10T09:00:00.000Z', people: [{ participantId: participant, role: 'SPEAKER' }],
    },
  });
  const task = await ok(deniz, 'mutation($input: TaskInput!) { saveWorkshopTask(input: $input) { id } }', {
    input: { workshopId: workshop, title: `${MARK} book the room`, assigneeUserId: user['deniz'] },
  });
  await ok(deniz, 'mutation($input: LetterTemplateInput!) { setWorkshopLetterTemplate(input: $input) { language } }', {
    input: { workshopId: workshop, language: 'en', body: `${MARK} letter for {{participantName}}` },
  });

  // A pending invitation into the organisation, and a network of lantern-lawyers alone.
  const invitation = await ok(deniz, 'mutation($input: CreateInvitationInput!) { createInvitation(input: $input) { invitation { id } } }', {
    input: { organisationId: lantern, email: 'invitee-zq@demo.invalid', role: 'MEMBER' },
  });
  const ember = await ok(operator, 'mutation { createNetwork(input: { name: "Ember Circle zq-victim-mark", slug: "ember-circle" }) { id } }');
  net['ember-circle'] = ember.createNetwork.id;
  await ok(operator, 'mutation($input: SetStandingInput!) { setNetworkStanding(input: $input) }', {
    input: { networkId: net['ember-circle'], organisationId: lantern, standing: 'MEMBER' },
  });

  // The attackers. The removed member posted above while still a member; the revoked token is replayed.
  const [membership] = await t.sql(`SELECT m.id FROM memberships m WHERE m.user_id = $1 AND m.organisation_id = $2`, [user['gone'], lantern]);
  await ok(deniz, 'mutation($id: ID!) { removeMember(id: $id) }', { id: membership.id });
  await ok(joined['revoked']!, 'mutation { revokeAllSessions }');
  const as = { anonymous: t.client() } as Record<Actor, Client>;
  as.operator = operator;
  // Removal ended the removed member's sessions; the account lives on, and signs in again.
  as.removedMember = await t.signIn(ACTOR_EMAIL.removedMember, PASSPHRASE);
  as.revokedSession = joined['revoked']!;
  for (const actor of ['otherOrgMember', 'otherOrgAdmin', 'partner', 'otherNetwork'] as const) as[actor] = await t.signIn(ACTOR_EMAIL[actor], DEMO_PASSWORD);

  const [eceMembership] = await t.sql('SELECT id FROM memberships WHERE user_id = $1 AND organisation_id = $2', [user['ece'], lantern]);
  const [denizSession] = await t.sql('SELECT id FROM sessions WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at LIMIT 1', [user['deniz']]);
  const texts = (
    await t.sql<{ text: string }>(
      `SELECT title AS text FROM briefings WHERE publisher_organisation_id = $1
       UNION ALL SELECT title FROM threads WHERE id = $2
       UNION ALL SELECT title FROM statements WHERE id = $3`,
      [lantern, thread, statement],
    )
  ).map((r) => r.text);
  return {
    org, net, user,
    victim: { deniz, ece },
    as,
    id: {
      lantern, ember: net['ember-circle']!, kestrel: net['kestrel-network']!,
      eceMembership: eceMembership.id, denizSession: denizSession.id, invitation: invitation.createInvitation.invitation.id,
      briefingAmber, briefingRed, briefingDraft, attachment, shareRequest,
      thread, message, goneMessage,
      statement, revision1, revision2, comment: commented.commentOnStatement.id, suggestion: suggested.suggestStatementEdit.id,
      workshop, participant, guestParticipant: invited.inviteToWorkshop.participant.id, invitedParticipant: invitedUser.inviteToWorkshop.participant.id, agendaSession: session.saveAgendaSession.id, task: task.saveWorkshopTask.id,
    },
    workshopInvitationToken: invited.inviteToWorkshop.token,
    texts: [...texts, RED_BODY, ...Object.values(PROTECTED), `${MARK} amber body`, `${MARK} description`, `${MARK} venue, room 3`, `${MARK} book the room`],
  };
}

/** Everything of the victim's that must never appear in an attacker's answer: ids of the victim's things, marked texts, the invitee. */
export function secretsOf(world: World): string[] {
  return [...Object.values(world.id).filter((v) => v !== world.id.kestrel), MARK, PROTECTED.phone, 'invitee-zq@demo.invalid', 'guest@demo.invalid', world.workshopInvitationToken];
}

/** The secrets found in `response`, apart from those the caller sent itself (an echoed id says nothing). */
export function leaked(world: World, response: unknown, sent: unknown): string[] {
  const text = JSON.stringify(response);
  const asked = JSON.stringify(sent ?? null);
  return secretsOf(world).filter((secret) => text.includes(secret) && !asked.includes(secret));
}
