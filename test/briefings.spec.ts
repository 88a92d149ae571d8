import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Attachments } from '@sw/briefings';
import { BRIEFING_FIELDS, idOf, writeBriefing } from './support/briefings.js';
import { type Client, codeOf, ROLES, startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let deniz: Client; // admin of lantern-lawyers (kestrel-network member)
let ece: Client; // member of lantern-lawyers
let kerem: Client; // admin of open-press-desk (kestrel-network member)
let nazli: Client; // admin of workers-ledger (kestrel-network partner)
let hanna: Client; // admin of quiet-harbour (harbour-group only)
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  [deniz, ece, kerem, nazli, hanna] = await Promise.all(
    [ROLES.adminAndCoordinator, ROLES.member, ROLES.otherOrgAdmin, ROLES.partnerAdmin, ROLES.otherNetworkAdmin].map((e) => t.signIn(e)),
  );
  for (const slug of ['lantern-lawyers', 'open-press-desk', 'workers-ledger', 'quiet-harbour', 'rights-relay']) ids[slug] = await idOf(t, 'organisations', slug);
  for (const slug of ['kestrel-network', 'harbour-group']) ids[slug] = await idOf(t, 'networks', slug);
  for (const email of [ROLES.member, ROLES.otherOrgAdmin, 'selin@demo.invalid']) ids[email] = await idOf(t, 'users', email);
});
afterAll(() => t.close());

const get = (client: Client, id: string) => client.gql(`{ briefing(id: "${id}") { ${BRIEFING_FIELDS} } }`);

