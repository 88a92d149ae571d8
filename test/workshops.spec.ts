// Workshops over the API (issue 6; SECURITY.md 8, 16–18, 30, 32–34): role × action in the style of
// test/authorization.spec.ts, every bad input of the issue refused by name with nothing changed,
// the venue's field rule, invitations, the agenda, tasks, calendars and events.
import { createHash } from 'node:crypto';
import { Reflector } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { type FieldPolicy, PUBLIC_KEY, REQUIRES_KEY } from '@sw/authz';
import { DEMO_PASSWORD } from '@sw/identity';
import { workshopResolvers } from '@sw/workshops';
import { type Client, codeOf, ROLES, startTestApp, type TestApp } from './support/test-app.js';
import { makeWorkshop, members, orgId, register, userId, workshopSnapshot } from './support/workshops-fixture.js';

let t: TestApp;
afterAll(() => t.close());

type Role = 'anonymous' | 'organiser' | 'organisingMember' | 'audienceMember' | 'partnerAdmin' | 'otherNetworkAdmin' | 'operator';
const ROLE_NAMES: Role[] = ['anonymous', 'organiser', 'organisingMember', 'audienceMember', 'partnerAdmin', 'otherNetworkAdmin', 'operator'];
const clients = {} as Record<Role, Client>;
const id = { planning: '', open: '', closed: '', late: '' };

beforeAll(async () => {
  t = await startTestApp();
  clients.anonymous = t.client();
  clients.organiser = await t.signIn(ROLES.adminAndCoordinator);
  clients.organisingMember = await t.signIn(ROLES.member);
  clients.audienceMember = await t.signIn(ROLES.otherOrgAdmin);
  clients.partnerAdmin = await t.signIn(ROLES.partnerAdmin);
  clients.otherNetworkAdmin = await t.signIn(ROLES.otherNetworkAdmin);
  clients.operator = await t.signIn(ROLES.operator);
  id.planning = await makeWorkshop(t, clients.organiser, { open: false });
  id.open = await makeWorkshop(t, clients.organiser, { capacity: 1 });
  id.closed = await makeWorkshop(t, clients.organiser);
  await clients.organiser.gql('mutation($id: ID!) { setWorkshopStatus(id: $id, status: CLOSED) { status } }', { id: id.closed });
  id.late = await makeWorkshop(t, clients.organiser, { registrationDeadline: '2020-01-01T00:00:00.000Z' });
});

// ---- role × action ----------------------------------------------------------------------------
type Edges = { edges: { node: { id: string } }[] };
interface Op { field: string; query: string; variables?: Record<string, unknown>; nodes?: (data: Record<string, Edges>) => string[] }
type Expected = 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | { sees: () => string[] };
const readers = { organiser: 'ok', organisingMember: 'ok', audienceMember: 'ok', partnerAdmin: 'ok' } as const;
const op = {
  workshops: (): Op => ({ field: 'workshops', query: '{ workshops(first: 100) { edges { node { id } } } }', nodes: (d) => d['workshops']!.edges.map((e) => e.node.id) }),
  workshop: (w: () => string): Op => ({ field: 'workshop', query: 'query($id: ID!) { workshop(id: $id) { id title } }', variables: { id: w() } }),
  update: (w: () => string): Op => ({ field: 'updateWorkshop', query: 'mutation($i: UpdateWorkshopInput!) { updateWorkshop(input: $i) { id } }', variables: { i: { id: w(), title: 'Renamed' } } }),
  register: (w: () => string): Op => ({ field: 'registerForWorkshop', query: 'mutation($i: RegisterInput!) { registerForWorkshop(input: $i) { id } }', variables: { i: { workshopId: w() } } }),
  create: (): Op => ({ field: 'createWorkshop', query: 'mutation($i: CreateWorkshopInput!) { createWorkshop(input: $i) { id } }', variables: { i: { organisationId: lantern, title: 'x', format: 'ONLINE', startsAt: '2027-01-01T10:00:00Z', endsAt: '2027-01-01T12:00:00Z', timeZone: 'Europe/Berlin', capacity: 5, admission: 'FIRST_COME' } } }),
  tasks: (w: () => string): Op => ({ field: 'workshopTasks', query: 'query($w: ID!) { workshopTasks(workshopId: $w, first: 10) { edges { node { id } } } }', variables: { w: w() } }),
  ics: (w: () => string): Op => ({ field: 'workshopAgendaIcs', query: 'query($w: ID!) { workshopAgendaIcs(workshopId: $w) }', variables: { w: w() } }),
  invite: (w: () => string, email: string): Op => ({ field: 'inviteToWorkshop', query: 'mutation($i: InviteInput!) { inviteToWorkshop(input: $i) { token } }', variables: { i: { workshopId: w(), email } } }),
  csv: (w: () => string): Op => ({ field: 'createWorkshopDownload', query: 'mutation($i: DownloadInput!) { createWorkshopDownload(input: $i) { url } }', variables: { i: { workshopId: w(), kind: 'PARTICIPANTS_CSV', password: DEMO_PASSWORD } } }),
};
let lantern = '';
const rows = (action: string, operation: () => Op, expected: Partial<Record<Role, Expected>> & { rest: Expected }) =>
  ROLE_NAMES.map((role) => ({ role, action, operation, expected: role === 'anonymous' ? 'UNAUTHENTICATED' : (expected[role] ?? expected.rest) }));
