// The place on the waiting list a person sees after registering for a full workshop: counted among
// the waitlisted only, moving up as seats free, and shown to the person and the organisers alone.
import { type Client, codeOf, ROLES, startTestApp, type TestApp } from './support/test-app.js';
import { makeWorkshop, members, register } from './support/workshops-fixture.js';

let t: TestApp;
let organiser: Client;
afterAll(() => t.close());
beforeAll(async () => {
  t = await startTestApp();
  organiser = await t.signIn(ROLES.adminAndCoordinator);
});

const PLACE = 'query($id: ID!) { workshopParticipant(id: $id) { state waitlistPosition } }';

describe('waitlistPosition', () => {
  it('counts the waitlisted ahead, moves up when a seat frees, and is hidden from other participants', async () => {
    const workshopId = await makeWorkshop(t, organiser, { capacity: 1 });
    const people = await members(t, 'open-press-desk', 'queue', 4);
    const ids: string[] = [];
    for (const p of people) {
      const r = await register(p.client, workshopId, { shareIdentity: true });
      ids.push(r.data!.registerForWorkshop.id);
    }
    const place = async (client: Client, id: string) => (await client.gql<{ workshopParticipant: { state: string; waitlistPosition: number | null } }>(PLACE, { id })).data?.workshopParticipant;

    expect(await place(people[0]!.client, ids[0]!)).toEqual({ state: 'CONFIRMED', waitlistPosition: null });
    expect(await place(people[1]!.client, ids[1]!)).toEqual({ state: 'WAITLISTED', waitlistPosition: 1 });
    expect(await place(people[3]!.client, ids[3]!)).toEqual({ state: 'WAITLISTED', waitlistPosition: 3 });
    expect(await place(organiser, ids[2]!)).toEqual({ state: 'WAITLISTED', waitlistPosition: 2 });

    // A waitlisted person leaving moves those behind up; a confirmed one leaving seats the first.
    await people[2]!.client.gql('mutation($p: ID!) { cancelWorkshopParticipation(participantId: $p) { state } }', { p: ids[2] });
    expect((await place(people[3]!.client, ids[3]!))?.waitlistPosition).toBe(2);
    await people[0]!.client.gql('mutation($p: ID!) { cancelWorkshopParticipation(participantId: $p) { state } }', { p: ids[0] });
    expect(await place(people[1]!.client, ids[1]!)).toEqual({ state: 'CONFIRMED', waitlistPosition: null });
    expect((await place(people[3]!.client, ids[3]!))?.waitlistPosition).toBe(1);

    // The organisers see every place; a fellow participant cannot read a waitlisted row at all.
    const list = await organiser.gql<{ workshopParticipants: { edges: { node: { id: string; state: string; waitlistPosition: number | null } }[] } }>(
      'query($w: ID!) { workshopParticipants(workshopId: $w, first: 10) { edges { node { id state waitlistPosition } } } }',
      { w: workshopId },
    );
    const places = Object.fromEntries(list.data!.workshopParticipants.edges.map((e) => [e.node.id, e.node.waitlistPosition]));
    expect(places).toEqual({ [ids[0]!]: null, [ids[1]!]: null, [ids[2]!]: null, [ids[3]!]: 1 });
    expect(codeOf(await people[1]!.client.gql(PLACE, { id: ids[3] }))).toBe('NOT_FOUND');
  });
});
