import { Injectable } from '@nestjs/common';
import { subject } from '@casl/ability';
import type { EntityManager } from 'typeorm';
import { AuditLog } from '@sw/audit';
import { type RequestAuth, organisationIdsOf } from '@sw/authz';
import { AppConfig } from '@sw/config';
import { newId, RateLimiter } from '@sw/database';
import { Outbox, Transactions } from '@sw/events';
import { badInput, conflict, forbidden, notFound, rateLimited } from '@sw/graphql';
import { IdentityDirectory } from '@sw/identity';
import { BriefingAccess } from './briefing-access.js';
import {
  addRecipientGrants, checkAllowedByTlp, checkRecipientsReachable, type Grant, recipientGrants, type Recipients, syncGrants, toGrants,
} from './briefing-audience.js';
import { type BriefingLanguage, BriefingEntity } from './briefing.entity.js';
import { BriefingText } from './briefing-text.js';
import { BriefingThreadSubject } from './briefing-thread-subject.js';
import { isTightening, type Tlp } from './tlp.js';

export interface BriefingDraft {
  title: string;
  summary: string;
  body: string;
  language: BriefingLanguage;
  tags: string[];
}

/** Writing, publishing, editing, retracting and re-classifying briefings. */
/** E-mail look-ups of recipients a writer may make per hour. */
const RECIPIENT_LOOKUPS_PER_HOUR = 60;

@Injectable()
export class BriefingWriting {
  constructor(
    private readonly tx: Transactions,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly access: BriefingAccess,
    private readonly text: BriefingText,
    private readonly config: AppConfig,
    private readonly directory: IdentityDirectory,
    private readonly threads: BriefingThreadSubject,
    private readonly limiter: RateLimiter,
  ) {}

  /**
   * A draft written for `organisationId`. With `publishAsOrganisationId` it is published on
   * behalf: under the trusted organisation's name, once that organisation's admins approve.
   */
  async create(auth: RequestAuth, input: BriefingDraft & { organisationId: string; publishAsOrganisationId?: string | null; tlp: Tlp; audience: Recipients }): Promise<BriefingEntity> {
    const actor = auth.actor!;
    this.checkBody(input.body);
    return this.tx.run(async (manager) => {
      const publisher = await this.publisherFor(auth, manager, input.organisationId, input.publishAsOrganisationId);
      const grants = toGrants(input.audience);
      checkAllowedByTlp(input.tlp, grants);
      await checkRecipientsReachable(this.directory, manager, publisher, grants);
      const id = newId();
      const sealed = this.text.seal('briefings', id, input.body, input.tlp === 'RED');
      const briefing = manager.create(BriefingEntity, {
        id,
        authorUserId: actor.userId,
        publisherOrganisationId: publisher,
        originOrganisationId: input.publishAsOrganisationId ? input.organisationId : null,
        publisherApprovedAt: null,
        title: input.title,
        summary: input.summary,
        ...sealed,
        language: input.language,
        tags: normaliseTags(input.tags),
        tlp: input.tlp,
        status: 'DRAFT',
        revision: 0,
        publishedAt: null,
        retractedAt: null,
        updatedAt: new Date(),
      });
      await manager.insert(BriefingEntity, briefing);
      await syncGrants(manager, briefing);
      await addRecipientGrants(manager, briefing, grants, actor.userId);
      await this.text.index(manager, briefing, input.body);
      return this.reload(manager, id);
    });
  }

  /**
   * Whom a briefing written for `organisationId` (published on behalf: under `publishAsOrganisationId`)
   * may be shared with, for the audience picker: the publisher's networks, the organisations sharing
   * one with it, and the publisher's own members (the writer left out). People elsewhere are named by
   * address with `recipientByEmail`. The same reach that `create` checks.
   */
  async audienceOptions(auth: RequestAuth, organisationId: string, publishAsOrganisationId?: string | null) {
    return this.tx.run(async (manager) => {
      const publisher = await this.publisherFor(auth, manager, organisationId, publishAsOrganisationId);
      const options = await this.directory.shareableFrom(manager, publisher);
      const names = new Map(options.organisations.map((o) => [o.id, o.name]));
      return {
        networks: options.networks,
        organisations: options.organisations,
        people: options.people
          .filter((p) => p.id !== auth.actor!.userId)
          .map((p) => ({ id: p.id, displayName: p.displayName, organisation: { id: p.organisationId, name: names.get(p.organisationId) ?? '' } })),
      };
    });
  }

