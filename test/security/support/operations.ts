// Every Query and Mutation root field of apps/api/schema.graphql as an operation an attacker sends
// at the victim's things (support/world.ts), with minimal valid arguments: the authorization matrix
// (authorization-matrix.spec.ts) runs each as every kind of attacker, the input-hostility suite
// (input-hostility.spec.ts) runs each as the victim with hostile strings in place of its texts.
import { randomUUID } from 'node:crypto';
import { DEMO_PASSWORD } from '@sw/identity';
import { ACTOR_EMAIL, ACTORS, type Actor, MARK, PASSPHRASE, type World } from './world.js';

let w: World;
/** The world the operations' arguments are taken from, once it is built. */
export function useWorld(world: World): void {
  w = world;
}

export type Code = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT' | 'RATE_LIMITED';
/**
 * object — acts on one of the victim's things by id: refused, no oracle.
 * create — makes something inside the victim's organisation, network, thread…: refused, no oracle.
 * list   — lists or counts: an answer without any of the victim's data (or a refusal).
 * self   — the caller's own account: anything but an internal error; the victim is untouched.
 * public — @Public(): the entry says what each caller gets.
 */
export type Kind = 'object' | 'create' | 'list' | 'self' | 'public';
/** An exception for one actor: 'ok' (allowed by design, e.g. the operator founding a network) or the codes it may answer. */
export type Override = 'ok' | Code[];
export interface Op {
  doc: string;
  vars?: (actor: Actor) => Record<string, unknown>;
  /** Sign in anew for this cell (the operation ends the caller's session). */
  fresh?: boolean;
  /** Exceptions for this operation only. */
  except?: Partial<Record<Actor, Override>>;
}
export interface Entry {
  kind: Kind;
  ops: Op[];
  except?: Partial<Record<Actor, Override>>;
  /**
   * Further codes a signed-in attacker may be refused with (besides NOT_FOUND and FORBIDDEN), still
   * the same for ids that exist nowhere: BAD_USER_INPUT where the argument names the caller's own
   * organisation and it is none of theirs, or a token that is not valid for the caller.
   */
  refusedWith?: Code[];
  /** For counts: the numbers in the answer must all be 0. */
  zero?: boolean;
}

// ---- the caller's own facts ---------------------------------------------------------------------
export const OWN_ORG: Record<Actor, string> = {
  anonymous: 'lantern-lawyers', operator: 'lantern-lawyers', otherOrgMember: 'open-press-desk', otherOrgAdmin: 'open-press-desk',
  partner: 'workers-ledger', otherNetwork: 'quiet-harbour', removedMember: 'lantern-lawyers', revokedSession: 'lantern-lawyers',
};
export const ownOrg = (actor: Actor) => w.org[OWN_ORG[actor]]!;
export const self = (actor: Actor) => (actor === 'anonymous' ? w.user['selin']! : w.user[ACTOR_EMAIL[actor].split('@')[0]!]!);
export const passwordOf = (actor: Actor) => (actor === 'removedMember' || actor === 'revokedSession' ? PASSPHRASE : DEMO_PASSWORD);
const id = () => w.id;

const TEXT = { title: `attacker ${MARK.length}`, body: 'attacker text' };
const q = (doc: string, vars?: (actor: Actor) => Record<string, unknown>, fresh?: boolean): Op => ({ doc, vars, fresh });
const BRIEFING = 'id title summary bodyMarkdown bodyHtml tlp status source { authorUserId audience { userIds organisationIds networkIds } }';
const THREAD = 'id title lastSeq unreadCount space { id kind }';
const MESSAGE = 'id seq body bodyHtml author { id displayName } mentioned { id displayName }';
const STATEMENT = 'id title status participants { organisationId organisationName signOnStatus } currentRevision { id texts { body } }';
const WORKSHOP = 'id title description location { venue onlineUrl } organisers { userId displayName } audience { organisationIds }';
const PARTICIPANT = 'id displayName userId invitedEmail organisationName protectedData { legalName phone travelNeeds visaSupportNeeds }';
const CONNECTION = (node: string) => `edges { node { ${node} } } pageInfo { hasNextPage }`;