const planning = () => id.planning;
const open = () => id.open;
const table = [
  ...rows('workshops (list)', op.workshops, {
    organiser: { sees: () => [id.planning, id.open, id.closed, id.late] }, organisingMember: { sees: () => [id.planning, id.open, id.closed, id.late] },
    audienceMember: { sees: () => [id.open, id.closed, id.late] }, partnerAdmin: { sees: () => [id.open, id.closed, id.late] }, rest: { sees: () => [] },
  }),
  ...rows('workshop(PLANNING)', () => op.workshop(planning), { organiser: 'ok', organisingMember: 'ok', rest: 'NOT_FOUND' }),
  ...rows('workshop(OPEN)', () => op.workshop(open), { ...readers, rest: 'NOT_FOUND' }),
  ...rows('updateWorkshop(OPEN)', () => op.update(open), { organiser: 'ok', organisingMember: 'FORBIDDEN', audienceMember: 'FORBIDDEN', partnerAdmin: 'FORBIDDEN', rest: 'NOT_FOUND' }),
  ...rows('updateWorkshop(PLANNING)', () => op.update(planning), { organiser: 'ok', organisingMember: 'FORBIDDEN', rest: 'NOT_FOUND' }),
  ...rows('registerForWorkshop(PLANNING)', () => op.register(planning), { organiser: 'CONFLICT', organisingMember: 'CONFLICT', rest: 'NOT_FOUND' }),
  ...rows('createWorkshop(lantern-lawyers)', op.create, { organiser: 'ok', organisingMember: 'FORBIDDEN', operator: 'FORBIDDEN', rest: 'NOT_FOUND' }),
  ...rows('workshopTasks(OPEN)', () => op.tasks(open), { organiser: 'ok', organisingMember: 'FORBIDDEN', audienceMember: 'FORBIDDEN', partnerAdmin: 'FORBIDDEN', rest: 'NOT_FOUND' }),
  ...rows('workshopAgendaIcs(OPEN)', () => op.ics(open), { ...readers, rest: 'NOT_FOUND' }),
  ...rows('workshopAgendaIcs(PLANNING)', () => op.ics(planning), { organiser: 'ok', organisingMember: 'ok', rest: 'NOT_FOUND' }),
  ...rows('createWorkshopDownload(OPEN, CSV)', () => op.csv(open), { organiser: 'ok', organisingMember: 'FORBIDDEN', audienceMember: 'FORBIDDEN', partnerAdmin: 'FORBIDDEN', rest: 'NOT_FOUND' }),
  ...rows('inviteToWorkshop(OPEN)', () => op.invite(open, `matrix-${Math.random().toString(36).slice(2)}@elsewhere.invalid`), {
    organiser: 'ok', organisingMember: 'FORBIDDEN', audienceMember: 'FORBIDDEN', partnerAdmin: 'FORBIDDEN', rest: 'NOT_FOUND',
  }),
  // Last: registering changes who may see what.
  ...rows('registerForWorkshop(OPEN)', () => op.register(open), { ...readers, rest: 'NOT_FOUND' }),
];