  /**
   * A person in another organisation, named by their e-mail address, when the publisher can share
   * with them; NOT_FOUND otherwise, the same for an address nobody has. Limited per writer, so the
   * look-up is no way to map who belongs where.
   */
  async recipientByEmail(auth: RequestAuth, organisationId: string, publishAsOrganisationId: string | null | undefined, email: string) {
    const wait = await this.limiter.hit({ key: `briefing-recipient:${auth.actor!.userId}`, limit: RECIPIENT_LOOKUPS_PER_HOUR, windowSeconds: 3600 });
    if (wait > 0) throw rateLimited(wait);
    return this.tx.run(async (manager) => {
      const publisher = await this.publisherFor(auth, manager, organisationId, publishAsOrganisationId);
      const person = await this.directory.reachablePersonByEmail(manager, publisher, email);
      if (!person || person.id === auth.actor!.userId) throw notFound('Person');
      return { id: person.id, displayName: person.displayName, organisation: { id: person.organisationId, name: person.organisationName } };
    });
  }

  /** The organisation a new briefing is published under, after checking the writer may write for it. */
  private async publisherFor(auth: RequestAuth, manager: EntityManager, organisationId: string, publishAsOrganisationId?: string | null): Promise<string> {
    if (!auth.ability.can('create', subject('Briefing', { organisationId }))) {
      throw badInput('organisationId', 'you can write briefings only for an organisation you belong to');
    }
    if (!publishAsOrganisationId) return organisationId;
    if (publishAsOrganisationId === organisationId) throw badInput('publishAsOrganisationId', 'must be another organisation');
    // Only an organisation the writer's own shares a network with: the same answer whether the id
    // does not exist or lies outside, so this is no way to probe for organisations or flood their queue.
    if (!(await this.directory.organisationReachable(manager, organisationId, publishAsOrganisationId))) {
      throw badInput('publishAsOrganisationId', 'must be an organisation in one of your networks');
    }
    return publishAsOrganisationId;
  }

  async updateDraft(auth: RequestAuth, id: string, input: BriefingDraft): Promise<BriefingEntity> {
    this.checkBody(input.body);
    return this.tx.run(async (manager) => {
      const briefing = await this.access.require(manager, auth.ability, id, 'edit', true);
      if (briefing.status !== 'DRAFT') throw conflict('Only a draft can be changed this way; edit the published briefing instead', 'id');
      const sealed = this.text.seal('briefings', id, input.body, briefing.tlp === 'RED');
      await manager.update(BriefingEntity, { id }, { ...input, tags: normaliseTags(input.tags), ...sealed, updatedAt: new Date() });
      const updated = await this.reload(manager, id);
      await this.text.index(manager, updated, input.body);
      return updated;
    });
  }

  /** Publishes a draft: by its source, or, for a briefing published on behalf, by the trusted organisation's admins. */
  async publish(auth: RequestAuth, id: string): Promise<BriefingEntity> {
    return this.tx.run(async (manager) => {
      const onBehalf = await this.onBehalfPending(manager, id);
      const briefing = await this.access.require(manager, auth.ability, id, onBehalf ? 'approvePublication' : 'edit', true);
      if (briefing.status !== 'DRAFT') throw conflict('The briefing is not a draft', 'id');
      briefing.status = 'PUBLISHED';
      briefing.publishedAt = new Date();
      briefing.revision = 1;
      if (onBehalf) briefing.publisherApprovedAt = new Date();
      await manager.update(BriefingEntity, { id }, {
        status: briefing.status, publishedAt: briefing.publishedAt, revision: 1, publisherApprovedAt: briefing.publisherApprovedAt, updatedAt: new Date(),
      });
      await this.saveRevision(manager, briefing, auth.actor!.userId);
      await syncGrants(manager, briefing);
      // The review grant goes with the approval: for TLP:RED the trusted organisation's admins no longer read it.
      await this.threads.changed(manager, id);
      await this.audit.record(manager, {
        actorUserId: auth.actor!.userId, action: 'briefing.published', organisationId: briefing.publisherOrganisationId,
        subjectType: 'Briefing', subjectId: id, metadata: { tlp: briefing.tlp },
      });
      await this.outbox.add(manager, 'briefing.published', { briefingId: id });
      return this.reload(manager, id);
    });
  }

