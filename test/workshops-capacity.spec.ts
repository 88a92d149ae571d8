// Capacity and the waiting list, decided by the database (ARCHITECTURE.md "Data rules"; issue 6
// "Done when"): many people registering at once for few places, and cancellations promoting the
// next in application order, in the same transaction, with the events after commit.
import { type Client, codeOf, ROLES, startTestApp, type TestApp } from './support/test-app.js';
import { makeWorkshop, members, register } from './support/workshops-fixture.js';

let t: TestApp;
let organiser: Client;
afterAll(() => t.close());
beforeAll(async () => {
  t = await startTestApp();
  organiser = await t.signIn(ROLES.adminAndCoordinator);
});

const states = (workshopId: string) =>
  t.dataSource.query<{ id: string; user_id: string; state: string; queue_position: number; applied_at: Date }[]>(
    'SELECT id, user_id, state, queue_position, applied_at FROM workshop_participants WHERE workshop_id = $1 ORDER BY queue_position',
    [workshopId],
  );
const events = (type: string, workshopId: string) =>
  t.dataSource.query<{ participant: string }[]>(
    `SELECT payload->>'participantId' AS participant FROM outbox_events WHERE type = $1 AND payload->>'workshopId' = $2 ORDER BY created_at, id`,
    [type, workshopId],
  );

describe('50 people registering at once for 10 places', () => {
  let workshopId: string;
  let people: Awaited<ReturnType<typeof members>>;
  const answers = new Map<string, { id: string; state: string; position: number }>();

  beforeAll(async () => {
    workshopId = await makeWorkshop(t, organiser, { capacity: 10 });
    people = await members(t, 'open-press-desk', 'crowd', 50);
  });

  it('confirms exactly 10 and waitlists 40, in application order', async () => {
    const results = await Promise.all(people.map((p) => register(p.client, workshopId)));
    results.forEach((r, i) => {
      expect(r.errors).toBeUndefined();
      answers.set(people[i]!.id, r.data!.registerForWorkshop);
    });
    const rows = await states(workshopId);
    expect(rows).toHaveLength(50);
    // Application order is the gap-free position given under the workshop's lock: 1..50.
    expect(rows.map((r) => r.queue_position)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(rows.slice(0, 10).map((r) => r.state)).toEqual(Array(10).fill('CONFIRMED'));
    expect(rows.slice(10).map((r) => r.state)).toEqual(Array(40).fill('WAITLISTED'));
    // The times agree with the order, and each caller was told the truth.
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.applied_at.getTime()).toBeGreaterThanOrEqual(rows[i - 1]!.applied_at.getTime());
    for (const row of rows) expect(answers.get(row.user_id)).toEqual({ id: row.id, state: row.state, position: row.queue_position });
    const [{ confirmed_count }] = await t.dataSource.query('SELECT confirmed_count FROM workshops WHERE id = $1', [workshopId]);
    expect(confirmed_count).toBe(10);
    expect(await events('workshop.confirmed', workshopId)).toHaveLength(10);
    expect(await events('workshop.waitlisted', workshopId)).toHaveLength(40);
  });

  it('promotes exactly the next 3 when 3 confirmed participants cancel (two at once, one by an organiser)', async () => {
    const before = await states(workshopId);
    const [a, b, c] = [before[1]!, before[4]!, before[7]!];
    const byUser = new Map(people.map((p) => [p.id, p.client]));
    const cancel = (client: Client, id: string) =>
      client.gql('mutation($p: ID!) { cancelWorkshopParticipation(participantId: $p) { state } }', { p: id });
    const results = await Promise.all([cancel(byUser.get(a.user_id)!, a.id), cancel(byUser.get(b.user_id)!, b.id), cancel(organiser, c.id)]);
    expect(results.map((r) => r.data?.cancelWorkshopParticipation.state)).toEqual(['CANCELLED', 'CANCELLED', 'CANCELLED']);

    const after = await states(workshopId);
    const confirmed = after.filter((r) => r.state === 'CONFIRMED').map((r) => r.queue_position);
    expect(confirmed).toEqual([1, 3, 4, 6, 7, 9, 10, 11, 12, 13]);
    expect(after.filter((r) => r.state === 'WAITLISTED').map((r) => r.queue_position)).toEqual(Array.from({ length: 37 }, (_, i) => i + 14));
    const promoted = (await events('workshop.promoted', workshopId)).map((e) => e.participant).sort();
    expect(promoted).toEqual(after.filter((r) => [11, 12, 13].includes(r.queue_position)).map((r) => r.id).sort());
    expect(await events('workshop.participation_cancelled', workshopId)).toHaveLength(3);
  });

  it('a waitlisted person cancelling promotes nobody; a second cancellation of the same row is refused', async () => {
    const rows = await states(workshopId);
    const waitlisted = rows.find((r) => r.state === 'WAITLISTED')!;
    const client = people.find((p) => p.id === waitlisted.user_id)!.client;
    const mutation = 'mutation($p: ID!) { cancelWorkshopParticipation(participantId: $p) { state } }';
    expect((await client.gql(mutation, { p: waitlisted.id })).data).toEqual({ cancelWorkshopParticipation: { state: 'CANCELLED' } });
    const again = await client.gql(mutation, { p: waitlisted.id });
    expect({ code: codeOf(again), field: again.errors?.[0]?.extensions?.field }).toEqual({ code: 'CONFLICT', field: 'state' });
    expect((await states(workshopId)).filter((r) => r.state === 'CONFIRMED')).toHaveLength(10);
  });

  it('raising the capacity seats the waiting list in order; lowering it below the confirmed is refused', async () => {
    const raise = await organiser.gql('mutation($i: UpdateWorkshopInput!) { updateWorkshop(input: $i) { capacity confirmedCount } }', { i: { id: workshopId, capacity: 12 } });
    expect(raise.data).toEqual({ updateWorkshop: { capacity: 12, confirmedCount: 12 } });
    const seated = (await states(workshopId)).filter((r) => r.state === 'CONFIRMED').map((r) => r.queue_position);
    expect(seated.slice(-2)).toEqual([15, 16]);
    const lower = await organiser.gql('mutation($i: UpdateWorkshopInput!) { updateWorkshop(input: $i) { capacity } }', { i: { id: workshopId, capacity: 11 } });
    expect(lower.errors?.[0]).toMatchObject({ message: 'capacity: is below the 12 participants already confirmed', extensions: { code: 'BAD_USER_INPUT', field: 'capacity' } });
  });

  it('the database itself refuses an overbooking, whatever the code does', async () => {
    const waitlisted = (await states(workshopId)).find((r) => r.state === 'WAITLISTED')!;
    await expect(t.dataSource.query(`UPDATE workshop_participants SET state = 'CONFIRMED' WHERE id = $1`, [waitlisted.id])).rejects.toThrow(/workshops_capacity/);
  });
});

