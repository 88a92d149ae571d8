// Issue 8, "Id guessing (IDOR)": nested paths and ids smuggled into operations on things the
// attacker may legitimately read, against the built app (a child process on its own database;
// nothing mocked).
//
// The victim (lantern-lawyers, support/world.ts) shares some things with the attacker on purpose —
// a kestrel-network thread, a GREEN briefing, a statement open for signature that open-press-desk
// and workers-ledger are invited to sign, a workshop opened to the network — so the attacker, kerem
// (admin of open-press-desk), stands inside a readable parent and reaches for what is not his: the
// other invited organisation's decline reason and comments, revisions from before the statement
// opened, another participant's protected data through the agenda, a revision or message of another
// statement or thread, an attachment of another briefing, a workshop participant of another
// workshop. Every id-taking reach into something unreadable is refused the same way as an id that
// exists nowhere, and no marked text of the victim's appears in any answer.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { buildSchema, getNamedType, type GraphQLObjectType, isObjectType } from 'graphql';
import { type Client, codeOf, type GraphqlResult, ok, startTarget, type Target } from './support/target.js';
import { buildWorld, leaked, MARK, PROTECTED, type World } from './support/world.js';

let t: Target;
let w: World;
let kerem: Client;
let nazli: Client;
const shared = {} as {
  thread: string; message: string; briefing: string; attachment: string;
  statement: string; preOpenRevision: string; openRevision: string;
  workshop: string; eceParticipant: string; keremParticipant: string; keremWorkshop: string;
};

