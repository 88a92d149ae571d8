// Protected participant data (issue 6 "Done when"; SECURITY.md 18, 27, 30, 31): every protected
// field is readable by exactly the workshop's organisers and the person, through every query path
// and the CSV; the database row holds ciphertext bound to its row; organiser reads are audited;
// none of it ever reaches a log line.
import { inflateSync } from 'node:zlib';
import { FieldCipher } from '@sw/database';
import { DEMO_PASSWORD } from '@sw/identity';
import { type Client, codeOf, ROLES, startTestApp, type TestApp } from './support/test-app.js';
import { makeWorkshop, members, orgId, register, userId } from './support/workshops-fixture.js';

let t: TestApp;
afterAll(() => t.close());

const DATA = {
  legalName: 'Ayşe Gül Yıldırım',
  travelNeeds: 'Arrives from Diyarbakır by night bus',
  visaSupportNeeds: 'Schengen visa, appointment in İzmir',
  passportNationality: 'Türkiye',
  dietaryNeeds: 'Vegetarian, no nuts',
  accessibilityNeeds: 'Step-free room please',
  phone: '+90 555 010 2030',
  emergencyContact: 'Mehmet Yıldırım, +90 555 010 4050',
} as const;
const FIELDS = Object.keys(DATA) as (keyof typeof DATA)[];
const COLUMNS: Record<keyof typeof DATA, string> = {
  legalName: 'legal_name', travelNeeds: 'travel_needs', visaSupportNeeds: 'visa_support_needs', passportNationality: 'passport_nationality',
  dietaryNeeds: 'dietary_needs', accessibilityNeeds: 'accessibility_needs', phone: 'phone', emergencyContact: 'emergency_contact',
};
const PROTECTED = `protectedData { ${FIELDS.join(' ')} }`;
const NODE = `id displayName ${PROTECTED}`;

type Role = 'organiser' | 'coOrganiser' | 'person' | 'fellow' | 'organisingMember' | 'audienceMember' | 'otherNetwork' | 'operator' | 'suspendedOrganiser';
const ROLE_NAMES: Role[] = ['organiser', 'coOrganiser', 'person', 'fellow', 'organisingMember', 'audienceMember', 'otherNetwork', 'operator', 'suspendedOrganiser'];
const READERS = new Set<Role>(['organiser', 'coOrganiser', 'person']);
const clients = {} as Record<Role, Client>;
let workshopId = '';
let participantId = '';

beforeAll(async () => {
  t = await startTestApp();
  clients.organiser = await t.signIn(ROLES.adminAndCoordinator);
  workshopId = await makeWorkshop(t, clients.organiser, { capacity: 5 });
  const [person, fellow, co, suspended] = await members(t, 'open-press-desk', 'protected', 4);
  clients.person = person!.client;
  clients.fellow = fellow!.client;
  clients.organisingMember = await t.signIn(ROLES.member);
  clients.audienceMember = await t.signIn(ROLES.otherOrgAdmin);
  clients.otherNetwork = await t.signIn(ROLES.otherNetworkAdmin);
  clients.operator = await t.signIn(ROLES.operator);
  // Two more organisers through open-press-desk; one of them is then suspended there.
  clients.coOrganiser = co!.client;
  clients.suspendedOrganiser = suspended!.client;
  for (const who of [co!, suspended!]) {
    const added = await clients.organiser.gql('mutation($w: ID!, $u: ID!, $o: ID) { addWorkshopOrganiser(workshopId: $w, userId: $u, organisationId: $o) }', {
      w: workshopId, u: who.id, o: await orgId(t, 'open-press-desk'),
    });
    expect(added.errors).toBeUndefined();
  }
  await t.dataSource.query('UPDATE memberships SET suspended_at = now() WHERE user_id = $1', [suspended!.id]);

  const registered = await register(clients.person, workshopId, { organisationId: await orgId(t, 'open-press-desk'), shareIdentity: true, protectedData: DATA });
  expect(registered.errors).toBeUndefined();
  participantId = registered.data!.registerForWorkshop.id;
  expect((await register(clients.fellow, workshopId, { shareIdentity: false })).data?.registerForWorkshop.state).toBe('CONFIRMED');
  const session = await clients.organiser.gql('mutation($i: AgendaSessionInput!) { saveAgendaSession(input: $i) { id } }', {
    i: { workshopId, title: 'Opening', startsAt: '2027-03-10T07:00:00.000Z', endsAt: '2027-03-10T08:00:00.000Z', people: [{ participantId, role: 'SPEAKER' }] },
  });
  expect(session.errors).toBeUndefined();
});

