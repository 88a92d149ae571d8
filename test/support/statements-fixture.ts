// Shared set-up for the statement tests: the demo organisations and people by name, statements
// made and moved through the API, and a snapshot of every row a refused request could change.
//
// The cast of the demo network, as the statement tests use it:
//   lead      deniz  admin of lantern-lawyers (kestrel member)        — the lead organisation
//   drafter   selin  member of open-press-desk (kestrel member)       — a drafting organisation
//   invited   ines   admin of rights-relay (kestrel partner)          — invited to sign
//             tomas  member of rights-relay
//   outsider  baran  admin of campus-voices (kestrel member, not invited)
//   partner   nazli  admin of workers-ledger (kestrel partner, not invited)
import { newId } from '@sw/database';
import type { Client, GraphqlResult, TestApp } from './test-app.js';

export const PEOPLE = {
  lead: 'deniz@demo.invalid',
  leadMember: 'ece@demo.invalid',
  drafter: 'selin@demo.invalid',
  drafterAdmin: 'kerem@demo.invalid',
  invitedAdmin: 'ines@demo.invalid',
  invitedMember: 'tomas@demo.invalid',
  outsider: 'baran@demo.invalid',
  partner: 'nazli@demo.invalid',
  operator: 'operator@demo.invalid',
} as const;
export type Person = keyof typeof PEOPLE;

export interface Cast {
  org: Record<string, string>;
  net: Record<string, string>;
  user: Record<string, string>;
  as: Record<Person | 'anonymous', Client>;
}

export async function castOf(t: TestApp): Promise<Cast> {
  const org: Record<string, string> = {};
  const net: Record<string, string> = {};
  const user: Record<string, string> = {};
  for (const r of await t.dataSource.query('SELECT id, slug FROM organisations')) org[r.slug] = r.id;
  for (const r of await t.dataSource.query('SELECT id, slug FROM networks')) net[r.slug] = r.id;
  for (const r of await t.dataSource.query(`SELECT id, split_part(email, '@', 1) AS name FROM users`)) user[r.name] = r.id;
  const as = { anonymous: t.client() } as Cast['as'];
  const people = Object.entries(PEOPLE) as [Person, string][];
  const clients = await Promise.all(people.map(([, email]) => t.signIn(email)));
  people.forEach(([person], i) => (as[person] = clients[i]!));
  return { org, net, user, as };
}

