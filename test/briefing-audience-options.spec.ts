// The audience picker's choices: exactly whom the publishing organisation may share with, the same
// reach that createBriefing checks, and nothing for an organisation the writer does not belong to.
import { idOf, writeBriefing } from './support/briefings.js';
import { type Client, ROLES, startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let deniz: Client; // admin of lantern-lawyers (kestrel-network member)
let hanna: Client; // admin of quiet-harbour (harbour-group only)
let operator: Client;
const ids: Record<string, string> = {};

const OPTIONS = `query($organisationId: ID!, $publishAs: ID) {
  briefingAudienceOptions(organisationId: $organisationId, publishAsOrganisationId: $publishAs) {
    networks { id name } organisations { id name } people { id displayName organisation { id name } }
  }
}`;

beforeAll(async () => {
  t = await startTestApp();
  [deniz, hanna, operator] = await Promise.all([ROLES.adminAndCoordinator, ROLES.otherNetworkAdmin, ROLES.operator].map((e) => t.signIn(e)));
  for (const slug of ['lantern-lawyers', 'open-press-desk', 'workers-ledger', 'quiet-harbour', 'north-bridge']) ids[slug] = await idOf(t, 'organisations', slug);
  for (const slug of ['kestrel-network', 'harbour-group']) ids[slug] = await idOf(t, 'networks', slug);
  for (const email of [ROLES.adminAndCoordinator, ROLES.member, ROLES.otherOrgAdmin, ROLES.otherNetworkAdmin, 'margit@demo.invalid']) ids[email] = await idOf(t, 'users', email);
});
afterAll(() => t.close());

describe('briefingAudienceOptions', () => {
  it("offers the organisation's networks, the organisations sharing one and its own people, without the writer", async () => {
    const result = await deniz.gql(OPTIONS, { organisationId: ids['lantern-lawyers'] });
    const options = result.data!.briefingAudienceOptions;
    expect(options.networks.map((n: { id: string }) => n.id)).toEqual([ids['kestrel-network']]);
    const organisations = options.organisations.map((o: { id: string }) => o.id);
    expect(organisations).toEqual(expect.arrayContaining([ids['lantern-lawyers'], ids['open-press-desk'], ids['workers-ledger'], ids['north-bridge']]));
    expect(organisations).not.toContain(ids['quiet-harbour']);
    const people = new Map(options.people.map((p: { id: string; organisation: { name: string } }) => [p.id, p.organisation.name]));
    expect(people.get(ids[ROLES.member]!)).toBe('Lantern Lawyers Collective');
    // Who belongs to other organisations is not listed: they are named one by one by address.
    expect(people.has(ids[ROLES.otherOrgAdmin]!)).toBe(false);
    expect(people.has(ids[ROLES.otherNetworkAdmin]!)).toBe(false);
    expect([...people.values()].every((name) => name === 'Lantern Lawyers Collective')).toBe(true);
    expect(people.has(ids[ROLES.adminAndCoordinator]!)).toBe(false);
  });

  it('answers for the trusted organisation when publishing on behalf', async () => {
    const options = (await deniz.gql(OPTIONS, { organisationId: ids['lantern-lawyers'], publishAs: ids['north-bridge'] })).data!.briefingAudienceOptions;
    expect(options.networks.map((n: { id: string }) => n.id).sort()).toEqual([ids['harbour-group'], ids['kestrel-network']].sort());
    expect(options.people.map((p: { id: string }) => p.id)).toContain(ids['margit@demo.invalid']);
    expect(options.people.map((p: { id: string }) => p.id)).not.toContain(ids[ROLES.otherNetworkAdmin]);
  });

  it('offers only people and organisations that createBriefing then accepts', async () => {
    const options = (await deniz.gql(OPTIONS, { organisationId: ids['lantern-lawyers'] })).data!.briefingAudienceOptions;
    await expect(writeBriefing(deniz, {
      organisationId: ids['lantern-lawyers']!, tlp: 'RED', publish: false,
      audience: { userIds: options.people.map((p: { id: string }) => p.id) },
    })).resolves.toEqual(expect.any(String));
    await expect(writeBriefing(deniz, {
      organisationId: ids['lantern-lawyers']!, tlp: 'AMBER', publish: false,
      audience: { organisationIds: options.organisations.map((o: { id: string }) => o.id) },
    })).resolves.toEqual(expect.any(String));
  });

  it.each([
    ['an organisation the writer does not belong to', () => deniz, () => ({ organisationId: ids['open-press-desk'] }), 'organisationId'],
    ['publishing as an organisation outside its networks', () => deniz, () => ({ organisationId: ids['lantern-lawyers'], publishAs: ids['quiet-harbour'] }), 'publishAsOrganisationId'],
    ['another network asking about lantern-lawyers', () => hanna, () => ({ organisationId: ids['lantern-lawyers'] }), 'organisationId'],
    ['the operator, who writes for no organisation', () => operator, () => ({ organisationId: ids['lantern-lawyers'] }), 'organisationId'],
  ])('refuses %s with BAD_USER_INPUT naming the field', async (_name, who, variables, field) => {
    const result = await who().gql(OPTIONS, variables());
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(result.data).toBeNull();
  });
});

const BY_EMAIL = `query($organisationId: ID!, $publishAs: ID, $email: String!) {
  briefingRecipientByEmail(organisationId: $organisationId, publishAsOrganisationId: $publishAs, email: $email) { id displayName organisation { id name } }
}`;

describe('briefingRecipientByEmail', () => {
  it('names a person of an organisation sharing a network, with the organisation they are reached through', async () => {
    const result = await deniz.gql(BY_EMAIL, { organisationId: ids['lantern-lawyers'], email: ROLES.otherOrgAdmin.toUpperCase() });
    expect(result.data!.briefingRecipientByEmail).toEqual({ id: ids[ROLES.otherOrgAdmin], displayName: expect.any(String), organisation: { id: ids['open-press-desk'], name: 'Open Press Desk' } });
  });

  it('answers NOT_FOUND alike for someone out of reach, an address nobody has, and the writer', async () => {
    const answers = [];
    for (const email of [ROLES.otherNetworkAdmin, 'nobody-at-all@demo.invalid', ROLES.adminAndCoordinator]) {
      const result = await deniz.gql(BY_EMAIL, { organisationId: ids['lantern-lawyers'], email });
      answers.push({ code: result.errors?.[0]?.extensions?.['code'], message: result.errors?.[0]?.message, data: result.data });
    }
    expect(answers).toEqual([answers[0], answers[0], answers[0]]);
    expect(answers[0]).toEqual({ code: 'NOT_FOUND', message: 'Person not found', data: null });
  });

  it('refuses an address that is not one, naming the field, and an organisation the writer does not belong to', async () => {
    const bad = await deniz.gql(BY_EMAIL, { organisationId: ids['lantern-lawyers'], email: 'not an address' });
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
    const outside = await hanna.gql(BY_EMAIL, { organisationId: ids['lantern-lawyers'], email: ROLES.member });
    expect(outside.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'organisationId' });
  });

  it('limits how many addresses one writer may look up, so the look-up cannot map the network', async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 65; i++) {
      const result = await hanna.gql(BY_EMAIL, { organisationId: ids['quiet-harbour'], email: `guess-${i}@demo.invalid` });
      codes.add(String(result.errors?.[0]?.extensions?.['code']));
    }
    expect([...codes].sort()).toEqual(['NOT_FOUND', 'RATE_LIMITED']);
  });
});