describe('writing and publishing', () => {
  it('keeps a draft to its author, then shows the published briefing to its audience with a sanitised body', async () => {
    const id = await writeBriefing(deniz, {
      organisationId: ids['lantern-lawyers']!, tlp: 'AMBER', audience: { organisationIds: [ids['open-press-desk']!] },
      body: 'Hearing **adjourned**. <script>alert(1)</script>', publish: false,
    });
    expect(codeOf(await get(kerem, id))).toBe('NOT_FOUND');
    expect((await get(deniz, id)).data!.briefing.status).toBe('DRAFT');
    await deniz.gql(`mutation { publishBriefing(id: "${id}") { id } }`);
    const seen = (await get(kerem, id)).data!.briefing;
    expect(seen.bodyHtml).toContain('<strong>adjourned</strong>');
    expect(seen.bodyHtml).not.toContain('<script');
    expect(seen.source).toBeNull(); // recipients do not see the author or the audience
    expect(seen.handling).toMatch(/need-to-know/);
    expect((await get(deniz, id)).data!.briefing.source.audience.organisationIds).toEqual([ids['open-press-desk']]);
  });

  it.each([
    ['title', { title: '' }, 'title'],
    ['body over the limit', { body: 'x'.repeat(100_001) }, 'body'],
    ['RED shared with an organisation', { tlp: 'RED', audience: { organisationIds: ['ORG'] } }, 'audience.organisationIds'],
    ['AMBER shared with a network', { tlp: 'AMBER', audience: { networks: [{ networkId: 'NET' }] } }, 'audience.networks'],
    ['an organisation that does not exist', { audience: { organisationIds: ['00000000-0000-7000-8000-000000000000'] } }, 'audience.organisationIds'],
    ['a network the organisation is not in', { tlp: 'GREEN', audience: { networks: [{ networkId: 'OTHER_NET' }] } }, 'audience.networks'],
    ['an organisation the author does not belong to', { organisationId: 'OTHER_ORG' }, 'organisationId'],
    ['publishing as an organisation outside its networks', { publishAsOrganisationId: 'OUTSIDE' }, 'publishAsOrganisationId'],
    ['publishing as an organisation that does not exist', { publishAsOrganisationId: '00000000-0000-7000-8000-000000000000' }, 'publishAsOrganisationId'],
  ])('refuses %s with BAD_USER_INPUT naming the field, storing nothing', async (_name, change, field) => {
    const resolve = (v: unknown): unknown => JSON.parse(JSON.stringify(v)
      .replace('"ORG"', `"${ids['open-press-desk']}"`).replace('"NET"', `"${ids['kestrel-network']}"`)
      .replace('"OTHER_NET"', `"${ids['harbour-group']}"`).replace('"OTHER_ORG"', `"${ids['open-press-desk']}"`)
      .replace('"OUTSIDE"', `"${ids['quiet-harbour']}"`));
    const input = resolve({
      organisationId: ids['lantern-lawyers'], title: 'Valid title', summary: '', body: 'Valid body', language: 'en', tlp: 'AMBER',
      audience: { userIds: [], organisationIds: [], networks: [] }, ...change,
    }) as Record<string, unknown>;
    input['audience'] = { userIds: [], organisationIds: [], networks: [], ...(input['audience'] as object) };
    const [{ before }] = await t.dataSource.query('SELECT count(*)::int AS before FROM briefings');
    const result = await deniz.gql('mutation($input: CreateBriefingInput!) { createBriefing(input: $input) { id } }', { input });
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    const [{ after }] = await t.dataSource.query('SELECT count(*)::int AS after FROM briefings');
    expect(after).toBe(before);
  });

  it('refuses an unknown TLP level', async () => {
    const result = await deniz.gql(`mutation { createBriefing(input: { organisationId: "${ids['lantern-lawyers']}", title: "T", body: "B", language: en, tlp: PURPLE, audience: {} }) { id } }`);
    expect(codeOf(result)).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('RED', () => {
  it('reaches exactly the named people, is encrypted at rest, and each read is audited for the source', async () => {
    const body = 'Names of the witnesses (fictional): A. B.';
    const id = await writeBriefing(deniz, { organisationId: ids['lantern-lawyers']!, tlp: 'RED', body, audience: { userIds: [ids[ROLES.otherOrgAdmin]!] } });
    expect((await get(kerem, id)).data!.briefing.bodyMarkdown).toBe(body);
    // The source sees whom it named, by name, though Kerem belongs to another organisation; he does not see the audience.
    const people = `{ briefing(id: "${id}") { source { audience { people { id displayName } } } } }`;
    const [{ display_name: keremName }] = await t.dataSource.query('SELECT display_name FROM users WHERE id = $1', [ids[ROLES.otherOrgAdmin]]);
    expect((await deniz.gql(people)).data!.briefing.source.audience.people).toEqual([{ id: ids[ROLES.otherOrgAdmin], displayName: keremName }]);
    expect((await kerem.gql(people)).data!.briefing.source).toBeNull();
    for (const outsider of [ece, nazli, hanna]) {
      expect(codeOf(await get(outsider, id))).toBe('NOT_FOUND');
      expect((await outsider.gql('{ briefingCount(filter: { tlp: RED }) }')).data!.briefingCount).toBe(0);
    }
    const [row] = await t.dataSource.query('SELECT body, body_encrypted, search_en::text AS search FROM briefings WHERE id = $1', [id]);
    expect(row.body_encrypted).toBe(true);
    expect(row.body).not.toContain('witnesses');
    expect(row.search).not.toContain('wit');
    const [revision] = await t.dataSource.query('SELECT body FROM briefing_revisions WHERE briefing_id = $1', [id]);
    expect(revision.body).not.toContain('witnesses');

    await kerem.gql(`mutation { markBriefingRead(id: "${id}") { id } }`);
    await kerem.gql(`mutation { markBriefingRead(id: "${id}") { id } }`);
    const log = await deniz.gql(`{ auditLog(organisationId: "${ids['lantern-lawyers']}", first: 100) { edges { node { action subjectId actorUserId } } } }`);
    const reads = log.data!.auditLog.edges.filter((e: { node: { action: string; subjectId: string } }) => e.node.action === 'briefing.read' && e.node.subjectId === id);
    expect(reads).toHaveLength(1);
    expect(JSON.stringify(await t.dataSource.query('SELECT * FROM audit_log'))).not.toContain('witnesses');
  });

  it('cannot be forwarded', async () => {
    const id = await writeBriefing(deniz, { organisationId: ids['lantern-lawyers']!, tlp: 'RED', audience: { userIds: [ids[ROLES.otherOrgAdmin]!] } });
    const result = await kerem.gql(`mutation { forwardBriefing(id: "${id}", input: { userIds: ["${ids['selin@demo.invalid']}"] }) { id } }`);
    expect(codeOf(result)).toBe('FORBIDDEN');
    expect(codeOf(await t.signIn('selin@demo.invalid').then((c) => get(c, id)))).toBe('NOT_FOUND');
  });
});

describe('GREEN and partners', () => {
  it('reaches the member organisations of the network, and partners only when asked', async () => {
    const members = await writeBriefing(deniz, { organisationId: ids['lantern-lawyers']!, tlp: 'GREEN', audience: { networks: [{ networkId: ids['kestrel-network']! }] } });
    const withPartners = await writeBriefing(deniz, { organisationId: ids['lantern-lawyers']!, tlp: 'GREEN', audience: { networks: [{ networkId: ids['kestrel-network']!, includePartners: true }] } });
    expect((await get(kerem, members)).data).toBeTruthy();
    expect(codeOf(await get(nazli, members))).toBe('NOT_FOUND');
    expect((await get(nazli, withPartners)).data).toBeTruthy();
    expect(codeOf(await get(hanna, withPartners))).toBe('NOT_FOUND');
  });

  it('lets a recipient forward within the networks, but not outside them', async () => {
    const id = await writeBriefing(deniz, { organisationId: ids['lantern-lawyers']!, tlp: 'GREEN', audience: { networks: [{ networkId: ids['kestrel-network']! }] } });
    expect(codeOf(await kerem.gql(`mutation { forwardBriefing(id: "${id}", input: { organisationIds: ["${ids['quiet-harbour']}"] }) { id } }`))).toBe('FORBIDDEN');
    const ok = await kerem.gql(`mutation { forwardBriefing(id: "${id}", input: { organisationIds: ["${ids['open-press-desk']}"] }) { id } }`);
    expect(ok.errors).toBeUndefined();
  });
});

describe('classification', () => {
  it('tightening drops what the new level forbids; loosening is for the source only and is audited', async () => {
    const id = await writeBriefing(deniz, {
      organisationId: ids['lantern-lawyers']!, tlp: 'GREEN',
      audience: { networks: [{ networkId: ids['kestrel-network']! }], userIds: [ids[ROLES.otherOrgAdmin]!] },
    });
    expect(codeOf(await kerem.gql(`mutation { classifyBriefing(id: "${id}", input: { tlp: CLEAR }) { id } }`))).toBe('FORBIDDEN');
    const tightened = await deniz.gql(`mutation { classifyBriefing(id: "${id}", input: { tlp: RED }) { tlp source { audience { userIds networkIds } } } }`);
    expect(tightened.data!.classifyBriefing).toEqual({ tlp: 'RED', source: { audience: { userIds: [ids[ROLES.otherOrgAdmin]], networkIds: [] } } });
    expect(codeOf(await get(ece, id))).toBe('NOT_FOUND'); // not even the author's organisation sees RED
    const [row] = await t.dataSource.query('SELECT body_encrypted FROM briefings WHERE id = $1', [id]);
    expect(row.body_encrypted).toBe(true);

    await deniz.gql(`mutation { classifyBriefing(id: "${id}", input: { tlp: CLEAR }) { tlp } }`);
    const anyone = await t.signIn(ROLES.otherNetworkAdmin);
    expect((await get(anyone, id)).data!.briefing.tlp).toBe('CLEAR');
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM audit_log WHERE subject_id = $1 AND action = 'briefing.audience_widened'`, [id]);
    expect(count).toBe(1);
    const feed = (await (await fetch(`${t.url}/public/briefings.json`)).json()) as { items: { id: string }[] };
    expect(feed.items.map((i) => i.id)).toContain(id);
  });
});

describe('revisions and retraction', () => {
  it('keeps earlier revisions readable, and a retracted briefing leaves lists and search but not the audit trail', async () => {
    const id = await writeBriefing(deniz, { organisationId: ids['lantern-lawyers']!, tlp: 'AMBER', title: 'Courthouse zebra report', audience: { organisationIds: [ids['open-press-desk']!] } });
    await deniz.gql(`mutation { editBriefing(id: "${id}", input: { title: "Courthouse zebra report (corrected)", body: "Second text", language: en }) { revision } }`);
    const revisions = (await kerem.gql(`{ briefingRevisions(id: "${id}") { revision title bodyMarkdown } }`)).data!.briefingRevisions;
    expect(revisions.map((r: { revision: number }) => r.revision)).toEqual([2, 1]);
    expect(revisions[1].bodyMarkdown).toContain('fictional AMBER');
    expect((await get(kerem, id)).data!.briefing.revision).toBe(2);

    const search = () => kerem.gql('{ briefings(filter: { text: "zebra" }) { edges { node { id } } } }');
    expect((await search()).data!.briefings.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([id]);
    await deniz.gql(`mutation { retractBriefing(id: "${id}") { status } }`);
    expect((await search()).data!.briefings.edges).toEqual([]);
    expect(codeOf(await get(kerem, id))).toBe('NOT_FOUND');
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM audit_log WHERE subject_id = $1 AND action IN ('briefing.published', 'briefing.retracted')`, [id]);
    expect(count).toBe(2);
  });

  it('finds Turkish text by its stem', async () => {
    const id = await writeBriefing(deniz, { organisationId: ids['lantern-lawyers']!, tlp: 'AMBER', language: 'tr', title: 'Duruşmalar ertelendi', body: 'Gazetecilerin duruşması', audience: { organisationIds: [ids['open-press-desk']!] } });
    const found = await kerem.gql('{ briefings(filter: { text: "duruşma" }) { edges { node { id } } } }');
    expect(found.data!.briefings.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(id);
  });
});

describe('receipts, acknowledgements and asking to share', () => {
  it('gives the source a roll-up per organisation, and carries a request to share wider through approval', async () => {
    const id = await writeBriefing(deniz, { organisationId: ids['lantern-lawyers']!, tlp: 'AMBER_STRICT', audience: { organisationIds: [ids['open-press-desk']!] } });
    await kerem.gql(`mutation { markBriefingRead(id: "${id}") { id } }`);
    await kerem.gql(`mutation { acknowledgeBriefing(id: "${id}", organisationId: "${ids['open-press-desk']}") { id } }`);
    expect(codeOf(await kerem.gql(`{ briefingReceipts(id: "${id}") { members } }`))).toBe('FORBIDDEN');
    const receipts = (await deniz.gql(`{ briefingReceipts(id: "${id}") { organisation { name } members unread readers { displayName } acknowledgedBy { displayName } } }`)).data!.briefingReceipts;
    const press = receipts.find((r: { organisation: { name: string } }) => r.organisation.name === 'Open Press Desk');
    expect(press).toMatchObject({ readers: [{ displayName: 'Kerem Sarıkaya' }], acknowledgedBy: { displayName: 'Kerem Sarıkaya' } });
    expect(press.unread).toBe(press.members - 1);

    expect(codeOf(await kerem.gql(`mutation { forwardBriefing(id: "${id}", input: { organisationIds: ["${ids['rights-relay']}"] }) { id } }`))).toBe('FORBIDDEN');
    const asked = await kerem.gql(`mutation { askToShareBriefing(input: { briefingId: "${id}", organisationId: "${ids['open-press-desk']}", organisationIds: ["${ids['workers-ledger']}"], reason: "Their lawyers attend the hearing" }) { id status } }`);
    const requestId = asked.data!.askToShareBriefing.id;
    expect(codeOf(await kerem.gql(`mutation { decideShareRequest(requestId: "${requestId}", approve: true) { status } }`))).toBe('NOT_FOUND');
    expect(codeOf(await get(nazli, id))).toBe('NOT_FOUND');
    expect((await deniz.gql(`mutation { decideShareRequest(requestId: "${requestId}", approve: true) { status } }`)).data).toEqual({ decideShareRequest: { status: 'APPROVED' } });
    expect((await get(nazli, id)).data).toBeTruthy();
    const seenByRequester = (await kerem.gql(`{ shareRequests(id: "${id}") { status } }`)).data!.shareRequests;
    expect(seenByRequester).toEqual([{ status: 'APPROVED' }]);
  });
});

describe('publishing on behalf', () => {
  it('publishes under the trusted organisation and never shows the originating one to recipients', async () => {
    const origin = ids['lantern-lawyers']!;
    const trusted = ids['rights-relay']!;
    const ines = await t.signIn('ines@demo.invalid'); // admin of rights-relay
    await t.dataSource.query(`INSERT INTO network_organisations (network_id, organisation_id, standing) VALUES ($1, $2, 'MEMBER') ON CONFLICT DO NOTHING`, [ids['kestrel-network'], trusted]);
    const id = await writeBriefing(ece, { organisationId: origin, publishAsOrganisationId: trusted, tlp: 'AMBER', audience: { organisationIds: [ids['open-press-desk']!] }, publish: false });
    expect(codeOf(await ece.gql(`mutation { publishBriefing(id: "${id}") { id } }`))).toBe('FORBIDDEN');
    expect((await ines.gql(`mutation { publishBriefing(id: "${id}") { status } }`)).data).toEqual({ publishBriefing: { status: 'PUBLISHED' } });

    const seen = await kerem.gql(`{ briefing(id: "${id}") { ${BRIEFING_FIELDS} } }`);
    expect(seen.data!.briefing.organisation.id).toBe(trusted);
    expect(JSON.stringify(seen)).not.toContain(origin);
    expect(JSON.stringify(seen)).not.toContain('Lantern');
    const listed = await kerem.gql(`{ briefings(first: 20) { edges { node { id organisation { id name } source { authorUserId } } } } }`);
    expect(listed.errors).toBeUndefined();
    const node = listed.data!.briefings.edges.find((e: { node: { id: string } }) => e.node.id === id).node;
    expect(node.organisation.id).toBe(trusted);
    expect(JSON.stringify(node)).not.toContain(origin);
    const [{ leaked }] = await t.dataSource.query(
      `SELECT count(*)::int AS leaked FROM audit_log WHERE subject_id = $1 AND organisation_id = $2`, [id, ids['open-press-desk']]);
    expect(leaked).toBe(0);
    expect((await ines.gql(`{ briefing(id: "${id}") { source { originOrganisation { id } } } }`)).data!.briefing.source.originOrganisation.id).toBe(origin);
  });
});

describe('attachments', () => {
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
  const upload = (token: string | null, briefingId: string, bytes: Buffer, filename = 'report.pdf', type = 'application/octet-stream') =>
    fetch(`${t.url}/briefings/${briefingId}/attachments?filename=${encodeURIComponent(filename)}`, {
      method: 'POST', headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: bytes,
    });

  it('accepts a file by its bytes, serves it only to readers, and refuses a disguised one', async () => {
    const id = await writeBriefing(deniz, { organisationId: ids['lantern-lawyers']!, tlp: 'AMBER', audience: { organisationIds: [ids['open-press-desk']!] } });
    const disguised = await upload(deniz.token, id, Buffer.from('#!/bin/sh\necho hi\n'), 'evil.pdf');
    expect(disguised.status).toBe(400);
    expect(await disguised.json()).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });
    expect((await upload(deniz.token, id, pdf, 'report.pdf', 'text/plain')).status).toBe(400);
    expect((await upload(kerem.token, id, pdf)).status).toBe(403);
    const created = await upload(deniz.token, id, pdf, 'Duruşma raporu.pdf');
    expect(created.status).toBe(201);
    const attachment = (await created.json()) as { id: string; contentType: string; downloadPath: string };
    expect(attachment.contentType).toBe('application/pdf');

    const download = (token: string | null) => fetch(`${t.url}${attachment.downloadPath}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const ok = await download(kerem.token);
    expect(ok.status).toBe(200);
    expect(Buffer.from(await ok.arrayBuffer())).toEqual(pdf);
    expect(ok.headers.get('content-disposition')).toContain("filename*=UTF-8''Duru%C5%9Fma%20raporu.pdf");
    expect((await download(hanna.token)).status).toBe(404);
    expect((await download(null)).status).toBe(401);
  });

  it('keeps the file encrypted at rest, bound to its row, with no digest of the file', async () => {
    const secret = Buffer.from('%PDF-1.4\n% Tanık listesi: Kâmil Yıldız, Ayşe Kaya\n1 0 obj << >> endobj\n%%EOF\n');
    const id = await writeBriefing(deniz, { organisationId: ids['lantern-lawyers']!, tlp: 'RED', audience: { userIds: [ids[ROLES.member]!] } });
    const created = await upload(deniz.token, id, secret, 'tanıklar.pdf');
    expect(created.status).toBe(201);
    const { id: attachmentId, downloadPath } = (await created.json()) as { id: string; downloadPath: string };

    const [row] = await t.dataSource.query('SELECT data, sha256, encrypted, size_bytes FROM briefing_attachments WHERE id = $1', [attachmentId]);
    expect(row.encrypted).toBe(true);
    expect(row.size_bytes).toBe(secret.length);
    expect(row.data.subarray(0, 3).toString()).toBe('v1.');
    for (const needle of ['%PDF', 'Yıldız', 'Tanık']) expect((row.data as Buffer).includes(Buffer.from(needle))).toBe(false);
    expect((row.sha256 as Buffer).equals(createHash('sha256').update(secret).digest())).toBe(false);
    expect((row.sha256 as Buffer).equals(createHash('sha256').update(row.data).digest())).toBe(true);

    const reader = await fetch(`${t.url}${downloadPath}`, { headers: { authorization: `Bearer ${ece.token}` } });
    expect(reader.status).toBe(200);
    expect(Buffer.from(await reader.arrayBuffer())).toEqual(secret);

    // Ciphertext copied onto another attachment's row does not decrypt there: the download fails, it never serves it.
    const other = await upload(deniz.token, id, pdf, 'other.pdf');
    const { id: otherId, downloadPath: otherPath } = (await other.json()) as { id: string; downloadPath: string };
    await t.dataSource.query('UPDATE briefing_attachments SET data = $2 WHERE id = $1', [otherId, row.data]);
    const moved = await fetch(`${t.url}${otherPath}`, { headers: { authorization: `Bearer ${ece.token}` } });
    expect(moved.status).toBe(500);
    expect(await moved.text()).not.toContain('Yıldız');
  });

  it('keeps a file stored before encryption at rest readable, then encrypts it in place', async () => {
    const id = await writeBriefing(deniz, { organisationId: ids['lantern-lawyers']!, tlp: 'AMBER', audience: { organisationIds: [ids['open-press-desk']!] } });
    const created = await upload(deniz.token, id, pdf, 'older.pdf');
    const { id: attachmentId, downloadPath } = (await created.json()) as { id: string; downloadPath: string };
    // As such a row was written: the file itself, and a digest of it.
    await t.dataSource.query('UPDATE briefing_attachments SET data = $2, sha256 = $3, encrypted = false WHERE id = $1',
      [attachmentId, pdf, createHash('sha256').update(pdf).digest()]);
    const download = async () => Buffer.from(await (await fetch(`${t.url}${downloadPath}`, { headers: { authorization: `Bearer ${kerem.token}` } })).arrayBuffer());
    expect(await download()).toEqual(pdf);

    expect(await t.app.get(Attachments).sealOlderFiles()).toBe(1);
    const [row] = await t.dataSource.query('SELECT data, sha256, encrypted FROM briefing_attachments WHERE id = $1', [attachmentId]);
    expect(row.encrypted).toBe(true);
    expect((row.data as Buffer).includes(Buffer.from('%PDF'))).toBe(false);
    expect((row.sha256 as Buffer).equals(createHash('sha256').update(row.data).digest())).toBe(true);
    expect(await download()).toEqual(pdf);
    expect(await t.app.get(Attachments).sealOlderFiles()).toBe(0);
  });
});

describe('attachments in a folder (ATTACHMENT_STORAGE=folder)', () => {
  let folderApp: TestApp;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'sw-attachments-'));
    folderApp = await startTestApp({ ATTACHMENT_STORAGE: 'folder', DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await folderApp.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes only ciphertext to the file, owner-only, and serves the original to a reader', async () => {
    const [author, reader] = await Promise.all([folderApp.signIn(ROLES.adminAndCoordinator), folderApp.signIn(ROLES.member)]);
    const orgId = await idOf(folderApp, 'organisations', 'lantern-lawyers');
    const readerId = await idOf(folderApp, 'users', ROLES.member);
    const id = await writeBriefing(author, { organisationId: orgId, tlp: 'RED', audience: { userIds: [readerId] } });
    const secret = Buffer.from('%PDF-1.4\n% Gözaltı kararı: dosya 2026/117\n%%EOF\n');
    const created = await fetch(`${folderApp.url}/briefings/${id}/attachments?filename=karar.pdf`, {
      method: 'POST', headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${author.token}` }, body: secret,
    });
    expect(created.status).toBe(201);
    const { id: attachmentId, downloadPath } = (await created.json()) as { id: string; downloadPath: string };

    const folder = path.join(dataDir, 'attachments');
    expect(readdirSync(folder)).toEqual([`${attachmentId}.sealed`]);
    const onDisk = readFileSync(path.join(folder, `${attachmentId}.sealed`));
    expect(statSync(path.join(folder, `${attachmentId}.sealed`)).mode & 0o777).toBe(0o600);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(onDisk.subarray(0, 3).toString()).toBe('v1.');
    for (const needle of ['%PDF', 'Gözaltı', '2026/117']) expect(onDisk.includes(Buffer.from(needle))).toBe(false);
    const [row] = await folderApp.dataSource.query('SELECT data, encrypted FROM briefing_attachments WHERE id = $1', [attachmentId]);
    expect(row).toEqual({ data: null, encrypted: true });

    const ok = await fetch(`${folderApp.url}${downloadPath}`, { headers: { authorization: `Bearer ${reader.token}` } });
    expect(ok.status).toBe(200);
    expect(Buffer.from(await ok.arrayBuffer())).toEqual(secret);
  });

  it('encrypts a file stored before encryption at rest and removes its unencrypted form, also one left behind; one it cannot read does not stop it', async () => {
    const [author, reader] = await Promise.all([folderApp.signIn(ROLES.adminAndCoordinator), folderApp.signIn(ROLES.member)]);
    const orgId = await idOf(folderApp, 'organisations', 'lantern-lawyers');
    const readerId = await idOf(folderApp, 'users', ROLES.member);
    const id = await writeBriefing(author, { organisationId: orgId, tlp: 'AMBER', audience: { userIds: [readerId] } });
    const folder = path.join(dataDir, 'attachments');
    const uploadOne = async (bytes: Buffer) => {
      const response = await fetch(`${folderApp.url}/briefings/${id}/attachments?filename=eski.pdf`, {
        method: 'POST', headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${author.token}` }, body: bytes,
      });
      return (await response.json()) as { id: string; downloadPath: string };
    };
    const older = Buffer.from('%PDF-1.4\n% Eski dosya: tutanak\n%%EOF\n');
    // Ids decide the order of the sweep: the unreadable one comes first, and must not hold back the others.
    const uploaded = [await uploadOne(older), await uploadOne(older), await uploadOne(older)].sort((a, b) => a.id.localeCompare(b.id));
    const [unreadable, plain, leftBehind] = uploaded as [typeof uploaded[0], typeof uploaded[0], typeof uploaded[0]];
    // Marked as stored before, but its file is gone from the folder.
    rmSync(path.join(folder, `${unreadable.id}.sealed`));
    await folderApp.dataSource.query('UPDATE briefing_attachments SET encrypted = false WHERE id = $1', [unreadable.id]);
    // The first as stored before: the file itself under its id, the row unmarked.
    rmSync(path.join(folder, `${plain.id}.sealed`));
    writeFileSync(path.join(folder, plain.id), older, { mode: 0o600 });
    await folderApp.dataSource.query('UPDATE briefing_attachments SET encrypted = false WHERE id = $1', [plain.id]);
    // The second already encrypted, with its unencrypted form still beside it (a stop before removal).
    writeFileSync(path.join(folder, leftBehind.id), older, { mode: 0o600 });
    const download = async (p: string) => Buffer.from(await (await fetch(`${folderApp.url}${p}`, { headers: { authorization: `Bearer ${reader.token}` } })).arrayBuffer());
    expect(await download(plain.downloadPath)).toEqual(older);

    expect(await folderApp.app.get(Attachments).sealOlderFiles()).toBe(1);
    const [stillOlder] = await folderApp.dataSource.query('SELECT encrypted FROM briefing_attachments WHERE id = $1', [unreadable.id]);
    expect(stillOlder.encrypted).toBe(false);
    expect(folderApp.logLines.some((line) => line.includes(unreadable.id) && line.includes('could not be encrypted'))).toBe(true);
    const names = readdirSync(folder);
    for (const attachment of [plain, leftBehind]) {
      expect(names).toContain(`${attachment.id}.sealed`);
      expect(names).not.toContain(attachment.id);
      expect(readFileSync(path.join(folder, `${attachment.id}.sealed`)).includes(Buffer.from('tutanak'))).toBe(false);
      expect(await download(attachment.downloadPath)).toEqual(older);
    }
  });
});