/** The data of a successful request; fails the test with the errors otherwise. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- results are read as loosely as Client.gql's
export async function ok<T = Record<string, any>>(client: Client, query: string, variables?: Record<string, unknown>): Promise<T> {
  const result = await client.gql<T>(query, variables);
  if (result.errors || !result.data) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(result.errors)}`);
  return result.data;
}

export const errorOf = (result: GraphqlResult) => result.errors?.[0] as
  | { message: string; extensions: { code?: string; field?: string; [key: string]: unknown } }
  | undefined;

export const STATEMENT = `id status version title deadline openedAt publishedAt embargoUntil
  currentRevision { id number contentHash title texts { language body } }
  viewer { tier lead canRevise canComment canExport organisationIds }`;

export const soon = (hours = 48) => new Date(Date.now() + hours * 3_600_000).toISOString();

export interface StatementOptions {
  title?: string;
  texts?: { language: string; body: string }[];
  referenceLanguage?: string;
  drafting?: string[];
  invited?: string[];
  networks?: string[];
  deadline?: string | null;
  allowIndividualSignatories?: boolean;
  signatoryOrder?: 'ALPHABETICAL' | 'SIGNING_TIME';
  leadOrganisation?: string;
}

export const ops = {
  create: `mutation($input: CreateStatementInput!) { createStatement(input: $input) { ${STATEMENT} } }`,
  read: `query($id: ID!) { statement(id: $id) { ${STATEMENT} } }`,
  open: `mutation($id: ID!, $deadline: DateTime) { openStatementForSignature(statementId: $id, deadline: $deadline) { ${STATEMENT} } }`,
  close: `mutation($id: ID!) { closeStatement(statementId: $id) { id status } }`,
  withdraw: `mutation($id: ID!) { withdrawStatement(statementId: $id) { id status } }`,
  publish: `mutation($input: PublishStatementInput!) { publishStatement(input: $input) { id status publishedAt embargoUntil } }`,
  save: `mutation($input: SaveRevisionInput!) { saveStatementRevision(input: $input) { id number contentHash } }`,
  sign: `mutation($input: SignStatementInput!) { signStatement(input: $input) { organisationId signOnStatus signedRevisionNumber signedContentHash } }`,
  decline: `mutation($input: DeclineStatementInput!) { declineStatement(input: $input) { organisationId signOnStatus declineReason } }`,
  withdrawSignature: `mutation($s: ID!, $o: ID!) { withdrawStatementSignature(statementId: $s, organisationId: $o) { organisationId signOnStatus } }`,
  comment: `mutation($input: CommentInput!) { commentOnStatement(input: $input) { id body quote } }`,
  invite: `mutation($input: InviteToStatementInput!) { inviteToStatement(input: $input) { id } }`,
  export: `query($id: ID!, $format: StatementExportFormat!, $language: String) { statementExport(statementId: $id, format: $format, language: $language) }`,
  participants: `query($id: ID!) { statement(id: $id) { participants { organisationId organisationName role signOnStatus signedRevisionNumber declineReason } } }`,
};

export interface Made {
  id: string;
  revisionId: string;
  version: number;
}

/** A statement of lantern-lawyers made by its lead (deniz), by default with open-press-desk drafting and rights-relay invited. */
export async function makeStatement(cast: Cast, options: StatementOptions = {}): Promise<Made> {
  const data = await ok(cast.as.lead, ops.create, {
    input: {
      title: options.title ?? 'Release the detained lawyers',
      referenceLanguage: options.referenceLanguage ?? 'en',
      texts: options.texts ?? [{ language: 'en', body: 'We, the undersigned,\ncall for their release.\n' }],
      leadOrganisationId: cast.org[options.leadOrganisation ?? 'lantern-lawyers'],
      draftingOrganisationIds: (options.drafting ?? ['open-press-desk']).map((s) => cast.org[s]),
      invitedOrganisationIds: (options.invited ?? ['rights-relay']).map((s) => cast.org[s]),
      invitedNetworkIds: (options.networks ?? []).map((s) => cast.net[s]),
      deadline: options.deadline === undefined ? soon() : options.deadline,
      allowIndividualSignatories: options.allowIndividualSignatories ?? false,
      signatoryOrder: options.signatoryOrder ?? 'ALPHABETICAL',
    },
  });
  const s = data.createStatement;
  return { id: s.id, revisionId: s.currentRevision.id, version: s.version };
}

/** Where a statement stands. */
export async function current(t: TestApp, id: string): Promise<{ status: string; revisionId: string; version: number }> {
  const [row] = await t.dataSource.query('SELECT status, current_revision_id, version FROM statements WHERE id = $1', [id]);
  return { status: row.status, revisionId: row.current_revision_id, version: row.version };
}

export type Status = 'DRAFTING' | 'OPEN_FOR_SIGNATURE' | 'CLOSED' | 'PUBLISHED' | 'WITHDRAWN';

/** A statement brought to `status` through the API (signed by the lead organisation on the way to CLOSED and PUBLISHED). */
export async function statementIn(t: TestApp, cast: Cast, status: Status, options: StatementOptions = {}): Promise<Made> {
  const made = await makeStatement(cast, options);
  if (status === 'DRAFTING') return made;
  if (status === 'WITHDRAWN') {
    await ok(cast.as.lead, ops.withdraw, { id: made.id });
    return made;
  }
  await ok(cast.as.lead, ops.open, { id: made.id });
  if (status === 'OPEN_FOR_SIGNATURE') return made;
  await ok(cast.as.lead, ops.sign, { input: { statementId: made.id, organisationId: cast.org['lantern-lawyers'], revisionId: made.revisionId } });
  await ok(cast.as.lead, ops.close, { id: made.id });
  if (status === 'CLOSED') return made;
  await ok(cast.as.lead, ops.publish, { input: { statementId: made.id, revisionId: made.revisionId } });
  return made;
}