describe('role × action', () => {
  beforeAll(async () => {
    lantern = await orgId(t, 'lantern-lawyers');
  });
  it.each(table.map((r) => [r.role, r.action, typeof r.expected === 'string' ? r.expected : 'sees', r] as const))('%s · %s → %s', async (role, _a, _e, row) => {
    const operation = row.operation();
    const before = await workshopSnapshot(t);
    const result = await clients[role].gql(operation.query, operation.variables);
    const after = await workshopSnapshot(t);
    if (row.expected === 'ok') {
      expect(result.errors).toBeUndefined();
      expect(result.data?.[operation.field]).toBeTruthy();
      if (!operation.query.startsWith('mutation')) expect(after).toEqual(before);
    } else if (typeof row.expected === 'string') {
      expect({ code: codeOf(result), errors: result.errors?.length, data: result.data?.[operation.field] ?? null }).toEqual({ code: row.expected, errors: 1, data: null });
      expect(after).toEqual(before);
    } else {
      expect(operation.nodes!(result.data as Record<string, Edges>).sort()).toEqual(row.expected.sees().sort());
    }
  });

  it('every workshop root field has a policy, and none is public', () => {
    const reflector = new Reflector();
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const roots = [schema.getQueryType(), schema.getMutationType()].flatMap((type) => Object.keys(type!.getFields()));
    const ours = roots.flatMap((name) => {
      const handler = workshopResolvers.map((r) => (r.prototype as unknown as Record<string, unknown>)[name]).find((h) => typeof h === 'function');
      return handler ? [[name, handler as () => unknown] as const] : [];
    });
    expect(ours.length).toBeGreaterThan(25);
    const unguarded = ours.filter(([, h]) => reflector.get(PUBLIC_KEY, h) !== undefined || reflector.get<FieldPolicy | undefined>(REQUIRES_KEY, h) === undefined);
    expect(unguarded.map(([name]) => name)).toEqual([]);
  });
});