describe('applications (BY_APPLICATION)', () => {
  it('wait for an organiser, who approves in capacity or rejects', async () => {
    const workshopId = await makeWorkshop(t, organiser, { capacity: 1, admission: 'BY_APPLICATION' });
    const [first, second, third] = await members(t, 'campus-voices', 'applicant', 3);
    const applied = await Promise.all([first!, second!, third!].map((p) => register(p.client, workshopId)));
    expect(applied.map((r) => r.data?.registerForWorkshop.state)).toEqual(['REGISTERED', 'REGISTERED', 'REGISTERED']);
    const decide = (id: string, approve: boolean) =>
      organiser.gql('mutation($p: ID!, $a: Boolean!) { decideWorkshopApplication(participantId: $p, approve: $a) { state } }', { p: id, a: approve });
    const ids = applied.map((r) => r.data!.registerForWorkshop.id);
    expect((await decide(ids[0]!, true)).data).toEqual({ decideWorkshopApplication: { state: 'CONFIRMED' } });
    expect((await decide(ids[1]!, true)).data).toEqual({ decideWorkshopApplication: { state: 'WAITLISTED' } });
    expect((await decide(ids[2]!, false)).data).toEqual({ decideWorkshopApplication: { state: 'DECLINED' } });
    // An applicant cannot decide their own application: they may read it, so FORBIDDEN.
    const self = await third!.client.gql('mutation($p: ID!) { decideWorkshopApplication(participantId: $p, approve: true) { state } }', { p: ids[2] });
    expect(codeOf(self)).toBe('FORBIDDEN');
  });
});