/** Each path yields the protected data of the person it finds (null when the rule hides it), or an error code. */
type Path = (c: Client) => Promise<{ data: Record<string, string | null> | null | undefined; code?: string }>;
const find = (nodes: { id: string; protectedData: Record<string, string | null> | null }[] | undefined) =>
  nodes?.find((n) => n.id === participantId)?.protectedData;
const PATHS: Record<string, Path> = {
  'workshop.participants': async (c) => {
    const r = await c.gql(`query($w: ID!) { workshop(id: $w) { participants(first: 50) { edges { node { ${NODE} } } } } }`, { w: workshopId });
    return { data: find(r.data?.workshop?.participants.edges.map((e: { node: never }) => e.node)), code: codeOf(r) };
  },
  workshopParticipants: async (c) => {
    const r = await c.gql(`query($w: ID!) { workshopParticipants(workshopId: $w, first: 50) { edges { node { ${NODE} } } } }`, { w: workshopId });
    return { data: find(r.data?.workshopParticipants.edges.map((e: { node: never }) => e.node)), code: codeOf(r) };
  },
  workshopParticipant: async (c) => {
    const r = await c.gql(`query($p: ID!) { workshopParticipant(id: $p) { ${NODE} } }`, { p: participantId });
    return { data: r.data?.workshopParticipant?.protectedData, code: codeOf(r) };
  },
  myWorkshopParticipations: async (c) => {
    const r = await c.gql(`{ myWorkshopParticipations(first: 50) { edges { node { ${NODE} } } } }`);
    return { data: find(r.data?.myWorkshopParticipations.edges.map((e: { node: never }) => e.node)), code: codeOf(r) };
  },
  'workshop.myParticipation': async (c) => {
    const r = await c.gql(`query($w: ID!) { workshop(id: $w) { myParticipation { ${NODE} } } }`, { w: workshopId });
    const mine = r.data?.workshop?.myParticipation;
    return { data: mine?.id === participantId ? mine.protectedData : undefined, code: codeOf(r) };
  },
  'workshop.agenda.people.participant': async (c) => {
    const r = await c.gql(`query($w: ID!) { workshop(id: $w) { agenda { people { participant { ${NODE} } } } } }`, { w: workshopId });
    const people = r.data?.workshop?.agenda.flatMap((s: { people: { participant: never }[] }) => s.people.map((p) => p.participant)).filter(Boolean);
    return { data: find(people), code: codeOf(r) };
  },
};

describe('who reads the protected fields, through every path', () => {
  const rows = ROLE_NAMES.flatMap((role) => Object.keys(PATHS).map((path) => [role, path] as const));
  it.each(rows)('%s · %s', async (role, path) => {
    const before = await auditReads();
    const { data, code } = await PATHS[path]!(clients[role]);
    if (READERS.has(role) && (role === 'person' || !path.startsWith('my') && path !== 'workshop.myParticipation')) {
      expect(code).toBeUndefined();
      expect(data).toEqual(DATA); // every field, decrypted
      expect(await auditReads()).toBe(before + (role === 'person' ? 0 : 1));
    } else {
      // Not a reader: the row is absent, or present with protectedData null; never a value.
      expect(data ?? null).toBeNull();
      expect(await auditReads()).toBe(before);
      if (role === 'otherNetwork' || role === 'operator' || role === 'suspendedOrganiser') {
        if (path !== 'myWorkshopParticipations') expect(code).toBe('NOT_FOUND');
      }
    }
  });
});

