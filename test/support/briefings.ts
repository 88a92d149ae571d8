import type { Client, TestApp } from './test-app.js';

export const BRIEFING_FIELDS = 'id title summary bodyMarkdown bodyHtml tlp status revision handling organisation { id name } viewerHasRead source { authorUserId originOrganisation { id name } audience { userIds organisationIds networkIds networkWithPartnersIds } }';

export interface Audience {
  userIds?: string[];
  organisationIds?: string[];
  networks?: { networkId: string; includePartners?: boolean }[];
}

export const idOf = async (t: TestApp, table: 'organisations' | 'networks' | 'users', key: string): Promise<string> => {
  const column = table === 'users' ? 'email' : 'slug';
  const [row] = await t.dataSource.query(`SELECT id FROM ${table} WHERE ${column} = $1`, [key]);
  if (!row) throw new Error(`no ${table} ${key}`);
  return row.id;
};

/** Writes and (unless told otherwise) publishes a briefing; returns its id. */
export async function writeBriefing(
  client: Client,
  input: { organisationId: string; tlp: string; audience?: Audience; title?: string; body?: string; publish?: boolean; publishAsOrganisationId?: string; language?: string },
): Promise<string> {
  const created = await client.gql(
    `mutation($input: CreateBriefingInput!) { createBriefing(input: $input) { id } }`,
    {
      input: {
        organisationId: input.organisationId,
        publishAsOrganisationId: input.publishAsOrganisationId,
        title: input.title ?? `Briefing ${input.tlp}`,
        summary: 'A fictional situation update.',
        body: input.body ?? `Body of a fictional ${input.tlp} briefing.`,
        language: input.language ?? 'en',
        tlp: input.tlp,
        audience: { userIds: [], organisationIds: [], networks: [], ...input.audience },
      },
    },
  );
  if (!created.data?.createBriefing) throw new Error(`createBriefing failed: ${JSON.stringify(created.errors)}`);
  const id: string = created.data.createBriefing.id;
  if (input.publish !== false) {
    const published = await client.gql(`mutation { publishBriefing(id: "${id}") { id } }`);
    if (!published.data?.publishBriefing) throw new Error(`publishBriefing failed: ${JSON.stringify(published.errors)}`);
  }
  return id;
}
