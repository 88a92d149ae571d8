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

/** A minimal PDF: the smallest file the attachment check accepts by its bytes. */
export const TINY_PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

/** Uploads an attachment over HTTP as `token`; returns the response. */
export function uploadAttachment(t: TestApp, token: string | null, briefingId: string, bytes: Buffer = TINY_PDF, filename = 'report.pdf'): Promise<Response> {
  return fetch(`${t.url}/briefings/${briefingId}/attachments?filename=${encodeURIComponent(filename)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: bytes,
  });
}

/** Downloads an attachment over HTTP (GET at its download path) as `token`. */
export function downloadAttachment(t: TestApp, token: string | null, attachmentId: string): Promise<Response> {
  return fetch(`${t.url}/briefing-attachments/${attachmentId}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}
