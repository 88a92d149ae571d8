// Shared set-up for the workshop tests: a workshop made and opened through the API, and extra
// accounts. Accounts are rows copied from a demo account (same password hash) so that fifty of
// them cost no fifty argon2 hashes; everything the tests assert goes through the API.
import { newId } from '@sw/database';
import type { Client, TestApp } from './test-app.js';

export const WORKSHOP_FIELDS = 'id title status capacity confirmedCount';

export async function orgId(t: TestApp, slug: string): Promise<string> {
  const [row] = await t.dataSource.query('SELECT id FROM organisations WHERE slug = $1', [slug]);
  return row.id as string;
}

export async function netId(t: TestApp, slug: string): Promise<string> {
  const [row] = await t.dataSource.query('SELECT id FROM networks WHERE slug = $1', [slug]);
  return row.id as string;
}

export async function userId(t: TestApp, email: string): Promise<string> {
  const [row] = await t.dataSource.query('SELECT id FROM users WHERE email = $1', [email]);
  return row.id as string;
}

/** New members of an organisation, signed in. */
export async function members(t: TestApp, slug: string, prefix: string, count: number): Promise<{ id: string; email: string; client: Client }[]> {
  const organisation = await orgId(t, slug);
  const [{ password_hash }] = await t.dataSource.query(`SELECT password_hash FROM users WHERE email = 'ece@demo.invalid'`);
  const made: { id: string; email: string }[] = [];
  for (let i = 0; i < count; i++) {
    const id = newId();
    const email = `${prefix}-${String(i).padStart(2, '0')}@demo.invalid`;
    await t.dataSource.query('INSERT INTO users (id, email, display_name, password_hash) VALUES ($1, $2, $3, $4)', [id, email, `${prefix} ${i}`, password_hash]);
    await t.dataSource.query('INSERT INTO memberships (id, user_id, organisation_id, role) VALUES ($1, $2, $3, $4)', [newId(), id, organisation, 'MEMBER']);
    made.push({ id, email });
  }
  // A few at a time: sign-in hashes, and the pool is the app's own (10).
  const clients: Client[] = [];
  for (let i = 0; i < made.length; i += 5) clients.push(...(await Promise.all(made.slice(i, i + 5).map((m) => t.signIn(m.email)))));
  return made.map((m, i) => ({ ...m, client: clients[i]! }));
}

export interface WorkshopOptions {
  capacity?: number;
  admission?: 'FIRST_COME' | 'BY_APPLICATION';
  networks?: string[];
  organisations?: string[];
  open?: boolean;
  startsAt?: string;
  endsAt?: string;
  registrationDeadline?: string | null;
}

/** A workshop of lantern-lawyers made by its admin (who becomes organiser), opened to kestrel-network by default. */
export async function makeWorkshop(t: TestApp, organiser: Client, options: WorkshopOptions = {}): Promise<string> {
  const created = await organiser.gql(
    `mutation($input: CreateWorkshopInput!) { createWorkshop(input: $input) { id } }`,
    {
      input: {
        organisationId: await orgId(t, 'lantern-lawyers'),
        title: 'Documenting detentions',
        description: 'A **working** meeting.',
        format: 'HYBRID',
        venue: 'Hotel Ağaoğlu, meeting room 3, Kızılay',
        onlineUrl: 'https://meet.example.invalid/room-1',
        city: 'Ankara',
        country: 'TR',
        startsAt: options.startsAt ?? '2027-03-10T07:00:00.000Z',
        endsAt: options.endsAt ?? '2027-03-12T16:00:00.000Z',
        timeZone: 'Europe/Istanbul',
        registrationDeadline: options.registrationDeadline === undefined ? '2027-03-01T00:00:00.000Z' : options.registrationDeadline,
        capacity: options.capacity ?? 10,
        languages: ['tr', 'en'],
        interpretation: ['en'],
        admission: options.admission ?? 'FIRST_COME',
      },
    },
  );
  if (!created.data) throw new Error(`createWorkshop: ${JSON.stringify(created.errors)}`);
  const id = created.data.createWorkshop.id as string;
  const audience = await organiser.gql(
    'mutation($input: SetAudienceInput!) { setWorkshopAudience(input: $input) { networkIds } }',
    {
      input: {
        workshopId: id,
        networkIds: await Promise.all((options.networks ?? ['kestrel-network']).map((n) => netId(t, n))),
        organisationIds: await Promise.all((options.organisations ?? []).map((o) => orgId(t, o))),
      },
    },
  );
  if (!audience.data) throw new Error(`setWorkshopAudience: ${JSON.stringify(audience.errors)}`);
  if (options.open !== false) {
    const opened = await organiser.gql('mutation($id: ID!) { setWorkshopStatus(id: $id, status: OPEN) { status } }', { id });
    if (!opened.data) throw new Error(`open: ${JSON.stringify(opened.errors)}`);
  }
  return id;
}

export const REGISTER = `mutation($input: RegisterInput!) { registerForWorkshop(input: $input) { id state position } }`;

export async function register(client: Client, workshopId: string, extra: Record<string, unknown> = {}) {
  return client.gql<{ registerForWorkshop: { id: string; state: string; position: number } }>(REGISTER, { input: { workshopId, ...extra } });
}

/** Every table the workshop domain writes, for "nothing changed" checks. */
export async function workshopSnapshot(t: TestApp) {
  const [row] = await t.dataSource.query(`SELECT
    (SELECT json_agg(w ORDER BY w.id) FROM (SELECT id, title, status, capacity, confirmed_count, starts_at, ends_at, registration_deadline, registration_seq FROM workshops) w) AS workshops,
    (SELECT json_agg(p ORDER BY p.id) FROM (SELECT id, user_id, invited_email, state, queue_position, role FROM workshop_participants) p) AS participants,
    (SELECT json_agg(s ORDER BY s.id) FROM (SELECT id, track, starts_at, ends_at FROM workshop_sessions) s) AS sessions,
    (SELECT count(*)::int FROM workshop_downloads) AS downloads,
    (SELECT count(*)::int FROM workshop_tasks) AS tasks,
    (SELECT count(*)::int FROM audit_log) AS audit_entries,
    (SELECT count(*)::int FROM outbox_events) AS events`);
  return row;
}