// ---- bad input ----------------------------------------------------------------------------------
describe('bad input: a clear error naming it, nothing changed', () => {
  let registered: Client;
  beforeAll(async () => {
    registered = (await members(t, 'campus-voices', 'bad-input', 1))[0]!.client;
    full = await makeWorkshop(t, clients.organiser, { capacity: 3 });
    expect((await register(registered, full)).data?.registerForWorkshop.state).toBe('CONFIRMED');
    expect((await register(clients.organisingMember, full)).data?.registerForWorkshop.state).toBe('CONFIRMED');
    await clients.organiser.gql('mutation($i: InviteInput!) { inviteToWorkshop(input: $i) { token } }', { i: { workshopId: id.open, email: 'already@elsewhere.invalid' } });
    await clients.organiser.gql('mutation($i: AgendaSessionInput!) { saveAgendaSession(input: $i) { id } }', {
      i: { workshopId: id.open, title: 'Morning', track: 'Main hall', startsAt: '2027-03-10T08:00:00Z', endsAt: '2027-03-10T10:00:00Z' },
    });
  });
  let full = '';
  const session = (extra: Record<string, unknown>) => ({ workshopId: id.open, title: 'Panel', track: 'Main hall', startsAt: '2027-03-10T11:00:00Z', endsAt: '2027-03-10T12:00:00Z', ...extra });
  const cases: [string, () => Client, string, () => Record<string, unknown>, string, string | null, RegExp][] = [
    ['end before start', () => clients.organiser, 'mutation($i: CreateWorkshopInput!) { createWorkshop(input: $i) { id } }',
      () => ({ i: { organisationId: lantern, title: 'x', format: 'ONLINE', startsAt: '2027-01-02T10:00:00Z', endsAt: '2027-01-01T10:00:00Z', timeZone: 'Europe/Istanbul', capacity: 5, admission: 'FIRST_COME' } }),
      'BAD_USER_INPUT', 'endsAt', /endsAt: must be after startsAt/],
    ['a time zone that is not one', () => clients.organiser, 'mutation($i: UpdateWorkshopInput!) { updateWorkshop(input: $i) { id } }',
      () => ({ i: { id: id.open, timeZone: 'Mars/Olympus' } }), 'BAD_USER_INPUT', 'timeZone', /timeZone: must be an IANA time zone/],
    ['a capacity of zero', () => clients.organiser, 'mutation($i: UpdateWorkshopInput!) { updateWorkshop(input: $i) { id } }',
      () => ({ i: { id: id.open, capacity: 0 } }), 'BAD_USER_INPUT', 'capacity', /capacity: must be at least 1/],
    ['capacity below the number already confirmed', () => clients.organiser, 'mutation($i: UpdateWorkshopInput!) { updateWorkshop(input: $i) { id } }',
      () => ({ i: { id: full, capacity: 1 } }), 'BAD_USER_INPUT', 'capacity', /capacity: is below the 2 participants already confirmed/],
    ['registration after the deadline', () => registered, 'mutation($i: RegisterInput!) { registerForWorkshop(input: $i) { id } }',
      () => ({ i: { workshopId: id.late } }), 'CONFLICT', 'registrationDeadline', /registrationDeadline: registration closed on 2020-01-01/],
    ['registration when closed', () => registered, 'mutation($i: RegisterInput!) { registerForWorkshop(input: $i) { id } }',
      () => ({ i: { workshopId: id.closed } }), 'CONFLICT', 'status', /status: registration is closed \(the workshop is CLOSED\)/],
    ['a double registration', () => registered, 'mutation($i: RegisterInput!) { registerForWorkshop(input: $i) { id } }',
      () => ({ i: { workshopId: full } }), 'CONFLICT', 'workshopId', /workshopId: already confirmed for this workshop/],
    ['an invitation to an email already invited', () => clients.organiser, 'mutation($i: InviteInput!) { inviteToWorkshop(input: $i) { token } }',
      () => ({ i: { workshopId: id.open, email: 'Already@Elsewhere.invalid' } }), 'CONFLICT', 'email', /email: this address is already invited/],
    ['an agenda session before the workshop', () => clients.organiser, 'mutation($i: AgendaSessionInput!) { saveAgendaSession(input: $i) { id } }',
      () => ({ i: session({ startsAt: '2027-03-09T11:00:00Z', endsAt: '2027-03-10T08:30:00Z' }) }), 'BAD_USER_INPUT', 'startsAt', /startsAt: must be within the workshop's dates/],
    ['an agenda session after the workshop', () => clients.organiser, 'mutation($i: AgendaSessionInput!) { saveAgendaSession(input: $i) { id } }',
      () => ({ i: session({ startsAt: '2027-03-12T15:00:00Z', endsAt: '2027-03-12T17:00:00Z' }) }), 'BAD_USER_INPUT', 'endsAt', /endsAt: must be within the workshop's dates/],
    ['an overlapping session in a track', () => clients.organiser, 'mutation($i: AgendaSessionInput!) { saveAgendaSession(input: $i) { id } }',
      () => ({ i: session({ startsAt: '2027-03-10T09:30:00Z', endsAt: '2027-03-10T11:00:00Z' }) }), 'CONFLICT', 'track', /track: overlaps another session in the same track/],
    ['a speaker who is not a confirmed participant', () => clients.organiser, 'mutation($i: AgendaSessionInput!) { saveAgendaSession(input: $i) { id } }',
      () => ({ i: session({ people: [{ participantId: '0190a000-0000-7000-8000-000000000000', role: 'SPEAKER' }] }) }), 'BAD_USER_INPUT', 'people', /people: speakers and facilitators must be confirmed participants/],
    ['a CSV export by a non-organiser', () => clients.organisingMember, 'mutation($i: DownloadInput!) { createWorkshopDownload(input: $i) { url } }',
      () => ({ i: { workshopId: id.open, kind: 'PARTICIPANTS_CSV', password: DEMO_PASSWORD } }), 'FORBIDDEN', null, /Only the organisers of this workshop/],
    ['a task for someone who is not an organiser', () => clients.organiser, 'mutation($i: TaskInput!) { saveWorkshopTask(input: $i) { id } }',
      () => ({ i: { workshopId: id.open, title: 'Book rooms', assigneeUserId: ids.member } }), 'BAD_USER_INPUT', 'assigneeUserId', /assigneeUserId: must be one of the organisers/],
  ];
  const ids = { member: '' };
  beforeAll(async () => {
    ids.member = await userId(t, ROLES.member);
  });
  it.each(cases)('%s', async (_name, who, query, variables, code, field, message) => {
    const before = await workshopSnapshot(t);
    const result = await who().gql(query, variables());
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.message).toMatch(message);
    expect(result.errors![0]!.extensions).toMatchObject({ code, ...(field ? { field } : {}) });
    expect(await workshopSnapshot(t)).toEqual(before);
  });
});

// ---- the venue, invitations, agenda, calendars, events -----------------------------------------
describe('the venue and link', () => {
  it('are shown to organisers and seated participants only', async () => {
    const query = 'query($id: ID!) { workshop(id: $id) { location { venue onlineUrl } myParticipation { state } } }';
    const [seated, waiting] = await members(t, 'open-press-desk', 'venue', 2);
    const w = await makeWorkshop(t, clients.organiser, { capacity: 1 });
    await register(seated!.client, w);
    await register(waiting!.client, w);
    const location = { venue: 'Hotel Ağaoğlu, meeting room 3, Kızılay', onlineUrl: 'https://meet.example.invalid/room-1' };
    expect((await clients.organiser.gql(query, { id: w })).data!.workshop.location).toEqual(location);
    expect((await seated!.client.gql(query, { id: w })).data!.workshop).toEqual({ location, myParticipation: { state: 'CONFIRMED' } });
    expect((await waiting!.client.gql(query, { id: w })).data!.workshop).toEqual({ location: null, myParticipation: { state: 'WAITLISTED' } });
    expect((await clients.audienceMember.gql(query, { id: w })).data!.workshop.location).toBeNull();
    expect((await clients.organiser.gql('query($w: ID!) { workshopAgendaIcs(workshopId: $w) }', { w })).data!.workshopAgendaIcs).toContain('Ağaoğlu');
    expect((await clients.audienceMember.gql('query($w: ID!) { workshopAgendaIcs(workshopId: $w) }', { w })).data!.workshopAgendaIcs).not.toContain('Ağaoğlu');
  });
});

describe('invitations', () => {
  it('by e-mail: the token works once, only for the account of that address, and seats in order', async () => {
    const w = await makeWorkshop(t, clients.organiser, { networks: ['harbour-group'], capacity: 5 });
    const issued = await clients.organiser.gql('mutation($i: InviteInput!) { inviteToWorkshop(input: $i) { token participant { state invitedEmail } } }', {
      i: { workshopId: w, email: 'Hanna@Demo.invalid', role: 'SPEAKER' },
    });
    expect(issued.data!.inviteToWorkshop.participant).toEqual({ state: 'INVITED', invitedEmail: 'hanna@demo.invalid' });
    const token = issued.data!.inviteToWorkshop.token as string;
    const [row] = await t.dataSource.query('SELECT invitation_token_hash FROM workshop_participants WHERE invited_email = $1', ['hanna@demo.invalid']);
    expect(Buffer.from(row.invitation_token_hash).toString('base64url')).not.toBe(token);
    const accept = 'mutation($t: String!) { acceptWorkshopInvitation(token: $t) { state role } }';
    const wrong = await clients.partnerAdmin.gql(accept, { t: token });
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token' });
    expect((await clients.otherNetworkAdmin.gql(accept, { t: token })).data).toEqual({ acceptWorkshopInvitation: { state: 'CONFIRMED', role: 'SPEAKER' } });
    expect(codeOf(await clients.otherNetworkAdmin.gql(accept, { t: token }))).toBe('BAD_USER_INPUT');
    expect((await clients.otherNetworkAdmin.gql('query($id: ID!) { workshop(id: $id) { id } }', { id: w })).data).toEqual({ workshop: { id: w } });
  });

  it('of a user: they answer it themselves; the invitation event goes out after commit', async () => {
    const [invited] = await members(t, 'workers-ledger', 'invitee', 1);
    const invitee = invited!.id;
    const issued = await clients.organiser.gql('mutation($i: InviteInput!) { inviteToWorkshop(input: $i) { token participant { id state } } }', { i: { workshopId: id.open, userId: invitee } });
    const participantId = issued.data!.inviteToWorkshop.participant.id;
    expect(issued.data!.inviteToWorkshop.token).toBeNull();
    const respond = 'mutation($p: ID!, $a: Boolean!) { respondToWorkshopInvitation(participantId: $p, accept: $a) { state } }';
    expect(codeOf(await clients.organiser.gql(respond, { p: participantId, a: false }))).toBe('FORBIDDEN');
    expect((await invited!.client.gql(respond, { p: participantId, a: false })).data).toEqual({ respondToWorkshopInvitation: { state: 'DECLINED' } });
    const [event] = await t.dataSource.query(`SELECT payload FROM outbox_events WHERE type = 'workshop.invited' AND payload->>'participantId' = $1`, [participantId]);
    expect(event.payload).toEqual({ workshopId: id.open, participantId, userId: invitee });
  });
});

describe('agenda and tasks', () => {
  it('keep tracks apart, allow parallel tracks, and tell subscribers the agenda changed', async () => {
    const save = (extra: Record<string, unknown>) => clients.organiser.gql('mutation($i: AgendaSessionInput!) { saveAgendaSession(input: $i) { id track } }', {
      i: { workshopId: id.planning, title: 'Session', startsAt: '2027-03-11T08:00:00Z', endsAt: '2027-03-11T09:00:00Z', ...extra },
    });
    expect((await save({ track: 'A' })).errors).toBeUndefined();
    expect((await save({ track: 'B' })).errors).toBeUndefined();
    expect((await save({ track: 'A', startsAt: '2027-03-11T09:00:00Z', endsAt: '2027-03-11T10:00:00Z' })).errors).toBeUndefined(); // touching is fine
    const agenda = await clients.organisingMember.gql('query($id: ID!) { workshop(id: $id) { agenda { track startsAt } } }', { id: id.planning });
    expect(agenda.data!.workshop.agenda.map((s: { track: string }) => s.track)).toEqual(['A', 'B', 'A']);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox_events WHERE type = 'workshop.agenda_changed' AND payload->>'workshopId' = $1`, [id.planning]);
    expect(n).toBe(3);
  });

  it('tasks are assigned among organisers and marked done', async () => {
    const me = await userId(t, ROLES.adminAndCoordinator);
    const made = await clients.organiser.gql('mutation($i: TaskInput!) { saveWorkshopTask(input: $i) { id assigneeUserId dueOn done } }', {
      i: { workshopId: id.planning, title: 'Book interpreters', assigneeUserId: me, dueOn: '2027-02-01' },
    });
    expect(made.data!.saveWorkshopTask).toMatchObject({ assigneeUserId: me, dueOn: '2027-02-01', done: false });
    const done = await clients.organiser.gql('mutation($i: TaskInput!) { saveWorkshopTask(input: $i) { done } }', {
      i: { id: made.data!.saveWorkshopTask.id, workshopId: id.planning, title: 'Book interpreters', assigneeUserId: me, done: true },
    });
    expect(done.data).toEqual({ saveWorkshopTask: { done: true } });
    const open = await clients.organiser.gql('query($w: ID!) { workshopTasks(workshopId: $w, first: 10, done: false) { edges { node { id } } } }', { w: id.planning });
    expect(open.data!.workshopTasks.edges).toEqual([]);
  });
});

describe('calendars', () => {
  it('the agenda is valid iCalendar; the personal feed is secret, minimal and revocable', async () => {
    const ics = (await clients.organiser.gql('query($w: ID!) { workshopAgendaIcs(workshopId: $w) }', { w: id.planning })).data!.workshopAgendaIcs as string;
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics).toContain('DTSTART:20270311T080000Z');
    expect(ics.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const [person] = await members(t, 'open-press-desk', 'feed', 1);
    const w = await makeWorkshop(t, clients.organiser, { capacity: 5 });
    expect((await register(person!.client, w)).data?.registerForWorkshop.state).toBe('CONFIRMED');
    const feed = await person!.client.gql('mutation { createCalendarFeed { url } }');
    const url = feed.data!.createCalendarFeed.url as string;
    expect(url).toMatch(/^\/workshops\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const response = await fetch(`${t.url}${url}`);
    expect(response.headers.get('content-type')).toMatch(/^text\/calendar/);
    const body = await response.text();
    expect(body).toContain(`UID:workshop-${w}@solidarity-workspace`);
    expect(body).not.toContain(`UID:workshop-${id.open}@`); // not seated there
    expect(body).not.toMatch(/Ağaoğlu|meet\.example/);
    const token = url.split('/').pop()!.slice(0, -4);
    const stored = async (value: Buffer) => (await t.dataSource.query('SELECT count(*)::int AS n FROM workshop_calendar_feeds WHERE token_hash = $1', [value]))[0].n;
    expect([await stored(Buffer.from(token)), await stored(createHash('sha256').update(token).digest())]).toEqual([0, 1]); // only its digest
    expect((await person!.client.gql('mutation { revokeCalendarFeed }')).data).toEqual({ revokeCalendarFeed: true });
    expect((await fetch(`${t.url}${url}`)).status).toBe(404);
  });
});

describe('cancelling a workshop', () => {
  it('is one transition, audited, with its event; a cancelled workshop cannot be reopened', async () => {
    const w = await makeWorkshop(t, clients.organiser);
    const cancel = await clients.organiser.gql('mutation($id: ID!) { setWorkshopStatus(id: $id, status: CANCELLED) { status } }', { id: w });
    expect(cancel.data).toEqual({ setWorkshopStatus: { status: 'CANCELLED' } });
    const reopen = await clients.organiser.gql('mutation($id: ID!) { setWorkshopStatus(id: $id, status: OPEN) { status } }', { id: w });
    expect(reopen.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'status' });
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox_events WHERE type = 'workshop.cancelled' AND payload = $1::jsonb`, [JSON.stringify({ workshopId: w })]);
    expect(n).toBe(1);
  });
});

