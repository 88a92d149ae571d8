// The realistic data set, seeded in bulk (INSERT … SELECT generate_series, one statement per
// table), consistent with what the app itself writes: grant rows as structuralGrants() and the
// TLP rules make them, RED bodies encrypted under the app's key, search vectors as
// BriefingText.index builds them, and per-thread gap-free seq with threads.last_seq at the top.
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { FieldCipher } from '@sw/database';

export interface SeedSize {
  organisations: number;
  users: number;
  briefings: number;
  threads: number;
  messages: number;
}

export const FULL_SIZE: SeedSize = { organisations: 200, users: 2_000, briefings: 100_000, threads: 500, messages: 200_000 };
export const QUICK_SIZE: SeedSize = { organisations: 40, users: 400, briefings: 5_000, threads: 100, messages: 10_000 };

export interface SeededUser {
  id: string;
  n: number;
  token: string;
  organisation: number;
  admin: boolean;
  /** Networks whose MEMBER organisations include this user's (1 = north, 2 = south). */
  memberOf: number[];
}

export interface SeededThread {
  id: string;
  n: number;
  kind: 'NETWORK' | 'ORGANISATION';
  network: number | null;
  organisation: number | null;
  lastSeq: number;
}

export interface Seeded {
  size: SeedSize;
  networks: string[];
  organisations: string[];
  users: SeededUser[];
  threads: SeededThread[];
  counts: Record<string, number>;
  seconds: number;
}

const WORDS = (
  'detention hearing lawyer court appeal report witness statement network solidarity press freedom union ' +
  'assembly protest journalist trial verdict evidence monitoring campaign letter embassy visa workshop rights ' +
  'defender arrest release prison visit family support urgent update briefing analysis region province city ' +
  'minister decree law amendment parliament election observer media archive document translation interview ' +
  'students teachers workers strike wage contract housing eviction water health clinic doctor access record ' +
  'gözaltı duruşma avukat mahkeme tanık rapor basın özgürlüğü sendika toplantı gazeteci dava karar kanıt'
).split(' ');
const TAGS = ['detention', 'press', 'courts', 'labour', 'elections', 'housing', 'health', 'students', 'visas', 'urgent'];

/** Membership of organisation k (1-based) in the two networks, as the seed lays it out. */
export function networksOf(k: number, organisations: number): { member: number[]; partner: number[] } {
  const member: number[] = [];
  const partner: number[] = [];
  if (k <= Math.floor(organisations * 0.6)) member.push(1);
  if (k > Math.floor(organisations * 0.5)) member.push(2);
  if (k > Math.floor(organisations * 0.6) && k <= Math.floor(organisations * 0.75)) partner.push(1);
  return { member, partner };
}

class Progress {
  private readonly started = performance.now();
  constructor(private readonly steps: string[]) {}
  step(name: string): void {
    const i = this.steps.indexOf(name);
    const width = 30;
    const done = Math.round(((i + 1) / this.steps.length) * width);
    const elapsed = ((performance.now() - this.started) / 1000).toFixed(1);
    process.stderr.write(`\r[${'#'.repeat(done)}${' '.repeat(width - done)}] ${i + 1}/${this.steps.length} ${name.padEnd(34)} ${elapsed}s `);
    if (i === this.steps.length - 1) process.stderr.write('\n');
  }
}