  /** A new revision of a published briefing; earlier ones stay readable. */
  async editPublished(auth: RequestAuth, id: string, input: Pick<BriefingDraft, 'title' | 'summary' | 'body'>): Promise<BriefingEntity> {
    this.checkBody(input.body);
    return this.tx.run(async (manager) => {
      const briefing = await this.access.require(manager, auth.ability, id, 'edit', true);
      if (briefing.status !== 'PUBLISHED') throw conflict('Only a published briefing has revisions', 'id');
      const sealed = this.text.seal('briefings', id, input.body, briefing.tlp === 'RED');
      Object.assign(briefing, input, sealed, { revision: briefing.revision + 1, updatedAt: new Date() });
      await manager.update(BriefingEntity, { id }, {
        title: input.title, summary: input.summary, ...sealed, revision: briefing.revision, updatedAt: briefing.updatedAt,
      });
      await this.saveRevision(manager, briefing, auth.actor!.userId);
      await this.text.index(manager, briefing, input.body);
      await this.outbox.add(manager, 'briefing.updated', { briefingId: id, revision: briefing.revision });
      return this.reload(manager, id);
    });
  }

  /** Gone from every list and search; the source keeps it, and the audit trail stays. */
  async retract(auth: RequestAuth, id: string): Promise<BriefingEntity> {
    return this.tx.run(async (manager) => {
      const briefing = await this.access.require(manager, auth.ability, id, 'retract', true);
      if (briefing.status !== 'PUBLISHED') throw conflict('Only a published briefing can be retracted', 'id');
      briefing.status = 'RETRACTED';
      await manager.update(BriefingEntity, { id }, { status: 'RETRACTED', retractedAt: new Date(), updatedAt: new Date() });
      await syncGrants(manager, briefing);
      await this.threads.changed(manager, id);
      await this.audit.record(manager, {
        actorUserId: auth.actor!.userId, action: 'briefing.retracted', organisationId: briefing.publisherOrganisationId,
        subjectType: 'Briefing', subjectId: id,
      });
      await this.outbox.add(manager, 'briefing.retracted', { briefingId: id });
      return this.reload(manager, id);
    });
  }

  /**
   * Changes the level and/or the audience. Tightening drops recipients the new level does not
   * allow; loosening or widening is the source's alone and is audited.
   */
  async classify(auth: RequestAuth, id: string, change: { tlp?: Tlp | null; add?: Recipients | null; remove?: Recipients | null }): Promise<BriefingEntity> {
    return this.tx.run(async (manager) => {
      const briefing = await this.access.require(manager, auth.ability, id, 'classify', true);
      await this.applyClassification(manager, briefing, auth.actor!.userId, change);
      return this.reload(manager, id);
    });
  }

  /** Shared by classify and an approved request to share wider. */
  async applyClassification(
    manager: EntityManager,
    briefing: BriefingEntity,
    actorId: string,
    change: { tlp?: Tlp | null; add?: Recipients | null; remove?: Recipients | null },
  ): Promise<void> {
    const before = briefing.tlp;
    const next = change.tlp ?? before;
    if (next !== before) {
      briefing.tlp = next;
      await manager.update(BriefingEntity, { id: briefing.id }, { tlp: next, updatedAt: new Date() });
      await this.text.reseal(manager, briefing, next === 'RED');
      const dropped = (await recipientGrants(manager, briefing.id)).filter((g) => !allowedUnder(next, g));
      for (const g of dropped) {
        await manager.query('DELETE FROM briefing_audience WHERE briefing_id = $1 AND kind = $2 AND principal_id = $3', [briefing.id, g.kind, g.principalId]);
      }
      await syncGrants(manager, briefing);
      await this.text.index(manager, briefing, this.text.open('briefings', briefing));
    }
    const removed = change.remove ? toGrants(change.remove) : [];
    for (const g of removed) {
      await manager.query('DELETE FROM briefing_audience WHERE briefing_id = $1 AND kind = $2 AND principal_id = $3', [briefing.id, g.kind, g.principalId]);
    }
    const added = change.add ? toGrants(change.add) : [];
    checkAllowedByTlp(next, added);
    await checkRecipientsReachable(this.directory, manager, briefing.publisherOrganisationId, added);
    const widened = await addRecipientGrants(manager, briefing, added, actorId);
    const loosened = !isTightening(before, next);
    if (loosened || widened > 0 || next !== before || removed.length > 0) {
      await this.audit.record(manager, {
        actorUserId: actorId,
        action: loosened || widened > 0 ? 'briefing.audience_widened' : 'briefing.audience_narrowed',
        organisationId: briefing.publisherOrganisationId,
        subjectType: 'Briefing',
        subjectId: briefing.id,
        metadata: { from: before, to: next, added: widened, removed: removed.length },
      });
      await this.outbox.add(manager, 'briefing.audience_changed', { briefingId: briefing.id });
      // Readers who lost the briefing leave its threads' rooms as this commits.
      if (next !== before || removed.length > 0) await this.threads.changed(manager, briefing.id);
    }
  }