describe('upcoming workshops', () => {
  const UPCOMING = `query($first: Int!, $after: String) { workshops(first: $first, after: $after, upcoming: true) { edges { node { id startsAt } } pageInfo { hasNextPage endCursor } } }`;
  const upcoming = async (client: Client, first = 100, after?: string) => (await client.gql(UPCOMING, { first, after })).data!.workshops;

  it('lists only those still to come, the soonest first, page after page; never held, cancelled or ended ones', async () => {
    const later = await makeWorkshop(t, clients.organiser, { startsAt: '2027-06-01T07:00:00.000Z', endsAt: '2027-06-02T16:00:00.000Z' });
    const sooner = await makeWorkshop(t, clients.organiser, { startsAt: '2027-04-01T07:00:00.000Z', endsAt: '2027-04-02T16:00:00.000Z', registrationDeadline: null });
    const cancelled = await makeWorkshop(t, clients.organiser);
    expect((await clients.organiser.gql(`mutation { setWorkshopStatus(id: "${cancelled}", status: CANCELLED) { status } }`)).data).toEqual({ setWorkshopStatus: { status: 'CANCELLED' } });
    const ended = await makeWorkshop(t, clients.organiser);
    // As time passes: it took place last month.
    await t.dataSource.query(`UPDATE workshops SET starts_at = now() - interval '40 days', ends_at = now() - interval '38 days', registration_deadline = NULL WHERE id = $1`, [ended]);

    const all = await upcoming(clients.audienceMember);
    const ids = all.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(ids).toEqual(expect.arrayContaining([sooner, later]));
    expect(ids.indexOf(sooner)).toBeLessThan(ids.indexOf(later));
    expect(ids).not.toContain(cancelled);
    expect(ids).not.toContain(ended);
    const starts = all.edges.map((e: { node: { startsAt: string } }) => e.node.startsAt);
    expect(starts).toEqual([...starts].sort());

    const walked: string[] = [];
    let after: string | undefined;
    do {
      const page = await upcoming(clients.audienceMember, 2, after);
      walked.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined;
    } while (after);
    expect(walked).toEqual(ids);

    // Someone outside the audience still sees none of them.
    const outside = (await upcoming(clients.otherNetworkAdmin)).edges.map((e: { node: { id: string } }) => e.node.id);
    expect(outside).not.toContain(sooner);
    expect(outside).not.toContain(later);
  });
});