export const MATRIX: Record<string, Entry> = {
  // ---- Query -----------------------------------------------------------------------------------
  auditLog: {
    kind: 'list',
    ops: [
      q(`query($o: ID) { auditLog(organisationId: $o, first: 10) { ${CONNECTION('id action organisationId subjectId subjectType metadata')} } }`, () => ({ o: id().lantern })),
      q(`query($n: ID) { auditLog(networkId: $n, first: 10) { ${CONNECTION('id action networkId subjectId metadata')} } }`, () => ({ n: id().ember })),
      q(`{ auditLog(first: 10) { ${CONNECTION('id action organisationId subjectId metadata')} } }`),
    ],
  },
  briefing: {
    kind: 'object',
    ops: ['briefingRed', 'briefingAmber', 'briefingDraft'].map((b) => q(`query($id: ID!) { briefing(id: $id) { ${BRIEFING} } }`, () => ({ id: id()[b as 'briefingRed'] }))),
  },
  briefingAttachments: { kind: 'object', ops: [q('query($id: ID!) { briefingAttachments(id: $id) { id filename downloadPath } }', () => ({ id: id().briefingAmber }))] },
  briefingAudienceOptions: {
    kind: 'object',
    refusedWith: ['BAD_USER_INPUT'],
    ops: [q('query($o: ID!) { briefingAudienceOptions(organisationId: $o) { networks { id name } organisations { id name } people { id displayName organisation { id name } } } }', () => ({ o: id().lantern }))],
  },
  briefingRecipientByEmail: {
    kind: 'object',
    refusedWith: ['BAD_USER_INPUT'],
    ops: [
      q('query($o: ID!, $e: String!) { briefingRecipientByEmail(organisationId: $o, email: $e) { id displayName organisation { id name } } }', () => ({ o: id().lantern, e: 'ece@demo.invalid' })),
      {
        // Naming a person by the address one already knows is how a writer reaches people of the
        // organisations sharing a network (the reach createBriefing accepts); nothing is listed.
        ...q('query($o: ID!, $e: String!) { briefingRecipientByEmail(organisationId: $o, email: $e) { id displayName organisation { id name } } }', (a) => ({ o: ownOrg(a), e: 'ece@demo.invalid' })),
        except: { otherOrgMember: 'ok', otherOrgAdmin: 'ok', partner: 'ok' },
      },
    ],
  },
  briefingCount: {
    kind: 'list',
    zero: true,
    ops: [
      q('query($f: BriefingFilterInput) { briefingCount(filter: $f) }', () => ({ f: { organisationId: id().lantern } })),
      q('query($f: BriefingFilterInput) { briefingCount(filter: $f) }', () => ({ f: { text: 'victim' } })),
      q('query($f: BriefingFilterInput) { briefingCount(filter: $f) }', () => ({ f: { status: 'DRAFT', organisationId: id().lantern } })),
    ],
  },
  briefingReceipts: {
    kind: 'object',
    ops: [q('query($id: ID!) { briefingReceipts(id: $id) { organisation { id name } readers { userId displayName } unread } }', () => ({ id: id().briefingRed }))],
  },
  briefingRevisions: { kind: 'object', ops: [q('query($id: ID!) { briefingRevisions(id: $id) { revision title bodyMarkdown } }', () => ({ id: id().briefingAmber }))] },
  briefings: {
    kind: 'list',
    ops: [
      q(`query($f: BriefingFilterInput) { briefings(filter: $f, first: 10) { ${CONNECTION(BRIEFING)} } }`, () => ({ f: { organisationId: id().lantern } })),
      q(`query($f: BriefingFilterInput) { briefings(filter: $f, first: 10) { ${CONNECTION(BRIEFING)} } }`, () => ({ f: { text: 'victim' } })),
      q(`query($f: BriefingFilterInput) { briefings(filter: $f, first: 10) { ${CONNECTION(BRIEFING)} } }`, () => ({ f: { status: 'DRAFT' } })),
      q(`query($f: BriefingFilterInput) { briefings(filter: $f, first: 10) { ${CONNECTION(BRIEFING)} } }`, () => ({ f: { networkId: id().ember } })),
    ],
  },
  invitations: { kind: 'list', ops: [q(`query($o: ID!) { invitations(organisationId: $o, first: 10) { ${CONNECTION('id email role')} } }`, () => ({ o: id().lantern }))] },
  me: { kind: 'self', ops: [q('{ me { id email displayName memberships { id organisationId role person { id displayName } } organisationsRequiringTwoFactor } }')] },
  members: { kind: 'list', ops: [q(`query($o: ID!) { members(organisationId: $o, first: 10) { ${CONNECTION('id userId role person { displayName }')} } }`, () => ({ o: id().lantern }))] },
  messageReceipts: {
    kind: 'object',
    ops: [q('query($m: ID!) { messageReceipts(messageId: $m) { audience seen seenBy { organisationId readers { id displayName } } acknowledgements { person { id } } } }', () => ({ m: id().message }))],
  },
  mySessions: { kind: 'self', ops: [q(`{ mySessions(first: 10) { ${CONNECTION('id clientLabel current')} } }`)] },
  myWorkshopParticipations: { kind: 'self', ops: [q(`{ myWorkshopParticipations(first: 10) { ${CONNECTION(PARTICIPANT + ' workshopId')} } }`)] },
  network: { kind: 'object', ops: [q('query($id: ID!) { network(id: $id) { id name slug } }', () => ({ id: id().ember }))], except: { operator: 'ok' } },
  networkOrganisations: {
    kind: 'list',
    ops: [q(`query($n: ID!) { networkOrganisations(networkId: $n, first: 10) { ${CONNECTION('organisationId standing')} } }`, () => ({ n: id().ember }))],
    except: { operator: 'ok' },
  },
  networks: { kind: 'list', ops: [q(`{ networks(first: 10) { ${CONNECTION('id name')} } }`)], except: { operator: 'ok' } },
  organisation: { kind: 'object', ops: [q('query($id: ID!) { organisation(id: $id) { id name slug } }', () => ({ id: id().lantern }))], except: { operator: 'ok' } },
  organisations: { kind: 'list', ops: [q(`{ organisations(first: 10) { ${CONNECTION('id name')} } }`)], except: { operator: 'ok' } },
  shareRequests: { kind: 'object', ops: [q('query($id: ID!) { shareRequests(id: $id) { id reason organisationIds } }', () => ({ id: id().briefingRed }))] },
  statement: { kind: 'object', ops: [q(`query($id: ID!) { statement(id: $id) { ${STATEMENT} } }`, () => ({ id: id().statement }))] },
  statementDiff: {
    kind: 'object',
    ops: [
      q('query($s: ID!, $a: ID!, $b: ID!) { statementDiff(statementId: $s, fromRevisionId: $a, toRevisionId: $b) { title { op text } texts { language lines { op text } } } }', () => ({
        s: id().statement, a: id().revision1, b: id().revision2,
      })),
    ],
  },
  statementExport: {
    kind: 'object',
    ops: ['MARKDOWN', 'HTML'].map((format) => q('query($s: ID!, $f: StatementExportFormat!) { statementExport(statementId: $s, format: $f) }', () => ({ s: id().statement, f: format }))),
  },
  statements: {
    kind: 'list',
    ops: [q(`{ statements(first: 10) { ${CONNECTION(STATEMENT)} } }`), q(`{ statements(first: 10, status: DRAFTING) { ${CONNECTION(STATEMENT)} } }`)],
  },
  thread: { kind: 'object', ops: [q(`query($id: ID!) { thread(threadId: $id) { ${THREAD} } }`, () => ({ id: id().thread }))] },
  threadMessages: {
    kind: 'object',
    ops: [
      q(`query($id: ID!) { threadMessages(threadId: $id, first: 10) { ${CONNECTION(MESSAGE)} } }`, () => ({ id: id().thread })),
      q(`query($id: ID!) { threadMessages(threadId: $id, last: 10) { ${CONNECTION(MESSAGE)} } }`, () => ({ id: id().thread })),
    ],
  },
  threads: {
    kind: 'list',
    ops: [
      q(`query($s: ID!) { threads(spaceKind: ORGANISATION, spaceId: $s, first: 10) { ${CONNECTION(THREAD)} } }`, () => ({ s: id().lantern })),
      q(`query($s: ID!) { threads(spaceKind: NETWORK, spaceId: $s, first: 10) { ${CONNECTION(THREAD)} } }`, () => ({ s: id().ember })),
    ],
  },
  unreadSummary: { kind: 'list', zero: true, ops: [q('{ unreadSummary { messages mentions threads } }')] },
  workshop: { kind: 'object', ops: [q(`query($id: ID!) { workshop(id: $id) { ${WORKSHOP} participants(first: 10) { ${CONNECTION(PARTICIPANT)} } } }`, () => ({ id: id().workshop }))] },
  workshopAgendaIcs: { kind: 'object', ops: [q('query($id: ID!) { workshopAgendaIcs(workshopId: $id) }', () => ({ id: id().workshop }))] },
  workshopLetterTemplates: { kind: 'object', ops: [q('query($id: ID!) { workshopLetterTemplates(workshopId: $id) { language body } }', () => ({ id: id().workshop }))] },
  workshopParticipant: {
    kind: 'object',
    ops: ['participant', 'guestParticipant'].map((p) => q(`query($id: ID!) { workshopParticipant(id: $id) { ${PARTICIPANT} } }`, () => ({ id: id()[p as 'participant'] }))),
  },
  workshopParticipants: { kind: 'object', ops: [q(`query($id: ID!) { workshopParticipants(workshopId: $id, first: 10) { ${CONNECTION(PARTICIPANT)} } }`, () => ({ id: id().workshop }))] },
  workshopTasks: { kind: 'object', ops: [q(`query($id: ID!) { workshopTasks(workshopId: $id, first: 10) { ${CONNECTION('id title assigneeUserId')} } }`, () => ({ id: id().workshop }))] },
  workshops: { kind: 'list', ops: [q(`{ workshops(first: 10) { ${CONNECTION(WORKSHOP)} } }`), q(`{ workshops(first: 10, status: OPEN) { ${CONNECTION(WORKSHOP)} } }`)] },

  // ---- Mutation ----------------------------------------------------------------------------------
  acceptInvitation: {
    kind: 'public',
    ops: [q('mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { token } }', () => ({ input: { token: 'A'.repeat(43), password: PASSPHRASE } }))],
    except: Object.fromEntries(ACTORS.map((a) => [a, ['BAD_USER_INPUT']])),
  },
  acceptStatementSuggestion: {
    kind: 'object',
    ops: [q('mutation($id: ID!, $o: ID) { acceptStatementSuggestion(id: $id, organisationId: $o) { id } }', (a) => ({ id: id().suggestion, o: ownOrg(a) }))],
  },
  acceptWorkshopInvitation: { kind: 'object', refusedWith: ['BAD_USER_INPUT'], ops: [q('mutation($t: String!) { acceptWorkshopInvitation(token: $t) { id workshopId } }', () => ({ t: w.workshopInvitationToken }))] },
  acknowledgeBriefing: {
    kind: 'object',
    ops: [
      q('mutation($id: ID!, $o: ID!) { acknowledgeBriefing(id: $id, organisationId: $o) { id } }', () => ({ id: id().briefingAmber, o: id().lantern })),
      q('mutation($id: ID!, $o: ID!) { acknowledgeBriefing(id: $id, organisationId: $o) { id } }', (a) => ({ id: id().briefingRed, o: ownOrg(a) })),
    ],
  },
  acknowledgeMessage: { kind: 'object', ops: [q('mutation($m: ID!) { acknowledgeMessage(messageId: $m) { id } }', () => ({ m: id().message }))] },
  addIndividualSignature: {
    kind: 'object',
    ops: [q('mutation($s: ID!, $r: ID!, $o: ID!) { addIndividualSignature(statementId: $s, revisionId: $r, organisationId: $o) }', () => ({ s: id().statement, r: id().revision2, o: id().lantern }))],
  },
  addWorkshopOrganiser: {
    kind: 'object',
    ops: [q('mutation($w: ID!, $u: ID!, $o: ID) { addWorkshopOrganiser(workshopId: $w, userId: $u, organisationId: $o) }', (a) => ({ w: id().workshop, u: self(a), o: ownOrg(a) }))],
  },
  askToShareBriefing: {
    kind: 'object',
    refusedWith: ['BAD_USER_INPUT'],
    ops: [
      q('mutation($input: AskToShareInput!) { askToShareBriefing(input: $input) { id } }', (a) => ({
        input: { briefingId: id().briefingRed, organisationId: ownOrg(a), organisationIds: [ownOrg(a)], reason: TEXT.body },
      })),
    ],
  },
  beginTotpEnrollment: { kind: 'self', ops: [q('mutation($p: String!) { beginTotpEnrollment(password: $p) { secret } }', (a) => ({ p: passwordOf(a) }))] },
  cancelWorkshopParticipation: { kind: 'object', ops: [q('mutation($p: ID!) { cancelWorkshopParticipation(participantId: $p) { id state } }', () => ({ p: id().participant }))] },
  changePassword: {
    kind: 'self',
    ops: [q('mutation($input: ChangePasswordInput!) { changePassword(input: $input) }', () => ({ input: { currentPassword: 'not the password at all', newPassword: 'another long passphrase 1' } }))],
  },
  classifyBriefing: {
    kind: 'object',
    ops: [
      q('mutation($id: ID!, $input: ClassifyBriefingInput!) { classifyBriefing(id: $id, input: $input) { id tlp } }', () => ({ id: id().briefingRed, input: { tlp: 'CLEAR' } })),
      q('mutation($id: ID!, $input: ClassifyBriefingInput!) { classifyBriefing(id: $id, input: $input) { id } }', (a) => ({
        id: id().briefingAmber, input: { add: { organisationIds: [ownOrg(a)], userIds: [self(a)], networks: [] } },
      })),
    ],
  },
  closeStatement: { kind: 'object', ops: [q('mutation($s: ID!) { closeStatement(statementId: $s) { id status } }', () => ({ s: id().statement }))] },
  commentOnStatement: {
    kind: 'object',
    ops: [q('mutation($input: CommentInput!) { commentOnStatement(input: $input) { id } }', () => ({ input: { statementId: id().statement, revisionId: id().revision2, body: TEXT.body } }))],
  },
  confirmTotpEnrollment: { kind: 'self', ops: [q('mutation { confirmTotpEnrollment(code: "000000") { codes } }')] },
  createBriefing: {
    kind: 'create',
    refusedWith: ['BAD_USER_INPUT'],
    ops: [
      q('mutation($input: CreateBriefingInput!) { createBriefing(input: $input) { id } }', () => ({
        input: { organisationId: id().lantern, title: TEXT.title, body: TEXT.body, language: 'en', tlp: 'GREEN', audience: { organisationIds: [], userIds: [], networks: [] } },
      })),
      {
        // Asking another organisation to publish on one's behalf is open to members of organisations in
        // a network it shares (PRODUCT: "an organisation at risk can ask a trusted organisation"); it
        // makes the asker's own draft, which the trusted organisation's admins may approve or ignore.
        ...q('mutation($input: CreateBriefingInput!) { createBriefing(input: $input) { id } }', (a) => ({
          input: { organisationId: ownOrg(a), publishAsOrganisationId: id().lantern, title: TEXT.title, body: TEXT.body, language: 'en', tlp: 'GREEN', audience: { organisationIds: [], userIds: [], networks: [] } },
        })),
        except: { otherOrgMember: 'ok', otherOrgAdmin: 'ok', partner: 'ok' },
      },
    ],
  },
  createCalendarFeed: { kind: 'self', ops: [q('mutation { createCalendarFeed { url } }')] },
  createInvitation: {
    kind: 'create',
    // The operator invites an organisation's first admin, so it learns that lantern-lawyers has one (it lists every organisation anyway).
    except: { operator: ['FORBIDDEN'] },
    ops: [q('mutation($input: CreateInvitationInput!) { createInvitation(input: $input) { token } }', (a) => ({ input: { organisationId: id().lantern, email: `takeover-${a}@demo.invalid`, role: 'ADMIN' } }))],
  },
  createNetwork: {
    kind: 'create',
    ops: [q('mutation($input: CreateOrganisationInput!) { createNetwork(input: $input) { id } }', (a) => ({ input: { name: `Network of ${a}`, slug: `network-of-${a.toLowerCase()}` } }))],
    except: { operator: 'ok' },
  },
  createOrganisation: {
    kind: 'create',
    ops: [q('mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }', (a) => ({ input: { name: `Organisation of ${a}`, slug: `org-of-${a.toLowerCase()}` } }))],
    except: { operator: 'ok' },
  },
  createStatement: {
    kind: 'create',
    ops: [
      q('mutation($input: CreateStatementInput!) { createStatement(input: $input) { id } }', () => ({
        input: { title: TEXT.title, referenceLanguage: 'en', texts: [{ language: 'en', body: TEXT.body }], leadOrganisationId: id().lantern },
      })),
    ],
  },
  createThread: {
    kind: 'create',
    ops: [
      q('mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }', () => ({ input: { spaceKind: 'ORGANISATION', spaceId: id().lantern, title: TEXT.title } })),
      q('mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }', () => ({ input: { spaceKind: 'NETWORK', spaceId: id().ember, title: TEXT.title } })),
      q('mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }', () => ({ input: { spaceKind: 'WORKSHOP', spaceId: id().workshop, title: TEXT.title } })),
      q('mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }', () => ({ input: { spaceKind: 'STATEMENT', spaceId: id().statement, title: TEXT.title } })),
      q('mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }', () => ({ input: { spaceKind: 'BRIEFING', spaceId: id().briefingRed, title: TEXT.title } })),
    ],
  },
  createWorkshop: {
    kind: 'create',
    ops: [
      q('mutation($input: CreateWorkshopInput!) { createWorkshop(input: $input) { id } }', () => ({
        input: { organisationId: id().lantern, title: TEXT.title, format: 'ONLINE', startsAt: '2027-05-01T08:00:00.000Z', endsAt: '2027-05-01T16:00:00.000Z', timeZone: 'UTC', capacity: 5, admission: 'FIRST_COME' },
      })),
    ],
  },
  createWorkshopDownload: {
    kind: 'object',
    ops: [
      q('mutation($input: DownloadInput!) { createWorkshopDownload(input: $input) { url } }', (a) => ({ input: { workshopId: id().workshop, kind: 'PARTICIPANTS_CSV', password: passwordOf(a) } })),
      q('mutation($input: DownloadInput!) { createWorkshopDownload(input: $input) { url } }', (a) => ({
        input: { workshopId: id().workshop, kind: 'VISA_LETTER', participantId: id().participant, language: 'en', format: 'HTML', password: passwordOf(a) },
      })),
    ],
  },
  decideShareRequest: { kind: 'object', ops: [q('mutation($r: ID!) { decideShareRequest(requestId: $r, approve: true) { id status } }', () => ({ r: id().shareRequest }))] },
  decideWorkshopApplication: { kind: 'object', ops: [q('mutation($p: ID!) { decideWorkshopApplication(participantId: $p, approve: false) { id state } }', () => ({ p: id().participant }))] },
  declineStatement: {
    kind: 'object',
    ops: [q('mutation($input: DeclineStatementInput!) { declineStatement(input: $input) { organisationId } }', () => ({ input: { statementId: id().statement, organisationId: id().lantern, reason: TEXT.body } }))],
  },
  deleteAgendaSession: { kind: 'object', ops: [q('mutation($id: ID!) { deleteAgendaSession(id: $id) }', () => ({ id: id().agendaSession }))] },
  deleteMessage: {
    kind: 'object',
    ops: ['message', 'goneMessage'].map((m) => q(`mutation($m: ID!) { deleteMessage(messageId: $m) { ${MESSAGE} } }`, () => ({ m: id()[m as 'message'] }))),
  },
  deleteWorkshopTask: { kind: 'object', ops: [q('mutation($id: ID!) { deleteWorkshopTask(id: $id) }', () => ({ id: id().task }))] },
  disableTotp: { kind: 'self', ops: [q('mutation($p: String!) { disableTotp(code: "000000", password: $p) }', (a) => ({ p: passwordOf(a) }))] },
  editBriefing: {
    kind: 'object',
    ops: [q('mutation($id: ID!, $input: UpdateDraftInput!) { editBriefing(id: $id, input: $input) { id } }', () => ({ id: id().briefingAmber, input: { title: TEXT.title, body: TEXT.body, language: 'en' } }))],
  },
  editMessage: {
    kind: 'object',
    ops: ['message', 'goneMessage'].map((m) => q(`mutation($input: EditMessageInput!) { editMessage(input: $input) { ${MESSAGE} } }`, () => ({ input: { messageId: id()[m as 'message'], body: TEXT.body } }))),
  },
  forwardBriefing: {
    kind: 'object',
    ops: [q('mutation($id: ID!, $input: ForwardBriefingInput!) { forwardBriefing(id: $id, input: $input) { id } }', (a) => ({ id: id().briefingRed, input: { organisationIds: [ownOrg(a)], userIds: [self(a)] } }))],
  },
  inviteToStatement: {
    kind: 'object',
    ops: [q('mutation($input: InviteToStatementInput!) { inviteToStatement(input: $input) { id } }', (a) => ({ input: { statementId: id().statement, organisationIds: [ownOrg(a)], role: 'DRAFTER' } }))],
  },
  inviteToWorkshop: {
    kind: 'object',
    ops: [q('mutation($input: InviteInput!) { inviteToWorkshop(input: $input) { token participant { id } } }', (a) => ({ input: { workshopId: id().workshop, userId: self(a), role: 'ORGANISER' } }))],
  },
  markBriefingRead: { kind: 'object', ops: [q(`mutation($id: ID!) { markBriefingRead(id: $id) { ${BRIEFING} } }`, () => ({ id: id().briefingRed }))] },
  markThreadRead: { kind: 'object', ops: [q(`mutation($t: ID!) { markThreadRead(threadId: $t, seq: 1) { ${THREAD} } }`, () => ({ t: id().thread }))] },
  markWorkshopAttendance: { kind: 'object', ops: [q('mutation($p: ID!) { markWorkshopAttendance(participantId: $p) { id state } }', () => ({ p: id().participant }))] },
  openStatementForSignature: { kind: 'object', ops: [q('mutation($s: ID!) { openStatementForSignature(statementId: $s) { id status } }', () => ({ s: id().statement }))] },
  postMessage: {
    kind: 'object',
    ops: [
      q(`mutation($input: PostMessageInput!) { postMessage(input: $input) { ${MESSAGE} } }`, () => ({ input: { threadId: id().thread, clientId: randomUUID(), body: TEXT.body } })),
      q(`mutation($input: PostMessageInput!) { postMessage(input: $input) { ${MESSAGE} } }`, () => ({ input: { threadId: id().thread, clientId: randomUUID(), body: TEXT.body, replyToId: id().message } })),
    ],
  },
  publishBriefing: { kind: 'object', ops: [q('mutation($id: ID!) { publishBriefing(id: $id) { id } }', () => ({ id: id().briefingDraft }))] },
  publishStatement: {
    kind: 'object',
    ops: [q('mutation($input: PublishStatementInput!) { publishStatement(input: $input) { id status } }', () => ({ input: { statementId: id().statement, revisionId: id().revision2 } }))],
  },
  regenerateRecoveryCodes: { kind: 'self', ops: [q('mutation($p: String!) { regenerateRecoveryCodes(password: $p) { codes } }', (a) => ({ p: passwordOf(a) }))] },
  registerForWorkshop: {
    kind: 'object',
    refusedWith: ['BAD_USER_INPUT'],
    ops: [
      q('mutation($input: RegisterInput!) { registerForWorkshop(input: $input) { id state } }', () => ({ input: { workshopId: id().workshop } })),
      q('mutation($input: RegisterInput!) { registerForWorkshop(input: $input) { id state } }', () => ({ input: { workshopId: id().workshop, organisationId: id().lantern, delegateUserId: w.user['ece'] } })),
    ],
  },
  rejectStatementSuggestion: { kind: 'object', ops: [q('mutation($id: ID!) { rejectStatementSuggestion(id: $id) { id status } }', () => ({ id: id().suggestion }))] },
  removeIndividualSignature: {
    kind: 'object',
    ops: [q('mutation($s: ID!, $o: ID!) { removeIndividualSignature(statementId: $s, organisationId: $o) }', () => ({ s: id().statement, o: id().lantern }))],
  },
  removeMember: { kind: 'object', ops: [q('mutation($id: ID!) { removeMember(id: $id) }', () => ({ id: id().eceMembership }))] },
  removeWorkshopOrganiser: {
    kind: 'object',
    ops: [q('mutation($w: ID!, $u: ID!, $o: ID) { removeWorkshopOrganiser(workshopId: $w, userId: $u, organisationId: $o) }', () => ({ w: id().workshop, u: w.user['deniz'], o: id().lantern }))],
  },
  resolveStatementComment: { kind: 'object', ops: [q('mutation($id: ID!) { resolveStatementComment(id: $id, resolved: true) { id } }', () => ({ id: id().comment }))] },
  respondToWorkshopInvitation: {
    kind: 'object',
    ops: [q('mutation($p: ID!) { respondToWorkshopInvitation(participantId: $p, accept: true) { id state } }', () => ({ p: id().invitedParticipant }))],
  },
  retractBriefing: { kind: 'object', ops: [q('mutation($id: ID!) { retractBriefing(id: $id) { id status } }', () => ({ id: id().briefingAmber }))] },
  reviewStatement: {
    kind: 'object',
    ops: [
      q('mutation($s: ID!, $o: ID!) { reviewStatement(statementId: $s, organisationId: $o) { organisationId } }', () => ({ s: id().statement, o: id().lantern })),
      q('mutation($s: ID!, $o: ID!) { reviewStatement(statementId: $s, organisationId: $o) { organisationId } }', (a) => ({ s: id().statement, o: ownOrg(a) })),
    ],
  },
  setMyLocale: { kind: 'self', ops: [q('mutation { setMyLocale(locale: tr) { id locale } }')] },
  revokeAllSessions: { kind: 'self', ops: [q('mutation { revokeAllSessions }', undefined, true)] },
  revokeCalendarFeed: { kind: 'self', ops: [q('mutation { revokeCalendarFeed }')] },
  revokeInvitation: { kind: 'object', ops: [q('mutation($id: ID!) { revokeInvitation(id: $id) { id email } }', () => ({ id: id().invitation }))] },
  revokeSession: { kind: 'object', ops: [q('mutation($id: ID!) { revokeSession(id: $id) }', () => ({ id: id().denizSession }))] },
  saveAgendaSession: {
    kind: 'object',
    ops: [
      q('mutation($input: AgendaSessionInput!) { saveAgendaSession(input: $input) { id } }', () => ({
        input: { workshopId: id().workshop, id: id().agendaSession, title: TEXT.title, startsAt: '2027-03-10T10:00:00.000Z', endsAt: '2027-03-10T11:00:00.000Z' },
      })),
      q('mutation($input: AgendaSessionInput!) { saveAgendaSession(input: $input) { id } }', () => ({
        input: { workshopId: id().workshop, title: TEXT.title, startsAt: '2027-03-11T10:00:00.000Z', endsAt: '2027-03-11T11:00:00.000Z', people: [{ participantId: id().participant, role: 'SPEAKER' }] },
      })),
    ],
  },
  saveStatementRevision: {
    kind: 'object',
    ops: [
      q('mutation($input: SaveRevisionInput!) { saveStatementRevision(input: $input) { id } }', () => ({
        input: { statementId: id().statement, baseRevisionId: id().revision2, texts: [{ language: 'en', body: TEXT.body }] },
      })),
    ],
  },
  saveWorkshopTask: {
    kind: 'object',
    ops: [q('mutation($input: TaskInput!) { saveWorkshopTask(input: $input) { id title } }', () => ({ input: { workshopId: id().workshop, id: id().task, title: TEXT.title } }))],
  },
  setMemberRole: { kind: 'object', ops: [q('mutation($m: ID!) { setMemberRole(membershipId: $m, role: ADMIN) { id role } }', () => ({ m: id().eceMembership }))] },
  setNetworkCoordinator: {
    kind: 'object',
    ops: [
      q('mutation($n: ID!, $u: ID!, $a: Boolean!) { setNetworkCoordinator(networkId: $n, userId: $u, appointed: $a) }', (a) =>
        // The operator may appoint coordinators by design; its cell takes back an appointment nobody holds.
        a === 'operator' ? { n: id().ember, u: w.user['ece'], a: false } : { n: id().ember, u: self(a), a: true },
      ),
    ],
    except: { operator: 'ok' },
  },
  setNetworkStanding: {
    kind: 'object',
    ops: [
      q('mutation($input: SetStandingInput!) { setNetworkStanding(input: $input) }', (a) => ({
        // The operator manages standings by design; its cell restates lantern-lawyers' own standing.
        input: { networkId: id().ember, organisationId: a === 'operator' ? id().lantern : ownOrg(a), standing: 'MEMBER' },
      })),
    ],
    except: { operator: 'ok' },
  },
  setOrganisationRequiresTwoFactor: {
    kind: 'object',
    except: { operator: ['FORBIDDEN'] },
    ops: [q('mutation($o: ID!) { setOrganisationRequiresTwoFactor(organisationId: $o, required: false) { id } }', () => ({ o: id().lantern }))],
  },
  setReaction: { kind: 'object', ops: [q(`mutation($m: ID!) { setReaction(messageId: $m, emoji: "👎", reacted: true) { ${MESSAGE} } }`, () => ({ m: id().message }))] },
  setStatementDeadline: {
    kind: 'object',
    ops: [q('mutation($s: ID!) { setStatementDeadline(statementId: $s, deadline: "2027-01-01T00:00:00.000Z") { id } }', () => ({ s: id().statement }))],
  },
  setStatementSigners: {
    kind: 'object',
    ops: [q('mutation($input: SetSignersInput!) { setStatementSigners(input: $input) }', (a) => ({ input: { statementId: id().statement, organisationId: id().lantern, userIds: [self(a)] } }))],
  },
  setThreadLocked: { kind: 'object', ops: [q(`mutation($t: ID!) { setThreadLocked(threadId: $t, locked: true) { ${THREAD} } }`, () => ({ t: id().thread }))] },
  setThreadResolved: { kind: 'object', ops: [q(`mutation($t: ID!) { setThreadResolved(threadId: $t, resolved: true) { ${THREAD} } }`, () => ({ t: id().thread }))] },
  setThreadRetention: { kind: 'object', ops: [q(`mutation($t: ID!) { setThreadRetention(threadId: $t, retentionDays: 1) { ${THREAD} } }`, () => ({ t: id().thread }))] },
  setWorkshopAudience: {
    kind: 'object',
    ops: [q('mutation($input: SetAudienceInput!) { setWorkshopAudience(input: $input) { organisationIds } }', (a) => ({ input: { workshopId: id().workshop, networkIds: [], organisationIds: [ownOrg(a)] } }))],
  },
  setWorkshopLetterTemplate: {
    kind: 'object',
    ops: [q('mutation($input: LetterTemplateInput!) { setWorkshopLetterTemplate(input: $input) { language body } }', () => ({ input: { workshopId: id().workshop, language: 'en', body: TEXT.body } }))],
  },
  setWorkshopParticipantRole: { kind: 'object', ops: [q('mutation($p: ID!) { setWorkshopParticipantRole(participantId: $p, role: ORGANISER) { id } }', () => ({ p: id().participant }))] },
  setWorkshopStatus: { kind: 'object', ops: [q('mutation($id: ID!) { setWorkshopStatus(id: $id, status: CANCELLED) { id status } }', () => ({ id: id().workshop }))] },
  signIn: {
    kind: 'public',
    ops: [q('mutation($input: SignInInput!) { signIn(input: $input) { token viewer { id } } }', () => ({ input: { email: 'deniz@demo.invalid', password: 'a wrong guess of the passphrase' } }))],
    except: Object.fromEntries(ACTORS.map((a) => [a, ['UNAUTHENTICATED']])),
  },
  signOut: { kind: 'self', ops: [q('mutation { signOut }', undefined, true)] },
  signStatement: {
    kind: 'object',
    ops: [
      q('mutation($input: SignStatementInput!) { signStatement(input: $input) { organisationId } }', () => ({ input: { statementId: id().statement, organisationId: id().lantern, revisionId: id().revision2 } })),
      q('mutation($input: SignStatementInput!) { signStatement(input: $input) { organisationId } }', (a) => ({ input: { statementId: id().statement, organisationId: ownOrg(a), revisionId: id().revision2 } })),
    ],
  },
  suggestStatementEdit: {
    kind: 'object',
    ops: [
      q('mutation($input: SuggestEditInput!) { suggestStatementEdit(input: $input) { id } }', () => ({
        input: { statementId: id().statement, revisionId: id().revision2, language: 'en', quote: 'release', replacement: TEXT.body },
      })),
    ],
  },
  suspendMember: { kind: 'object', ops: [q('mutation($id: ID!) { suspendMember(id: $id, suspended: true) { id } }', () => ({ id: id().eceMembership }))] },
  suspendUser: {
    kind: 'object',
    ops: [
      q('mutation($id: ID!, $s: Boolean!) { suspendUser(id: $id, suspended: $s) }', (a) =>
        // The operator suspends accounts by design; its cell reinstates an account that is not suspended.
        ({ id: w.user['deniz'], s: a !== 'operator' }),
      ),
    ],
    except: { operator: 'ok' },
  },
  updateBriefingDraft: {
    kind: 'object',
    ops: [q('mutation($id: ID!, $input: UpdateDraftInput!) { updateBriefingDraft(id: $id, input: $input) { id } }', () => ({ id: id().briefingDraft, input: { title: TEXT.title, body: TEXT.body, language: 'en' } }))],
  },
  updateMyWorkshopParticipation: {
    kind: 'object',
    ops: [
      q(`mutation($input: UpdateParticipationInput!) { updateMyWorkshopParticipation(input: $input) { ${PARTICIPANT} } }`, () => ({
        input: { participantId: id().participant, shareIdentity: false, protectedData: { phone: '+1 555 0100' } },
      })),
    ],
  },
  updateWorkshop: { kind: 'object', ops: [q(`mutation($input: UpdateWorkshopInput!) { updateWorkshop(input: $input) { ${WORKSHOP} } }`, () => ({ input: { id: id().workshop, title: TEXT.title } }))] },
  withdrawStatement: { kind: 'object', ops: [q('mutation($s: ID!) { withdrawStatement(statementId: $s) { id status } }', () => ({ s: id().statement }))] },
  withdrawStatementSignature: {
    kind: 'object',
    ops: [q('mutation($s: ID!, $o: ID!) { withdrawStatementSignature(statementId: $s, organisationId: $o) { organisationId } }', () => ({ s: id().statement, o: id().lantern }))],
  },
};
