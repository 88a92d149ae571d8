import type { EntityManager } from 'typeorm';
import { badInput } from '@sw/graphql';
import type { IdentityDirectory } from '@sw/identity';
import { type BriefingEntity } from './briefing.entity.js';
import { EVERYONE_PRINCIPAL, RECIPIENTS_ALLOWED, type RecipientKind, type StructuralKind, type Tlp } from './tlp.js';

export interface Recipients {
  userIds: string[];
  organisationIds: string[];
  networks: { networkId: string; includePartners: boolean }[];
}

export interface Grant {
  kind: RecipientKind;
  principalId: string;
}

export const toGrants = (r: Recipients): Grant[] => [
  ...r.userIds.map((principalId) => ({ kind: 'USER' as const, principalId })),
  ...r.organisationIds.map((principalId) => ({ kind: 'ORGANISATION' as const, principalId })),
  ...r.networks.map((n) => ({ kind: n.includePartners ? ('NETWORK_ALL' as const) : ('NETWORK_MEMBERS' as const), principalId: n.networkId })),
];

const FIELD_OF: Record<RecipientKind, string> = {
  USER: 'audience.userIds',
  ORGANISATION: 'audience.organisationIds',
  NETWORK_MEMBERS: 'audience.networks',
  NETWORK_ALL: 'audience.networks',
};

/** Grants the level does not allow: RED names people only, AMBER people and organisations. */
export function checkAllowedByTlp(tlp: Tlp, grants: Grant[]): void {
  const refused = grants.find((g) => !RECIPIENTS_ALLOWED[tlp].includes(g.kind));
  if (refused) throw badInput(FIELD_OF[refused.kind], `TLP:${tlp} cannot be shared with ${refused.kind === 'USER' ? 'individuals' : refused.kind === 'ORGANISATION' ? 'organisations' : 'networks'}`);
}

/**
 * Checks that every recipient exists and that the publishing organisation may share with it:
 * organisations and people of the organisation itself or of a network it belongs to, and networks
 * it belongs to. The answer does not say which of the two failed.
 */
export async function checkRecipientsReachable(directory: IdentityDirectory, manager: EntityManager, publisherId: string, grants: Grant[]): Promise<void> {
  const networkIds = await directory.networksOf(manager, publisherId);
  for (const grant of grants) {
    const ok =
      grant.kind === 'NETWORK_MEMBERS' || grant.kind === 'NETWORK_ALL'
        ? networkIds.includes(grant.principalId)
        : grant.kind === 'ORGANISATION'
          ? await directory.organisationReachable(manager, publisherId, grant.principalId)
          : await directory.personReachable(manager, publisherId, grant.principalId);
    if (!ok) throw badInput(FIELD_OF[grant.kind], `${grant.principalId} does not exist or is outside the networks this organisation shares with`);
  }
}

/** The grants a briefing implies by itself; recomputed whenever its level, status or publisher changes. */
export function structuralGrants(b: BriefingEntity): { kind: StructuralKind; principalId: string }[] {
  const grants: { kind: StructuralKind; principalId: string }[] = [{ kind: 'AUTHOR', principalId: b.authorUserId }];
  // RED is for the named people only: the organisations behind it do not see it as such.
  if (b.tlp !== 'RED') grants.push({ kind: 'PUBLISHER', principalId: b.publisherOrganisationId });
  if (b.originOrganisationId) {
    if (b.tlp !== 'RED') grants.push({ kind: 'ORIGIN', principalId: b.originOrganisationId });
    if (!b.publisherApprovedAt) grants.push({ kind: 'PUBLISHER_REVIEW', principalId: b.publisherOrganisationId });
  }
  if (b.tlp === 'CLEAR') grants.push({ kind: 'EVERYONE', principalId: EVERYONE_PRINCIPAL });
  return grants;
}

/** Rewrites the structural grants and the status copied onto every grant. */
export async function syncGrants(manager: EntityManager, b: BriefingEntity): Promise<void> {
  await manager.query(
    `DELETE FROM briefing_audience WHERE briefing_id = $1 AND kind IN ('AUTHOR', 'PUBLISHER', 'PUBLISHER_REVIEW', 'ORIGIN', 'EVERYONE')`,
    [b.id]);
  for (const g of structuralGrants(b)) {
    await manager.query(
      'INSERT INTO briefing_audience (briefing_id, kind, principal_id, status) VALUES ($1, $2, $3, $4)',
      [b.id, g.kind, g.principalId, b.status]);
  }
  await manager.query('UPDATE briefing_audience SET status = $2 WHERE briefing_id = $1', [b.id, b.status]);
}

export async function addRecipientGrants(manager: EntityManager, b: BriefingEntity, grants: Grant[], addedBy: string): Promise<number> {
  let added = 0;
  for (const g of grants) {
    const rows: unknown[] = await manager.query(
      `INSERT INTO briefing_audience (briefing_id, kind, principal_id, status, added_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING briefing_id`,
      [b.id, g.kind, g.principalId, b.status, addedBy]);
    added += rows.length;
  }
  return added;
}

/** The recipient grants of several briefings in one statement, by briefing. */
export async function recipientGrantsOf(manager: EntityManager, briefingIds: string[]): Promise<Map<string, Grant[]>> {
  const byBriefing = new Map<string, Grant[]>();
  if (briefingIds.length === 0) return byBriefing;
  const rows: { briefing_id: string; kind: RecipientKind; principal_id: string }[] = await manager.query(
    `SELECT briefing_id, kind, principal_id FROM briefing_audience
     WHERE briefing_id = ANY($1::uuid[]) AND kind IN ('USER', 'ORGANISATION', 'NETWORK_MEMBERS', 'NETWORK_ALL')
     ORDER BY briefing_id, kind, principal_id`, [briefingIds]);
  for (const r of rows) byBriefing.set(r.briefing_id, [...(byBriefing.get(r.briefing_id) ?? []), { kind: r.kind, principalId: r.principal_id }]);
  return byBriefing;
}

export async function recipientGrants(manager: EntityManager, briefingId: string): Promise<Grant[]> {
  const rows: { kind: RecipientKind; principal_id: string }[] = await manager.query(
    `SELECT kind, principal_id FROM briefing_audience WHERE briefing_id = $1 AND kind IN ('USER', 'ORGANISATION', 'NETWORK_MEMBERS', 'NETWORK_ALL')
     ORDER BY kind, principal_id`, [briefingId]);
  return rows.map((r) => ({ kind: r.kind, principalId: r.principal_id }));
}