beforeAll(async () => {
  t = await startTarget();
  w = await buildWorld(t);
  kerem = w.as.otherOrgAdmin;
  nazli = w.as.partner;
  const { deniz, ece } = w.victim;
  const opd = w.org['open-press-desk']!;
  const ledger = w.org['workers-ledger']!;

  // A network thread, which kerem reads.
  shared.thread = (await ok(deniz, 'mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }', {
    input: { spaceKind: 'NETWORK', spaceId: w.id.kestrel, title: 'Network coordination' },
  })).createThread.id;
  shared.message = (await ok(deniz, 'mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }', {
    input: { threadId: shared.thread, clientId: randomUUID(), body: 'Hearing on Monday' },
  })).postMessage.id;

  // A GREEN briefing to the network, with an attachment.
  const made = await ok(deniz, 'mutation($input: CreateBriefingInput!) { createBriefing(input: $input) { id } }', {
    input: { organisationId: w.id.lantern, title: 'Weekly update', body: 'Nothing secret.', language: 'en', tlp: 'GREEN', audience: { networks: [{ networkId: w.id.kestrel }] } },
  });
  shared.briefing = made.createBriefing.id;
  await ok(deniz, 'mutation($id: ID!) { publishBriefing(id: $id) { id } }', { id: shared.briefing });
  const upload = await fetch(`${t.url}/briefings/${shared.briefing}/attachments?filename=update.pdf`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${deniz.token}` },
    body: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'),
  });
  expect(upload.status).toBeLessThan(300);
  [{ id: shared.attachment }] = await t.sql('SELECT id FROM briefing_attachments WHERE briefing_id = $1', [shared.briefing]);

  // A statement: drafted with a marked revision and comment, then opened to open-press-desk and workers-ledger.
  const created = await ok(deniz, 'mutation($input: CreateStatementInput!) { createStatement(input: $input) { id currentRevision { id } } }', {
    input: {
      title: 'Free the lawyers', referenceLanguage: 'en', texts: [{ language: 'en', body: `${MARK} first draft with a name in it\n` }],
      leadOrganisationId: w.id.lantern, invitedOrganisationIds: [opd, ledger],
    },
  });
  shared.statement = created.createStatement.id;
  shared.preOpenRevision = created.createStatement.currentRevision.id;
  await ok(ece, 'mutation($input: CommentInput!) { commentOnStatement(input: $input) { id } }', {
    input: { statementId: shared.statement, revisionId: shared.preOpenRevision, body: `${MARK} internal comment before opening` },
  });
  shared.openRevision = (await ok(deniz, 'mutation($input: SaveRevisionInput!) { saveStatementRevision(input: $input) { id } }', {
    input: { statementId: shared.statement, baseRevisionId: shared.preOpenRevision, texts: [{ language: 'en', body: 'We call for their release.\n' }] },
  })).saveStatementRevision.id;
  await ok(deniz, 'mutation($s: ID!) { openStatementForSignature(statementId: $s, deadline: "2027-06-01T00:00:00.000Z") { id } }', { s: shared.statement });
  await ok(nazli, 'mutation($input: CommentInput!) { commentOnStatement(input: $input) { id } }', {
    input: { statementId: shared.statement, revisionId: shared.openRevision, body: `${MARK} comment of the other invited organisation` },
  });
  await ok(nazli, 'mutation($input: DeclineStatementInput!) { declineStatement(input: $input) { organisationId } }', {
    input: { statementId: shared.statement, organisationId: ledger, reason: `${MARK} decline reason` },
  });

  // A workshop opened to the network: ece registered without sharing her identity, kerem registered too.
  shared.workshop = (await ok(deniz, 'mutation($input: CreateWorkshopInput!) { createWorkshop(input: $input) { id } }', {
    input: {
      organisationId: w.id.lantern, title: 'Open workshop', format: 'ONLINE', onlineUrl: 'https://meet.example.invalid/open',
      startsAt: '2027-04-10T07:00:00.000Z', endsAt: '2027-04-11T16:00:00.000Z', timeZone: 'Europe/Istanbul', capacity: 10, admission: 'FIRST_COME',
    },
  })).createWorkshop.id;
  await ok(deniz, 'mutation($input: SetAudienceInput!) { setWorkshopAudience(input: $input) { networkIds } }', {
    input: { workshopId: shared.workshop, networkIds: [w.id.kestrel], organisationIds: [] },
  });
  await ok(deniz, 'mutation($id: ID!) { setWorkshopStatus(id: $id, status: OPEN) { status } }', { id: shared.workshop });
  shared.eceParticipant = (await ok(ece, 'mutation($input: RegisterInput!) { registerForWorkshop(input: $input) { id } }', {
    input: { workshopId: shared.workshop, organisationId: w.id.lantern, shareIdentity: false, protectedData: PROTECTED },
  })).registerForWorkshop.id;
  shared.keremParticipant = (await ok(kerem, 'mutation($input: RegisterInput!) { registerForWorkshop(input: $input) { id } }', {
    input: { workshopId: shared.workshop, organisationId: opd, shareIdentity: true },
  })).registerForWorkshop.id;
  await ok(deniz, 'mutation($input: AgendaSessionInput!) { saveAgendaSession(input: $input) { id } }', {
    input: {
      workshopId: shared.workshop, title: 'Panel', startsAt: '2027-04-10T08:00:00.000Z', endsAt: '2027-04-10T09:00:00.000Z',
      people: [{ participantId: shared.eceParticipant, role: 'SPEAKER' }, { participantId: shared.keremParticipant, role: 'FACILITATOR' }],
    },
  });
  // kerem's own workshop, from which he reaches into the victim's.
  shared.keremWorkshop = (await ok(kerem, 'mutation($input: CreateWorkshopInput!) { createWorkshop(input: $input) { id } }', {
    input: { organisationId: opd, title: "Kerem's workshop", format: 'ONLINE', startsAt: '2027-05-10T07:00:00.000Z', endsAt: '2027-05-11T16:00:00.000Z', timeZone: 'UTC', capacity: 5, admission: 'FIRST_COME' },
  })).createWorkshop.id;
}, 60_000);
afterAll(() => t.stop());

/** Refused, with nothing of the victim's in the answer, and exactly as an id that exists nowhere would be. */
async function refusedLikeAGhost(client: Client, doc: string, variables: Record<string, unknown>, victimIds: string[], codes = /^(NOT_FOUND|FORBIDDEN|BAD_USER_INPUT)$/): Promise<GraphqlResult> {
  const real = await client.gql(doc, variables);
  const ghosts = new Map(victimIds.map((id) => [id, randomUUID()]));
  const ghostVariables = JSON.parse(JSON.stringify(variables), (_k, v: unknown) => (typeof v === 'string' && ghosts.has(v) ? ghosts.get(v) : v)) as Record<string, unknown>;
  const ghost = await client.gql(doc, ghostVariables);
  expect({ code: codeOf(real), data: real.data ?? null }).toEqual({ code: expect.stringMatching(codes), data: null });
  expect({ ghost: codeOf(ghost), message: ghost.errors?.[0]?.message }).toEqual({ ghost: codeOf(real), message: real.errors?.[0]?.message });
  expect(leaked(w, real, variables)).toEqual([]);
  return real;
}

// ---- nested paths that take arguments (every one in the schema has an entry) ---------------------
const NESTED: Record<string, () => Promise<void>> = {
  'Statement.comments': async () => {
    const result = await ok(kerem, 'query($id: ID!) { statement(id: $id) { comments(first: 50) { edges { node { id body quote authorName organisationId } } } } }', { id: shared.statement });
    // Not the lead's comment from before the statement opened, not the other invited organisation's.
    expect(JSON.stringify(result)).not.toContain(MARK);
    expect(result.statement.comments.edges).toEqual([]);
  },
  'Statement.revisions': async () => {
    const result = await ok(kerem, 'query($id: ID!) { statement(id: $id) { revisions(first: 50) { edges { node { id number title texts { body } authorName } } } } }', { id: shared.statement });
    expect(result.statement.revisions.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([shared.openRevision]);
    expect(JSON.stringify(result)).not.toContain(MARK);
  },
  'Statement.suggestions': async () => {
    await ok(nazli, 'mutation($input: SuggestEditInput!) { suggestStatementEdit(input: $input) { id } }', {
      input: { statementId: shared.statement, revisionId: shared.openRevision, language: 'en', quote: 'release', replacement: `${MARK} unconditional release` },
    }).catch(() => undefined); // whether or not a declined organisation may still suggest: kerem must not see it
    const result = await ok(kerem, 'query($id: ID!) { statement(id: $id) { suggestions(first: 50) { edges { node { id replacement note organisationId } } } } }', { id: shared.statement });
    expect(JSON.stringify(result)).not.toContain(MARK);
    expect(JSON.stringify(result)).not.toContain(w.org['workers-ledger']);
  },
  'Workshop.participants': async () => {
    const result = await ok(kerem, `query($id: ID!) { workshop(id: $id) {
      participants(first: 20) { edges { node { id displayName userId invitedEmail organisationName protectedData { legalName phone } } } }
      confirmed: participants(first: 20, state: CONFIRMED) { edges { node { id displayName userId protectedData { legalName } } } } } }`, { id: shared.workshop });
    const ids = [...result.workshop.participants.edges, ...result.workshop.confirmed.edges].map((e: { node: { id: string } }) => e.node.id);
    // ece chose not to be seen: she is not listed; kerem sees himself.
    expect(ids).not.toContain(shared.eceParticipant);
    expect(ids).toContain(shared.keremParticipant);
    expect(JSON.stringify(result)).not.toMatch(new RegExp(`${MARK}|${PROTECTED.phone.replace('+', '\\+')}|${w.user['ece']}`));
  },
};

describe('nested paths with arguments, read by an attacker inside a readable parent', () => {
  it.each(Object.keys(NESTED))('%s', async (path) => NESTED[path]!());

  it('has an entry for every object field of the schema that takes arguments', () => {
    const schema = buildSchema(readFileSync(new URL('../../apps/api/schema.graphql', import.meta.url), 'utf8'));
    const withArgs = Object.values(schema.getTypeMap())
      .filter((type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith('__') && type !== schema.getQueryType() && type !== schema.getMutationType())
      .flatMap((type) => Object.values(type.getFields()).filter((f) => f.args.length > 0).map((f) => `${type.name}.${f.name}`));
    expect(Object.keys(NESTED).sort()).toEqual(withArgs.sort());
  });

  it('never leads from another person to their memberships, sessions or protected data', () => {
    // The types that show someone else to a caller end where they are: no path onward to who they
    // are elsewhere (thread → message → author → organisations does not exist).
    const schema = buildSchema(readFileSync(new URL('../../apps/api/schema.graphql', import.meta.url), 'utf8'));
    const reachable = (name: string, seen = new Set<string>()): Set<string> => {
      const type = schema.getType(name);
      if (!type || !isObjectType(type) || seen.has(name)) return seen;
      seen.add(name);
      for (const field of Object.values(type.getFields())) reachable(getNamedType(field.type).name, seen);
      return seen;
    };
    const SENSITIVE = ['Membership', 'Viewer', 'Session', 'Invitation', 'AuditEntry', 'ParticipantProtectedData', 'Organisation', 'Network'];
    for (const person of ['Person', 'ThreadPerson', 'BriefingReader', 'WorkshopOrganiser', 'MessageAcknowledgement', 'SeenByOrganisation', 'StatementSignatory']) {
      expect({ person, reaches: [...reachable(person)].filter((n) => SENSITIVE.includes(n)) }).toEqual({ person, reaches: [] });
    }
  });
});

describe('nested paths without arguments', () => {
  it('statement → participants: not the other invited organisation, nor its decline reason', async () => {
    const result = await ok(kerem, 'query($id: ID!) { statement(id: $id) { participants { organisationId organisationName role signOnStatus declineReason } signatories { organisationId } } }', { id: shared.statement });
    const orgs = result.statement.participants.map((p: { organisationId: string }) => p.organisationId).sort();
    expect(orgs).toEqual([w.id.lantern, w.org['open-press-desk']].sort());
    expect(JSON.stringify(result)).not.toContain(MARK);
  });

  it('workshop → agenda → people → participant: another participant is null, never her protected data', async () => {
    const result = await ok(kerem, `query($id: ID!) { workshop(id: $id) { agenda { title people { role participant { id displayName userId protectedData { legalName phone travelNeeds } } } } } }`, { id: shared.workshop });
    const people = result.workshop.agenda.flatMap((s: { people: unknown[] }) => s.people) as { role: string; participant: { id: string; protectedData: unknown } | null }[];
    expect(people.find((p) => p.role === 'SPEAKER')!.participant).toBeNull();
    expect(people.find((p) => p.role === 'FACILITATOR')!.participant).toMatchObject({ id: shared.keremParticipant });
    expect(JSON.stringify(result)).not.toMatch(new RegExp(`${MARK}|${shared.eceParticipant}`));
  });

  it('workshopParticipant(another participant of a workshop he attends) is not found', async () => {
    await refusedLikeAGhost(kerem, 'query($id: ID!) { workshopParticipant(id: $id) { id displayName protectedData { legalName } } }', { id: shared.eceParticipant }, [shared.eceParticipant]);
  });

  it('briefing → source (audience, author), receipts and share requests stay with the source', async () => {
    const result = await ok(kerem, 'query($id: ID!) { briefing(id: $id) { id source { authorUserId audience { organisationIds networkIds userIds } } } shareRequests(id: $id) { id } }', { id: shared.briefing });
    expect(result).toEqual({ briefing: { id: shared.briefing, source: null }, shareRequests: [] });
    const receipts = await kerem.gql('query($id: ID!) { briefingReceipts(id: $id) { organisation { id } readers { userId } } }', { id: shared.briefing });
    expect(['NOT_FOUND', 'FORBIDDEN']).toContain(codeOf(receipts));
  });

  it('thread → messages → author and mentions: only people of the thread, no path further', async () => {
    const result = await ok(kerem, 'query($id: ID!) { threadMessages(threadId: $id, first: 20) { edges { node { id body replyToId author { id displayName } mentioned { id } } } } }', { id: shared.thread });
    expect(result.threadMessages.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([shared.message]);
    expect(leaked(w, result, {})).toEqual([]);
  });
});

describe('ids of unreadable things smuggled into operations on readable ones', () => {
  it('a reply, in a readable thread, to a message of an unreadable one', async () => {
    await refusedLikeAGhost(kerem, 'mutation($input: PostMessageInput!) { postMessage(input: $input) { id replyToId } }', {
      input: { threadId: shared.thread, clientId: randomUUID(), body: 'replying across threads', replyToId: w.id.message },
    }, [w.id.message]);
  });

  it('a diff, comment, suggestion or signature on a readable statement, with a revision of another statement or from before it opened', async () => {
    const opd = w.org['open-press-desk']!;
    for (const revision of [w.id.revision1, shared.preOpenRevision]) {
      await refusedLikeAGhost(kerem, 'query($s: ID!, $a: ID!, $b: ID!) { statementDiff(statementId: $s, fromRevisionId: $a, toRevisionId: $b) { texts { lines { text } } } }', {
        s: shared.statement, a: revision, b: shared.openRevision,
      }, [revision]);
      await refusedLikeAGhost(kerem, 'mutation($input: CommentInput!) { commentOnStatement(input: $input) { id quote } }', {
        input: { statementId: shared.statement, revisionId: revision, body: 'about that', organisationId: opd },
      }, [revision]);
      await refusedLikeAGhost(kerem, 'mutation($input: SuggestEditInput!) { suggestStatementEdit(input: $input) { id } }', {
        input: { statementId: shared.statement, revisionId: revision, language: 'en', quote: 'victim', replacement: 'x', organisationId: opd },
      }, [revision]);
    }
    await refusedLikeAGhost(kerem, 'mutation($input: SignStatementInput!) { signStatement(input: $input) { organisationId } }', {
      input: { statementId: shared.statement, organisationId: opd, revisionId: w.id.revision2 },
    }, [w.id.revision2], /^CONFLICT$/); // "not the current revision (of this statement)", whatever the id
  });

  it('acknowledging a readable briefing for an organisation one is not in', async () => {
    await refusedLikeAGhost(kerem, 'mutation($id: ID!, $o: ID!) { acknowledgeBriefing(id: $id, organisationId: $o) { id } }', { id: shared.briefing, o: w.id.lantern }, [w.id.lantern]);
  });

  it("his own workshop's agenda, tasks and letters, with the victim's participants, sessions and tasks", async () => {
    const own = shared.keremWorkshop;
    for (const participant of [shared.eceParticipant, w.id.participant]) {
      await refusedLikeAGhost(kerem, 'mutation($input: AgendaSessionInput!) { saveAgendaSession(input: $input) { id people { participant { id protectedData { legalName } } } } }', {
        input: { workshopId: own, title: 'Mine', startsAt: '2027-05-10T08:00:00.000Z', endsAt: '2027-05-10T09:00:00.000Z', people: [{ participantId: participant, role: 'SPEAKER' }] },
      }, [participant]);
      await refusedLikeAGhost(kerem, 'mutation($input: DownloadInput!) { createWorkshopDownload(input: $input) { url } }', {
        input: { workshopId: own, kind: 'VISA_LETTER', participantId: participant, language: 'en', format: 'HTML', password: 'demo passphrase for a fictional network' },
      }, [participant]);
    }
    await refusedLikeAGhost(kerem, 'mutation($input: AgendaSessionInput!) { saveAgendaSession(input: $input) { id title } }', {
      input: { workshopId: own, id: w.id.agendaSession, title: 'Taken over', startsAt: '2027-05-10T08:00:00.000Z', endsAt: '2027-05-10T09:00:00.000Z' },
    }, [w.id.agendaSession]);
    await refusedLikeAGhost(kerem, 'mutation($input: TaskInput!) { saveWorkshopTask(input: $input) { id title } }', { input: { workshopId: own, id: w.id.task, title: 'Taken over' } }, [w.id.task]);
    await refusedLikeAGhost(kerem, 'mutation($input: TaskInput!) { saveWorkshopTask(input: $input) { id } }', {
      input: { workshopId: own, title: 'Assign to a stranger', assigneeUserId: w.user['ece'] },
    }, []);
    const [row] = await t.sql('SELECT title FROM workshop_sessions WHERE id = $1 UNION ALL SELECT title FROM workshop_tasks WHERE id = $2', [w.id.agendaSession, w.id.task]);
    expect(row.title).toBe(`${MARK} session`);
  });

  it("the attendee's own registration pointing at someone else's participation or organisation", async () => {
    await refusedLikeAGhost(kerem, 'mutation($input: UpdateParticipationInput!) { updateMyWorkshopParticipation(input: $input) { id protectedData { legalName } } }', {
      input: { participantId: shared.eceParticipant, shareIdentity: true },
    }, [shared.eceParticipant]);
    await refusedLikeAGhost(kerem, 'mutation($p: ID!) { cancelWorkshopParticipation(participantId: $p) { id } }', { p: shared.eceParticipant }, [shared.eceParticipant]);
  });
});

describe('plain HTTP routes with ids and tokens', () => {
  const get = (path: string, token?: string | null) => fetch(`${t.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it("an attachment of an unreadable briefing is not found, to download or to add to; a readable one's is served inert", async () => {
    const denied = await get(`/briefing-attachments/${w.id.attachment}`, kerem.token);
    const ghost = await get(`/briefing-attachments/${randomUUID()}`, kerem.token);
    expect([denied.status, ghost.status]).toEqual([404, 404]);
    expect(await denied.text()).not.toContain(MARK);
    const upload = await fetch(`${t.url}/briefings/${w.id.briefingAmber}/attachments?filename=x.pdf`, {
      method: 'POST', headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${kerem.token}` }, body: Buffer.from('%PDF-1.4\n%%EOF\n'),
    });
    expect(upload.status).toBe(404);
    const served = await get(`/briefing-attachments/${shared.attachment}`, kerem.token);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-security-policy')).toContain('sandbox');
    expect((await get(`/briefing-attachments/${shared.attachment}`)).status).toBe(401);
  });

  it('answers malformed ids and traversal attempts with a 4xx, never a 500', async () => {
    for (const path of [
      '/briefing-attachments/not-a-uuid', '/briefing-attachments/..%2F..%2Fetc%2Fpasswd', `/briefing-attachments/${w.id.attachment}%00`,
      '/public/statements/..%2F..%2Fetc%2Fpasswd.md', '/public/statements/%00.md', `/public/statements/${w.id.statement}.exe`,
      '/workshops/downloads/..%2F..%2F', '/workshops/calendar/%2e%2e%2f.ics',
    ]) {
      const response = await get(path, kerem.token);
      expect({ path, status: response.status }).toEqual({ path, status: expect.any(Number) });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
  });

  it('the public feeds and pages carry nothing that is not public', async () => {
    for (const path of ['/public/briefings.json', '/public/briefings.atom', '/public/statements.json', '/public/statements.atom']) {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(leaked(w, await response.text(), {})).toEqual([]);
    }
    for (const file of [`${w.id.statement}.md`, `${w.id.statement}.html`, `${shared.statement}.md`, `${shared.statement}.html`]) {
      const response = await get(`/public/statements/${file}`);
      expect({ file, status: response.status }).toEqual({ file, status: 404 });
      expect(await response.text()).not.toContain(MARK);
    }
  });

  it('guessed download tokens and calendar secrets open nothing', async () => {
    for (const token of [Buffer.alloc(32, 1).toString('base64url'), 'A'.repeat(43), randomUUID()]) {
      expect((await get(`/workshops/downloads/${token}`, w.victim.deniz.token)).status).toBe(404);
      const calendar = await get(`/workshops/calendar/${token}.ics`);
      expect(calendar.status).toBe(404);
      expect(await calendar.text()).not.toContain('VEVENT');
    }
  });

  it("a download link works once, for the organiser who asked for it only", async () => {
    const link = await ok(w.victim.deniz, 'mutation($input: DownloadInput!) { createWorkshopDownload(input: $input) { url } }', {
      input: { workshopId: w.id.workshop, kind: 'PARTICIPANTS_CSV', password: 'demo passphrase for a fictional network' },
    });
    const path = new URL(link.createWorkshopDownload.url, t.url).pathname;
    expect((await get(path)).status).toBeGreaterThanOrEqual(400);
    expect((await get(path, kerem.token)).status).toBeGreaterThanOrEqual(400);
    const [csv, again] = [await get(path, w.victim.deniz.token), await get(path, w.victim.deniz.token)];
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain(PROTECTED.legalName);
    expect(again.status).toBe(404);
  });
});