export async function seed(url: string, size: SeedSize, encryptionKey: string): Promise<Seeded> {
  const started = performance.now();
  const steps = ['networks and organisations', 'users and memberships', 'sessions', 'briefings', 'briefing grants',
    'RED bodies encrypted', 'search vectors', 'briefing reads', 'threads', 'messages', 'reads and reactions', 'ANALYZE', 'done'];
  const progress = new Progress(steps);
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const q = (sql: string, params: unknown[] = []) => db.query(sql, params);
  try {
    // Bulk load: nothing to lose on a crash here, the run starts over.
    await q('SET synchronous_commit = off');
    const { organisations: O, users: U, briefings: B, threads: T, messages: M } = size;

    progress.step('networks and organisations');
    await q(`CREATE TEMP TABLE bench_networks AS SELECT n, gen_random_uuid() AS id FROM generate_series(1, 2) n`);
    await q(`INSERT INTO networks (id, name, slug, created_at) SELECT id, 'Bench network ' || n, 'bench-network-' || n, now() - interval '400 days' FROM bench_networks`);
    await q(`CREATE TEMP TABLE bench_orgs AS SELECT k AS n, gen_random_uuid() AS id FROM generate_series(1, $1::int) k`, [O]);
    await q(`INSERT INTO organisations (id, name, slug, created_at) SELECT id, 'Bench organisation ' || n, 'bench-org-' || n, now() - interval '400 days' + n * interval '1 minute' FROM bench_orgs`);
    const standings: [number, number, string][] = [];
    for (let k = 1; k <= O; k++) {
      const { member, partner } = networksOf(k, O);
      for (const n of member) standings.push([n, k, 'MEMBER']);
      for (const n of partner) standings.push([n, k, 'PARTNER']);
    }
    await q(
      `INSERT INTO network_organisations (network_id, organisation_id, standing)
       SELECT n.id, o.id, s.standing FROM unnest($1::int[], $2::int[], $3::text[]) AS s (net, org, standing)
       JOIN bench_networks n ON n.n = s.net JOIN bench_orgs o ON o.n = s.org`,
      [standings.map((s) => s[0]), standings.map((s) => s[1]), standings.map((s) => s[2])],
    );

    progress.step('users and memberships');
    // User i belongs to organisation ((i - 1) % O) + 1; the first user of each organisation is its admin.
    await q(
      `CREATE TEMP TABLE bench_users AS
       SELECT i AS n, gen_random_uuid() AS id, ((i - 1) % $2::int) + 1 AS org, i <= $2::int AS admin FROM generate_series(1, $1::int) i`,
      [U, O],
    );
    await q('CREATE UNIQUE INDEX ON bench_users (n)');
    await q('CREATE UNIQUE INDEX ON bench_orgs (n)');
    await q('ANALYZE bench_users');
    await q('ANALYZE bench_orgs');
    await q(
      `INSERT INTO users (id, email, display_name, locale, password_hash, created_at)
       SELECT id, 'bench-user-' || n || '@bench.invalid', 'Bench User ' || n, CASE WHEN n % 3 = 0 THEN 'tr' ELSE 'en' END,
              '$argon2id$v=19$m=19456,t=2,p=1$bm90LWEtcmVhbC1oYXNo$bm90LWEtcmVhbC1oYXNoLXNlZWRlZC1ieS1iZW5jaA', now() - interval '300 days'
       FROM bench_users`,
    );
    await q(
      `INSERT INTO memberships (id, user_id, organisation_id, role, created_at)
       SELECT gen_random_uuid(), u.id, o.id, CASE WHEN u.admin THEN 'ADMIN' ELSE 'MEMBER' END, now() - interval '300 days'
       FROM bench_users u JOIN bench_orgs o ON o.n = u.org`,
    );
    // A coordinator per network: the admin of its first member organisation.
    await q(
      `INSERT INTO network_coordinators (network_id, user_id)
       SELECT n.id, u.id FROM bench_networks n JOIN bench_users u ON u.n = CASE n.n WHEN 1 THEN 1 ELSE $1::int END`,
      [Math.floor(O * 0.5) + 1],
    );

    progress.step('sessions');
    const tokens = Array.from({ length: U }, () => randomBytes(32).toString('base64url'));
    const digests = tokens.map((t) => createHash('sha256').update(t, 'utf8').digest());
    await q(
      `INSERT INTO sessions (id, user_id, token_hash, client_label, idle_expires_at, absolute_expires_at)
       SELECT gen_random_uuid(), u.id, t.hash, 'bench', now() + interval '2 days', now() + interval '7 days'
       FROM unnest($1::bytea[]) WITH ORDINALITY AS t (hash, n) JOIN bench_users u ON u.n = t.n`,
      [digests],
    );

    progress.step('briefings');
    // Per briefing g: author, its organisation as publisher, a TLP (10 % RED, 15 % AMBER+STRICT,
    // 25 % AMBER, 30 % GREEN, 20 % CLEAR), 1 in 37 a draft, published every 5 minutes back in time.
    await q(
      `CREATE TEMP TABLE bench_briefings AS
       SELECT g, gen_random_uuid() AS id, a.id AS author, a.org AS org_n, o.id AS publisher,
         CASE WHEN g % 20 < 2 THEN 'RED' WHEN g % 20 < 5 THEN 'AMBER_STRICT' WHEN g % 20 < 10 THEN 'AMBER' WHEN g % 20 < 16 THEN 'GREEN' ELSE 'CLEAR' END AS tlp,
         CASE WHEN g % 37 = 0 THEN 'DRAFT' ELSE 'PUBLISHED' END AS status
       FROM generate_series(1, $1::int) g
       JOIN bench_users a ON a.n = ((g * 7919) % $2::int) + 1
       JOIN bench_orgs o ON o.n = a.org`,
      [B, U],
    );
    await q(
      `INSERT INTO briefings (id, author_user_id, publisher_organisation_id, title, summary, body, language, tags, tlp, status, revision,
                              published_at, created_at, updated_at)
       SELECT b.id, b.author, b.publisher,
         initcap(w[1 + abs(hashint4(b.g * 3)) % nw]) || ' ' || w[1 + abs(hashint4(b.g * 5)) % nw] || ' ' || w[1 + abs(hashint4(b.g * 7)) % nw] || ' — briefing ' || b.g,
         (SELECT string_agg(w[1 + abs(hashint4(b.g * 100 + i)) % nw], ' ') FROM generate_series(1, 25) i) || ' (case file k' || (b.g % 997) || ')',
         '## Situation' || E'\\n\\n' || (SELECT string_agg(w[1 + abs(hashint4(b.g * 1000 + i)) % nw], ' ') FROM generate_series(1, 60) i)
           || E'\\n\\n' || '- **' || w[1 + abs(hashint4(b.g * 11)) % nw] || '**: ' || (SELECT string_agg(w[1 + abs(hashint4(b.g * 2000 + i)) % nw], ' ') FROM generate_series(1, 12) i)
           || E'\\n' || '- ' || (SELECT string_agg(w[1 + abs(hashint4(b.g * 3000 + i)) % nw], ' ') FROM generate_series(1, 12) i)
           || E'\\n\\n' || (SELECT string_agg(w[1 + abs(hashint4(b.g * 4000 + i)) % nw], ' ') FROM generate_series(1, 40) i),
         CASE WHEN b.g % 5 = 0 THEN 'tr' ELSE 'en' END,
         CASE WHEN b.g % 3 = 0 THEN ARRAY[t[1 + b.g % nt], t[1 + (b.g / 7) % nt]] ELSE ARRAY[t[1 + b.g % nt]] END,
         b.tlp, b.status, CASE WHEN b.status = 'DRAFT' THEN 0 ELSE 1 END,
         CASE WHEN b.status = 'DRAFT' THEN NULL ELSE date_trunc('milliseconds', now() - b.g * interval '5 minutes') END,
         date_trunc('milliseconds', now() - b.g * interval '5 minutes' - interval '1 hour'),
         date_trunc('milliseconds', now() - b.g * interval '5 minutes')
       FROM bench_briefings b, (SELECT $1::text[] AS w, cardinality($1::text[]) AS nw, $2::text[] AS t, cardinality($2::text[]) AS nt) v`,
      [WORDS, TAGS],
    );

    progress.step('briefing grants');
    // Structural grants (structuralGrants): AUTHOR; PUBLISHER unless RED; EVERYONE for CLEAR. Recipients
    // as the level allows (RECIPIENTS_ALLOWED): RED two people, AMBER(+STRICT) two organisations,
    // GREEN a network of the publisher (members only, every third with partners); status copied.
    await q(
      `INSERT INTO briefing_audience (briefing_id, kind, principal_id, status, created_at)
       SELECT DISTINCT ON (b.id, x.kind, x.principal) b.id, x.kind, x.principal, b.status, now() - b.g * interval '5 minutes'
       FROM bench_briefings b
       CROSS JOIN LATERAL (VALUES
         ('AUTHOR', b.author),
         (CASE WHEN b.tlp <> 'RED' THEN 'PUBLISHER' END, b.publisher),
         (CASE WHEN b.tlp = 'CLEAR' THEN 'EVERYONE' END, '00000000-0000-0000-0000-000000000000'::uuid),
         (CASE WHEN b.tlp = 'RED' THEN 'USER' END, (SELECT id FROM bench_users WHERE n = ((b.g * 31) % $1::int) + 1)),
         (CASE WHEN b.tlp = 'RED' THEN 'USER' END, (SELECT id FROM bench_users WHERE n = ((b.g * 17) % $1::int) + 1)),
         (CASE WHEN b.tlp IN ('AMBER', 'AMBER_STRICT') THEN 'ORGANISATION' END, (SELECT id FROM bench_orgs WHERE n = ((b.g * 13) % $2::int) + 1)),
         (CASE WHEN b.tlp IN ('AMBER', 'AMBER_STRICT') THEN 'ORGANISATION' END, (SELECT id FROM bench_orgs WHERE n = ((b.g * 29) % $2::int) + 1)),
         (CASE WHEN b.tlp = 'GREEN' THEN CASE WHEN b.g % 3 = 0 THEN 'NETWORK_ALL' ELSE 'NETWORK_MEMBERS' END END,
          (SELECT id FROM bench_networks WHERE n = CASE WHEN b.org_n <= $3::int THEN 1 ELSE 2 END))
       ) AS x (kind, principal)
       WHERE x.kind IS NOT NULL AND x.principal IS NOT NULL`,
      [U, O, Math.floor(O * 0.6)],
    );

    progress.step('RED bodies encrypted');
    const cipher = new FieldCipher(FieldCipher.parseKey(encryptionKey), []);
    const red = (await q(`SELECT id, body FROM briefings WHERE tlp = 'RED'`)).rows as { id: string; body: string }[];
    for (let i = 0; i < red.length; i += 5_000) {
      const batch = red.slice(i, i + 5_000);
      await q(
        `UPDATE briefings b SET body = x.body, body_encrypted = true FROM unnest($1::uuid[], $2::text[]) AS x (id, body) WHERE b.id = x.id`,
        [batch.map((r) => r.id), batch.map((r) => cipher.encrypt(r.body, { table: 'briefings', column: 'body', rowId: r.id }))],
      );
    }

    progress.step('search vectors');
    await q(
      `UPDATE briefings SET
         search_en = setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', summary), 'B')
                     || setweight(to_tsvector('english', CASE WHEN tlp = 'RED' THEN '' ELSE body END), 'C'),
         search_tr = setweight(to_tsvector('turkish', title), 'A') || setweight(to_tsvector('turkish', summary), 'B')
                     || setweight(to_tsvector('turkish', CASE WHEN tlp = 'RED' THEN '' ELSE body END), 'C')`,
    );

    progress.step('briefing reads');
    // Every user has opened some of what reaches their organisation: a read per published briefing for two people.
    await q(
      `INSERT INTO briefing_reads (briefing_id, user_id, read_at)
       SELECT DISTINCT b.id, u.id, now() - b.g * interval '4 minutes'
       FROM bench_briefings b JOIN bench_users u ON u.org = ((b.g * 13) % $1::int) + 1 AND u.n <= $2::int * 2
       WHERE b.status = 'PUBLISHED'`,
      [O, O],
    );

    progress.step('threads');
    // The first 10 % of threads are in north's space, the next 10 % in south's, the rest two or more per organisation.
    const perNetwork = Math.round(T * 0.1);
    await q(
      `CREATE TEMP TABLE bench_threads AS
       SELECT t AS n, gen_random_uuid() AS id,
         CASE WHEN t <= $2::int * 2 THEN 'NETWORK' ELSE 'ORGANISATION' END AS kind,
         CASE WHEN t <= $2::int THEN 1 WHEN t <= $2::int * 2 THEN 2 END AS net_n,
         CASE WHEN t > $2::int * 2 THEN ((t - 1) % $3::int) + 1 END AS org_n,
         ($4::int / $1::int) + CASE WHEN t <= ($4::int % $1::int) THEN 1 ELSE 0 END AS messages
       FROM generate_series(1, $1::int) t`,
      [T, perNetwork, O, M],
    );
    // Authors: for an organisation's thread its members; for a network's, members of its member organisations.
    await q(
      `CREATE TEMP TABLE bench_audience AS
       SELECT t.n AS thread_n, row_number() OVER (PARTITION BY t.n ORDER BY u.n) AS k, u.id AS user_id
       FROM bench_threads t JOIN bench_users u ON
         (t.kind = 'ORGANISATION' AND u.org = t.org_n)
         OR (t.kind = 'NETWORK' AND ((t.net_n = 1 AND u.org <= $1::int) OR (t.net_n = 2 AND u.org > $2::int)))`,
      [Math.floor(O * 0.6), Math.floor(O * 0.5)],
    );
    await q(`CREATE INDEX ON bench_audience (thread_n, k)`);
    await q(`CREATE TEMP TABLE bench_audience_size AS SELECT thread_n, count(*)::int AS size FROM bench_audience GROUP BY thread_n`);
    await q(
      `INSERT INTO threads (id, space_kind, space_network_id, space_organisation_id, title, created_by, created_at, last_activity_at, last_seq)
       SELECT t.id, t.kind, n.id, o.id, 'Bench thread ' || t.n, (SELECT user_id FROM bench_audience a WHERE a.thread_n = t.n AND a.k = 1),
         date_trunc('milliseconds', now() - interval '60 days' - t.n * interval '1 minute'),
         date_trunc('milliseconds', now() - t.n * interval '1 minute'), t.messages
       FROM bench_threads t LEFT JOIN bench_networks n ON n.n = t.net_n LEFT JOIN bench_orgs o ON o.n = t.org_n`,
    );

    progress.step('messages');
    await q(
      `INSERT INTO messages (id, thread_id, seq, author_id, client_id, client_digest, body, created_at)
       SELECT gen_random_uuid(), t.id, s, a.user_id, gen_random_uuid(), '\\x00'::bytea,
         'Message ' || s || ': ' || (SELECT string_agg(w[1 + abs(hashint4(t.n * 100000 + s * 10 + i)) % cardinality(w)], ' ') FROM generate_series(1, 12) i),
         date_trunc('milliseconds', now() - t.n * interval '1 minute' - (t.messages - s) * interval '2 minutes')
       FROM bench_threads t
       JOIN bench_audience_size z ON z.thread_n = t.n
       CROSS JOIN LATERAL generate_series(1, t.messages) s
       JOIN bench_audience a ON a.thread_n = t.n AND a.k = ((s * 7) % z.size) + 1,
       (SELECT $1::text[] AS w) v`,
      [WORDS],
    );

    progress.step('reads and reactions');
    await q(
      `INSERT INTO thread_reads (thread_id, user_id, last_read_seq)
       SELECT t.id, a.user_id, greatest(0, t.messages - abs(hashint4(t.n * 31 + a.k::int)) % 60)
       FROM bench_threads t JOIN bench_audience a ON a.thread_n = t.n AND a.k <= 20`,
    );
    await q(
      `INSERT INTO message_reactions (message_id, user_id, emoji)
       SELECT m.id, a.user_id, (ARRAY['👍', '✊', '❤️', '🙏'])[1 + m.seq % 4]
       FROM messages m JOIN bench_threads t ON t.id = m.thread_id
       JOIN bench_audience a ON a.thread_n = t.n AND a.k = 1 + (m.seq % 5)
       WHERE m.seq % 10 = 0`,
    );

    progress.step('ANALYZE');
    await q('VACUUM ANALYZE');
    // Write the seed's dirty pages now: otherwise the first checkpoint falls inside the first scenario.
    await q('CHECKPOINT');

    const networks = (await q('SELECT id FROM bench_networks ORDER BY n')).rows.map((r: { id: string }) => r.id);
    const organisations = (await q('SELECT id FROM bench_orgs ORDER BY n')).rows.map((r: { id: string }) => r.id);
    const userRows = (await q('SELECT n, id, org, admin FROM bench_users ORDER BY n')).rows as { n: number; id: string; org: number; admin: boolean }[];
    const users: SeededUser[] = userRows.map((r) => ({
      id: r.id, n: r.n, token: tokens[r.n - 1]!, organisation: r.org, admin: r.admin, memberOf: networksOf(r.org, O).member,
    }));
    const threadRows = (await q('SELECT n, id, kind, net_n, org_n, messages FROM bench_threads ORDER BY n')).rows as
      { n: number; id: string; kind: 'NETWORK' | 'ORGANISATION'; net_n: number | null; org_n: number | null; messages: number }[];
    const threads: SeededThread[] = threadRows.map((r) => ({
      id: r.id, n: r.n, kind: r.kind, network: r.net_n, organisation: r.org_n, lastSeq: r.messages,
    }));
    const counts: Record<string, number> = {};
    for (const table of ['networks', 'organisations', 'users', 'memberships', 'sessions', 'briefings', 'briefing_audience', 'briefing_reads', 'threads', 'messages', 'thread_reads', 'message_reactions']) {
      counts[table] = Number((await q(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);
    }
    const check = (await q(`SELECT count(*)::int AS bad FROM threads t WHERE t.last_seq <> (SELECT coalesce(max(seq), 0) FROM messages m WHERE m.thread_id = t.id)`)).rows[0].bad;
    if (check !== 0) throw new Error(`seed: ${check} threads whose last_seq is not their top seq`);
    progress.step('done');
    return { size, networks, organisations, users, threads, counts, seconds: Math.round(performance.now() - started) / 1000 };
  } finally {
    await db.end();
  }
}