/** Everything a statement request could change, for "refused and nothing changed". */
export async function snapshot(t: TestApp) {
  const [row] = await t.dataSource.query(`SELECT
    (SELECT json_agg(s ORDER BY s.id) FROM (SELECT id, status, title, version, current_revision_id, deadline, opened_at, closed_at,
       published_at, withdrawn_at, embargo_until, publication_revision_id FROM statements) s) AS statements,
    (SELECT count(*)::int FROM statement_revisions) AS revisions,
    (SELECT json_agg(o ORDER BY o.statement_id, o.organisation_id) FROM (SELECT statement_id, organisation_id, role, sign_on_status,
       signed_revision_id, signed_content_hash, decline_reason FROM statement_organisations) o) AS organisations,
    (SELECT count(*)::int FROM statement_signers) AS signers,
    (SELECT count(*)::int FROM statement_individual_signatures) AS individuals,
    (SELECT json_agg(c ORDER BY c.id) FROM (SELECT id, resolved_at FROM statement_comments) c) AS comments,
    (SELECT json_agg(g ORDER BY g.id) FROM (SELECT id, status FROM statement_suggestions) g) AS suggestions,
    (SELECT count(*)::int FROM audit_log) AS audit_entries,
    (SELECT count(*)::int FROM outbox_events) AS events`);
  return row;
}

/** Events of a type written for a statement, oldest first. */
export async function eventsOf(t: TestApp, type: string, statementId: string): Promise<Record<string, string>[]> {
  const rows = await t.dataSource.query(
    `SELECT payload FROM outbox_events WHERE type = $1 AND payload->>'statementId' = $2 ORDER BY created_at, id`,
    [type, statementId],
  );
  return rows.map((r: { payload: Record<string, string> }) => r.payload);
}

/**
 * New organisations in kestrel-network, each with an admin signed in. Rows are written directly
 * (copying a demo account's password hash) so that thirty of them cost no thirty argon2 hashes.
 */
export async function organisationsWithAdmins(t: TestApp, cast: Cast, count: number, prefix: string): Promise<{ organisationId: string; client: Client }[]> {
  const [{ password_hash }] = await t.dataSource.query(`SELECT password_hash FROM users WHERE email = 'ece@demo.invalid'`);
  const made: { organisationId: string; email: string }[] = [];
  for (let i = 0; i < count; i++) {
    const organisationId = newId();
    const userId = newId();
    const slug = `${prefix}-${String(i).padStart(2, '0')}`;
    const email = `${slug}@demo.invalid`;
    await t.dataSource.query('INSERT INTO organisations (id, name, slug) VALUES ($1, $2, $3)', [organisationId, `Organisation ${slug}`, slug]);
    await t.dataSource.query(`INSERT INTO network_organisations (network_id, organisation_id, standing) VALUES ($1, $2, 'MEMBER')`, [cast.net['kestrel-network'], organisationId]);
    await t.dataSource.query('INSERT INTO users (id, email, display_name, password_hash) VALUES ($1, $2, $3, $4)', [userId, email, `Admin ${slug}`, password_hash]);
    await t.dataSource.query(`INSERT INTO memberships (id, user_id, organisation_id, role) VALUES ($1, $2, $3, 'ADMIN')`, [newId(), userId, organisationId]);
    made.push({ organisationId, email });
  }
  const clients: Client[] = [];
  for (let i = 0; i < made.length; i += 5) clients.push(...(await Promise.all(made.slice(i, i + 5).map((m) => t.signIn(m.email)))));
  return made.map((m, i) => ({ organisationId: m.organisationId, client: clients[i]! }));
}

/** New members of an existing organisation, signed in (rows copied as above). */
export async function membersOf(t: TestApp, organisationId: string, count: number, prefix: string): Promise<{ userId: string; client: Client }[]> {
  const [{ password_hash }] = await t.dataSource.query(`SELECT password_hash FROM users WHERE email = 'ece@demo.invalid'`);
  const made: { userId: string; email: string }[] = [];
  for (let i = 0; i < count; i++) {
    const userId = newId();
    const email = `${prefix}-${String(i).padStart(2, '0')}@demo.invalid`;
    await t.dataSource.query('INSERT INTO users (id, email, display_name, password_hash) VALUES ($1, $2, $3, $4)', [userId, email, `Member ${prefix} ${i}`, password_hash]);
    await t.dataSource.query(`INSERT INTO memberships (id, user_id, organisation_id, role) VALUES ($1, $2, $3, 'MEMBER')`, [newId(), userId, organisationId]);
    made.push({ userId, email });
  }
  const clients: Client[] = [];
  for (let i = 0; i < made.length; i += 5) clients.push(...(await Promise.all(made.slice(i, i + 5).map((m) => t.signIn(m.email)))));
  return made.map((m, i) => ({ userId: m.userId, client: clients[i]! }));
}
