// The HTTP baseline: a bare node:http handler that runs the same SQL as our app's operation through
// `pg` (same pool size, same TCP connection to the same database) and answers the same JSON. No
// framework, no GraphQL, no ORM: what the work costs with nothing of ours in the way.
//   GET /s1?q=<first>             the session look-up, the permission-filtered page, the batched look-ups
//   GET /s1b?q=<first>            the session look-up, then the page with every nested field pre-joined in one SQL
//   GET /s5?q=<words>             /s1 with the full-text condition
//   GET /health
import { createHash } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';

const url = process.env['DATABASE_URL']!;
const port = Number(process.env['PORT']);
const pool = new pg.Pool({ connectionString: url, max: Number(process.env['DB_POOL_MAX'] ?? 10), application_name: 'bench-baseline' });

// The same statement as SessionService.authenticate.
const AUTHENTICATE = `WITH s AS (
    SELECT s.id, s.user_id, s.last_seen_at, u.is_operator, u.totp_enabled_at IS NOT NULL AS has_totp
    FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.idle_expires_at > now()
      AND s.absolute_expires_at > now() AND u.suspended_at IS NULL),
  m AS (
    SELECT m.organisation_id, m.role FROM memberships m JOIN organisations o ON o.id = m.organisation_id, s
    WHERE m.user_id = s.user_id AND m.suspended_at IS NULL AND (NOT o.requires_two_factor OR s.has_totp))
  SELECT s.id AS session_id, s.user_id, s.is_operator, s.last_seen_at,
    coalesce((SELECT json_agg(json_build_object('organisationId', organisation_id, 'role', role)) FROM m), '[]') AS memberships,
    coalesce((SELECT json_agg(json_build_object('networkId', no.network_id, 'organisationId', no.organisation_id, 'standing', no.standing))
              FROM network_organisations no WHERE no.organisation_id IN (SELECT organisation_id FROM m)), '[]') AS standings,
    coalesce((SELECT json_agg(nc.network_id) FROM network_coordinators nc WHERE nc.user_id = s.user_id), '[]') AS coordinated
  FROM s`;

interface Actor {
  userId: string;
  orgs: string[];
  adminOf: string[];
  memberNetworks: string[];
  anyNetworks: string[];
}

async function authenticate(req: http.IncomingMessage): Promise<Actor | null> {
  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (!token) return null;
  const { rows } = await pool.query(AUTHENTICATE, [createHash('sha256').update(token, 'utf8').digest()]);
  const row = rows[0] as { user_id: string; memberships: { organisationId: string; role: string }[]; standings: { networkId: string; standing: string }[] } | undefined;
  if (!row) return null;
  return {
    userId: row.user_id,
    orgs: row.memberships.map((m) => m.organisationId),
    adminOf: row.memberships.filter((m) => m.role === 'ADMIN').map((m) => m.organisationId),
    memberNetworks: [...new Set(row.standings.filter((s) => s.standing === 'MEMBER').map((s) => s.networkId))],
    anyNetworks: [...new Set(row.standings.map((s) => s.networkId))],
  };
}

// The read rule of briefing.policy.ts on the grant rows, as our rules-to-SQL produces it.
const READ_RULE = `EXISTS (SELECT 1 FROM briefing_audience g WHERE g.briefing_id = b.id AND (
     (g.kind = 'AUTHOR' AND g.principal_id = $1)
  OR (g.kind = 'USER' AND g.principal_id = $1 AND g.status = 'PUBLISHED')
  OR (g.kind = 'EVERYONE' AND g.status = 'PUBLISHED')
  OR (g.kind = 'ORGANISATION' AND g.principal_id = ANY($2::uuid[]) AND g.status = 'PUBLISHED')
  OR (g.kind = 'PUBLISHER' AND g.principal_id = ANY($2::uuid[]) AND g.status = 'PUBLISHED')
  OR (g.kind = 'ORIGIN' AND g.principal_id = ANY($2::uuid[]))
  OR (g.kind = 'PUBLISHER_REVIEW' AND g.principal_id = ANY($3::uuid[]))
  OR (g.kind = 'NETWORK_MEMBERS' AND g.principal_id = ANY($4::uuid[]) AND g.status = 'PUBLISHED')
  OR (g.kind = 'NETWORK_ALL' AND g.principal_id = ANY($5::uuid[]) AND g.status = 'PUBLISHED')))`;
// viewReceipts: the source (author; members of the publishing or originating organisation).
const SOURCE_RULE = `EXISTS (SELECT 1 FROM briefing_audience g WHERE g.briefing_id = b.id AND (
     (g.kind = 'AUTHOR' AND g.principal_id = $1)
  OR (g.kind IN ('PUBLISHER', 'ORIGIN') AND g.principal_id = ANY($2::uuid[]))))`;
const COLUMNS = `b.id, b.author_user_id, b.publisher_organisation_id, b.origin_organisation_id, b.publisher_approved_at, b.title, b.summary,
  b.body, b.body_encrypted, b.language, b.tags, b.tlp, b.status, b.revision, b.published_at, b.retracted_at, b.created_at, b.updated_at, b.listed_at`;
const TEXT = `(b.search_en @@ websearch_to_tsquery('english', $7) OR b.search_tr @@ websearch_to_tsquery('turkish', $7))`;

const ruleParams = (a: Actor) => [a.userId, a.orgs, a.adminOf, a.memberNetworks, a.anyNetworks];

interface BriefingRow {
  id: string;
  title: string;
  tlp: string;
  published_at: Date | null;
  publisher_organisation_id: string;
  author_user_id: string;
  listed_at: Date;
}