  /**
   * A recipient shares further, only as far as the level allows: never RED or AMBER+STRICT;
   * AMBER within the recipient's own organisations; GREEN within the briefing's networks.
   */
  async forward(auth: RequestAuth, id: string, to: { userIds: string[]; organisationIds: string[] }): Promise<BriefingEntity> {
    return this.tx.run(async (manager) => {
      const briefing = await this.access.require(manager, auth.ability, id, 'read', true);
      if (briefing.status !== 'PUBLISHED') throw notFound('Briefing');
      if (briefing.tlp === 'RED' || briefing.tlp === 'AMBER_STRICT') {
        throw forbidden(`TLP:${briefing.tlp === 'RED' ? 'RED' : 'AMBER+STRICT'} may not be forwarded; ask the source to share it wider`);
      }
      // TLP:CLEAR: disclosure is not limited, and the briefing already reaches every signed-in user.
      if (briefing.tlp === 'CLEAR') return this.reload(manager, id);
      const grants: Grant[] = [
        ...to.userIds.map((principalId) => ({ kind: 'USER' as const, principalId })),
        ...to.organisationIds.map((principalId) => ({ kind: 'ORGANISATION' as const, principalId })),
      ];
      const scope = briefing.tlp === 'AMBER' ? organisationIdsOf(auth.actor!) : await this.networkScope(manager, briefing.id);
      for (const g of grants) {
        const inScope = g.kind === 'ORGANISATION'
          ? scope.includes(g.principalId)
          : await this.directory.anyActiveMemberOf(manager, g.principalId, scope);
        if (!inScope) {
          throw forbidden(briefing.tlp === 'AMBER'
            ? 'TLP:AMBER may be forwarded only within your own organisation'
            : "TLP:GREEN may be forwarded only within the briefing's networks");
        }
      }
      const added = await addRecipientGrants(manager, briefing, grants, auth.actor!.userId);
      if (added > 0) {
        await this.audit.record(manager, {
          actorUserId: auth.actor!.userId, action: 'briefing.forwarded', organisationId: briefing.publisherOrganisationId,
          subjectType: 'Briefing', subjectId: id, metadata: { added },
        });
        await this.outbox.add(manager, 'briefing.audience_changed', { briefingId: id });
      }
      return this.reload(manager, id);
    });
  }

  /** Organisations (members, and partners where the grant includes them) of the briefing's networks. */
  private async networkScope(manager: EntityManager, briefingId: string): Promise<string[]> {
    const networks = (await recipientGrants(manager, briefingId))
      .filter((g) => g.kind === 'NETWORK_MEMBERS' || g.kind === 'NETWORK_ALL')
      .map((g) => ({ networkId: g.principalId, includePartners: g.kind === 'NETWORK_ALL' }));
    return this.directory.organisationsOfNetworks(manager, networks);
  }

  private async onBehalfPending(manager: EntityManager, id: string): Promise<boolean> {
    const [row] = await manager.query('SELECT origin_organisation_id IS NOT NULL AND publisher_approved_at IS NULL AS pending FROM briefings WHERE id = $1', [id]);
    return row?.pending === true;
  }

  private async saveRevision(manager: EntityManager, briefing: BriefingEntity, editedBy: string): Promise<void> {
    const revisionId = newId();
    const plain = this.text.open('briefings', briefing);
    const sealed = this.text.seal('briefing_revisions', revisionId, plain, briefing.tlp === 'RED');
    await manager.query(
      `INSERT INTO briefing_revisions (id, briefing_id, revision, title, summary, body, body_encrypted, tlp, edited_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [revisionId, briefing.id, briefing.revision, briefing.title, briefing.summary, sealed.body, sealed.bodyEncrypted, briefing.tlp, editedBy]);
  }

  private checkBody(body: string): void {
    if (body.length > this.config.env.BRIEFING_BODY_MAX_CHARS) {
      throw badInput('body', `must be at most ${this.config.env.BRIEFING_BODY_MAX_CHARS} characters`);
    }
  }

  private reload(manager: EntityManager, id: string): Promise<BriefingEntity> {
    return manager.findOneByOrFail(BriefingEntity, { id });
  }
}

const allowedUnder = (tlp: Tlp, g: Grant): boolean => {
  try {
    checkAllowedByTlp(tlp, [g]);
    return true;
  } catch {
    return false;
  }
};

function normaliseTags(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim().toLocaleLowerCase('tr')).filter(Boolean))].sort();
}