const auditReads = async () =>
  (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'workshop.participant_data_read' AND subject_id = $1`, [participantId]))[0].n as number;

describe('names and organisations among participants', () => {
  it('a fellow participant sees the person who opted in, and not the one who did not', async () => {
    const r = await clients.fellow.gql(`query($w: ID!) { workshopParticipants(workshopId: $w, first: 100) { edges { node { id displayName organisationName userId position } } } }`, { w: workshopId });
    const nodes = r.data!.workshopParticipants.edges.map((e: { node: unknown }) => e.node);
    expect(nodes).toContainEqual({ id: participantId, displayName: 'protected 0', organisationName: 'Open Press Desk', userId: null, position: null });
    const [hidden] = await t.dataSource.query(`SELECT p.id FROM workshop_participants p JOIN users u ON u.id = p.user_id WHERE u.email = 'protected-01@demo.invalid'`);
    // The fellow sees their own row (full view), and nobody else who kept the default.
    expect(nodes.filter((n: { id: string }) => n.id !== participantId).map((n: { id: string }) => n.id)).toEqual([hidden.id]);
    const others = await clients.audienceMember.gql(`query($w: ID!) { workshopParticipants(workshopId: $w, first: 100) { edges { node { id } } } }`, { w: workshopId });
    expect(others.data!.workshopParticipants.edges).toEqual([]);
  });
});

describe('the database row', () => {
  it('holds ciphertext bound to table, column and row, never the text', async () => {
    const [row] = await t.dataSource.query(`SELECT * FROM workshop_participants WHERE id = $1`, [participantId]);
    const cipher = new FieldCipher(FieldCipher.parseKey(`test:${Buffer.alloc(32, 7).toString('base64')}`), []);
    for (const field of FIELDS) {
      const stored = row[COLUMNS[field]] as string;
      expect(stored).toMatch(/^v1\.test\./);
      expect(stored).not.toContain(DATA[field]);
      expect(cipher.decrypt(stored, { table: 'workshop_participants', column: COLUMNS[field], rowId: participantId })).toBe(DATA[field]);
      expect(() => cipher.decrypt(stored, { table: 'workshop_participants', column: 'phone', rowId: row.user_id })).toThrow();
    }
    const dump = JSON.stringify(await t.dataSource.query('SELECT * FROM workshop_participants'));
    for (const field of FIELDS) expect(dump).not.toContain(DATA[field]);
    const [w] = await t.dataSource.query('SELECT venue, online_url FROM workshops WHERE id = $1', [workshopId]);
    expect(`${w.venue} ${w.online_url}`).not.toMatch(/Ağaoğlu|meet\.example/);
  });
});

const download = async (c: Client, input: Record<string, unknown>) => {
  const minted = await c.gql('mutation($i: DownloadInput!) { createWorkshopDownload(input: $i) { url expiresAt } }', { i: { workshopId, password: DEMO_PASSWORD, ...input } });
  return minted;
};
const fetchLink = (url: string, c: Client) => fetch(`${t.url}${url}`, { headers: c.token ? { authorization: `Bearer ${c.token}` } : {} });

describe('the participant CSV', () => {
  it.each(ROLE_NAMES.filter((r) => r !== 'organiser' && r !== 'coOrganiser'))('%s cannot export it', async (role) => {
    const minted = await download(clients[role], { kind: 'PARTICIPANTS_CSV' });
    expect(codeOf(minted)).toBe(['person', 'fellow', 'organisingMember', 'audienceMember'].includes(role) ? 'FORBIDDEN' : 'NOT_FOUND');
  });

  it.each(['organiser', 'coOrganiser'] as const)('%s gets every field after the password, once, audited', async (role) => {
    const wrong = await clients[role].gql('mutation($i: DownloadInput!) { createWorkshopDownload(input: $i) { url } }', { i: { workshopId, kind: 'PARTICIPANTS_CSV', password: 'not the password at all' } });
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', field: 'password' });
    const minted = await download(clients[role], { kind: 'PARTICIPANTS_CSV' });
    const url = minted.data!.createWorkshopDownload.url as string;
    expect((await fetchLink(url, t.client())).status).toBe(401); // the link alone is not enough
    expect((await fetchLink(url, clients.person)).status).toBe(404); // nor someone else's session
    const before = await auditReads();
    const response = await fetchLink(url, clients[role]);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const csv = await response.text();
    for (const field of FIELDS) expect(csv).toContain(`"${DATA[field].startsWith('+') ? `'${DATA[field]}` : DATA[field]}"`);
    expect(await auditReads()).toBe(before + 1);
    expect((await fetchLink(url, clients[role])).status).toBe(404); // single use
  });
});

describe('visa letters', () => {
  it('are made for a seated participant who asked, in the template languages, as HTML and PDF (Turkish glyphs included)', async () => {
    const html = await download(clients.organiser, { kind: 'VISA_LETTER', participantId, language: 'tr', format: 'HTML' });
    const page = await (await fetchLink(html.data!.createWorkshopDownload.url, clients.organiser)).text();
    expect(page).toContain('Ayşe Gül Yıldırım');
    expect(page).toContain('Türkiye vatandaşı');
    expect(page).toContain('Hotel Ağaoğlu');
    expect(page).toMatch(/10 Mart 2027/);
    const pdf = await download(clients.organiser, { kind: 'VISA_LETTER', participantId, language: 'en', format: 'PDF' });
    const response = await fetchLink(pdf.data!.createWorkshopDownload.url, clients.organiser);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.toString('latin1')).toContain('DejaVuSans'); // the embedded font that has ğ, ş and ı
    // The text went in as Unicode: the font's ToUnicode map lists ı, ğ and ş (from Ayşe Gül Yıldırım).
    const maps = [...bytes.toString('latin1').matchAll(/stream\r?\n([\s\S]*?)endstream/g)]
      .map((m) => { try { return inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1'); } catch { return ''; } })
      .filter((text) => text.includes('beginbfrange'));
    for (const code of ['0131', '015f', '00fc']) expect(maps.join('\n')).toContain(`<${code}>`);
    const noLanguage = await download(clients.organiser, { kind: 'VISA_LETTER', participantId, language: 'de' });
    expect(noLanguage.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'language' });
    const [fellow] = await t.dataSource.query(`SELECT p.id FROM workshop_participants p JOIN users u ON u.id = p.user_id WHERE u.email = 'protected-01@demo.invalid'`);
    const notAsked = await download(clients.organiser, { kind: 'VISA_LETTER', participantId: fellow.id, language: 'en' });
    expect(notAsked.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'participantId' });
  });
});

describe('the person changes their own data', () => {
  it('only the fields given, and nobody else can', async () => {
    const mutation = `mutation($i: UpdateParticipationInput!) { updateMyWorkshopParticipation(input: $i) { ${PROTECTED} } }`;
    const mine = await clients.person.gql(mutation, { i: { participantId, protectedData: { phone: '+90 555 010 9999' } } });
    expect(mine.data!.updateMyWorkshopParticipation.protectedData).toEqual({ ...DATA, phone: '+90 555 010 9999' });
    const bad = await clients.person.gql(mutation, { i: { participantId, protectedData: { phone: 'call me at +90 555 SECRET' } } });
    expect(bad.errors?.[0]).toMatchObject({ message: 'protectedData.phone: must be a phone number', extensions: { code: 'BAD_USER_INPUT', field: 'protectedData.phone' } });
    expect(JSON.stringify(bad)).not.toContain('SECRET');
    expect(codeOf(await clients.organiser.gql(mutation, { i: { participantId, protectedData: { phone: '+1 555' } } }))).toBe('FORBIDDEN');
    expect(codeOf(await clients.otherNetwork.gql(mutation, { i: { participantId, protectedData: { phone: '+1 555' } } }))).toBe('NOT_FOUND');
    await clients.person.gql(mutation, { i: { participantId, protectedData: { phone: DATA.phone } } });
  });
});

describe('logs', () => {
  it('never hold participant data, the venue or the link', async () => {
    expect(t.logLines.length).toBeGreaterThan(0);
    const logs = t.logLines.join('\n');
    for (const value of [...Object.values(DATA), '+90 555 010 9999', 'SECRET', 'Ağaoğlu', 'meet.example.invalid']) expect(logs).not.toContain(value);
    expect(await userId(t, 'protected-00@demo.invalid')).toBeTruthy();
  });
});