/** The list as our resolver does it: page, then which of it the caller is a source of, has read, and the organisations' names. */
async function list(actor: Actor, first: number, text: string | null) {
  const page = await pool.query<BriefingRow>(
    `SELECT ${COLUMNS} FROM briefings b WHERE b.status = 'PUBLISHED' ${text ? `AND ${TEXT}` : 'AND $7::text IS NULL'} AND ${READ_RULE}
     ORDER BY b.listed_at DESC, b.id DESC LIMIT $6`,
    [...ruleParams(actor), first + 1, text],
  );
  const rows = page.rows.slice(0, first);
  const ids = rows.map((r) => r.id);
  const [sources, reads, names] = await Promise.all([
    pool.query<{ id: string }>(`SELECT b.id FROM briefings b WHERE b.id = ANY($3::uuid[]) AND ${SOURCE_RULE}`, [actor.userId, actor.orgs, ids]),
    pool.query<{ briefing_id: string }>('SELECT briefing_id FROM briefing_reads WHERE user_id = $1 AND briefing_id = ANY($2::uuid[])', [actor.userId, ids]),
    pool.query<{ id: string; name: string }>('SELECT id, name FROM organisations WHERE id = ANY($1::uuid[])', [[...new Set(rows.map((r) => r.publisher_organisation_id))]]),
  ]);
  const source = new Set(sources.rows.map((r) => r.id));
  const read = new Set(reads.rows.map((r) => r.briefing_id));
  const name = new Map(names.rows.map((r) => [r.id, r.name]));
  return {
    data: {
      briefings: {
        edges: rows.map((r) => ({
          node: {
            id: r.id, title: r.title, tlp: r.tlp, publishedAt: r.published_at,
            organisation: { id: r.publisher_organisation_id, name: name.get(r.publisher_organisation_id) },
            viewerHasRead: read.has(r.id),
            source: source.has(r.id) ? { authorUserId: r.author_user_id } : null,
          },
        })),
        pageInfo: { hasNextPage: page.rows.length > first, endCursor: rows.length ? Buffer.from(JSON.stringify([rows.at(-1)!.listed_at.toISOString(), rows.at(-1)!.id])).toString('base64url') : null },
      },
    },
  };
}

/** S1b: the same page with author, organisation, read state, audience and the unread count, pre-joined in one statement. */
async function nested(actor: Actor, first: number) {
  const { rows } = await pool.query(
    `WITH page AS (
       SELECT ${COLUMNS} FROM briefings b WHERE b.status = 'PUBLISHED' AND ${READ_RULE}
       ORDER BY b.listed_at DESC, b.id DESC LIMIT $6)
     SELECT p.id, p.title, p.summary, p.tags, p.tlp, p.published_at, p.listed_at, p.author_user_id, p.publisher_organisation_id, o.name AS organisation_name,
       EXISTS (SELECT 1 FROM briefing_reads r WHERE r.briefing_id = p.id AND r.user_id = $1) AS read,
       EXISTS (SELECT 1 FROM briefing_audience g WHERE g.briefing_id = p.id AND ((g.kind = 'AUTHOR' AND g.principal_id = $1)
               OR (g.kind IN ('PUBLISHER', 'ORIGIN') AND g.principal_id = ANY($2::uuid[])))) AS source,
       (SELECT json_agg(json_build_object('kind', g.kind, 'principalId', g.principal_id) ORDER BY g.kind, g.principal_id) FROM briefing_audience g
         WHERE g.briefing_id = p.id AND g.kind IN ('USER', 'ORGANISATION', 'NETWORK_MEMBERS', 'NETWORK_ALL')) AS audience,
       (SELECT count(*)::int FROM briefings b WHERE b.status = 'PUBLISHED' AND ${READ_RULE}
          AND NOT EXISTS (SELECT 1 FROM briefing_reads r WHERE r.briefing_id = b.id AND r.user_id = $1)) AS unread
     FROM page p JOIN organisations o ON o.id = p.publisher_organisation_id
     ORDER BY p.listed_at DESC, p.id DESC`,
    [...ruleParams(actor), first + 1],
  );
  const page = rows.slice(0, first) as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  const of = (grants: { kind: string; principalId: string }[] | null, kind: string) => (grants ?? []).filter((g) => g.kind === kind).map((g) => g.principalId);
  return {
    data: {
      briefingCount: rows[0]?.unread ?? 0,
      briefings: {
        edges: page.map((r) => ({
          node: {
            id: r.id, title: r.title, summary: r.summary, tags: r.tags, tlp: r.tlp, publishedAt: r.published_at,
            organisation: { id: r.publisher_organisation_id, name: r.organisation_name },
            viewerHasRead: r.read,
            source: r.source ? {
              authorUserId: r.author_user_id, originOrganisation: null,
              audience: { userIds: of(r.audience, 'USER'), organisationIds: of(r.audience, 'ORGANISATION'), networkIds: of(r.audience, 'NETWORK_MEMBERS'), networkWithPartnersIds: of(r.audience, 'NETWORK_ALL') },
            } : null,
          },
        })),
        pageInfo: { hasNextPage: rows.length > first },
      },
    },
  };
}

const server = http.createServer((req, res) => {
  void (async () => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/health') {
      await pool.query('SELECT 1');
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    const actor = await authenticate(req);
    if (!actor) {
      res.writeHead(401).end();
      return;
    }
    const q = url.searchParams.get('q') ?? '50';
    let body: unknown;
    if (url.pathname === '/s1') body = await list(actor, Number(q), null);
    else if (url.pathname === '/s1b') body = await nested(actor, Number(q));
    else if (url.pathname === '/s5') body = await list(actor, Number(url.searchParams.get('first') ?? 20), q);
    else {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  })().catch((error: unknown) => {
    res.writeHead(500).end(JSON.stringify({ error: String(error) }));
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => process.stdout.write(`baseline ready on ${port}\n`));
process.on('SIGTERM', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
