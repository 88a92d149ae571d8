import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLog } from '@sw/audit';
import { type RequestAuth, organisationIdsOf } from '@sw/authz';
import { newId } from '@sw/database';
import { Outbox, Transactions } from '@sw/events';
import { badInput, conflict, notFound } from '@sw/graphql';
import { BriefingAccess } from './briefing-access.js';
import { ShareRequestEntity } from './briefing.entity.js';
import { BriefingWriting } from './briefing-writing.service.js';
import type { Tlp } from './tlp.js';

/**
 * TLP's own rule: before sharing wider, ask the source. A recipient asks for named
 * organisations (and possibly a looser level); the source approves or declines; every step is
 * audited and visible to both sides.
 */
@Injectable()
export class ShareRequests {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tx: Transactions,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly access: BriefingAccess,
    private readonly writing: BriefingWriting,
  ) {}

  async ask(auth: RequestAuth, input: { briefingId: string; organisationId: string; organisationIds: string[]; tlp?: Tlp | null; reason: string }): Promise<ShareRequestEntity> {
    const actor = auth.actor!;
    if (!organisationIdsOf(actor).includes(input.organisationId)) {
      throw badInput('organisationId', 'you can ask only on behalf of an organisation you belong to');
    }
    return this.tx.run(async (manager) => {
      const briefing = await this.access.require(manager, auth.ability, input.briefingId, 'read');
      if (briefing.status !== 'PUBLISHED') throw notFound('Briefing');
      const id = newId();
      await manager.insert(ShareRequestEntity, {
        id, briefingId: briefing.id, requestedBy: actor.userId, requestingOrganisationId: input.organisationId,
        organisationIds: [...new Set(input.organisationIds)], newTlp: input.tlp ?? null, reason: input.reason,
        status: 'PENDING', decidedBy: null, decidedAt: null,
      });
      await this.audit.record(manager, {
        actorUserId: actor.userId, action: 'briefing.share_requested', organisationId: briefing.publisherOrganisationId,
        subjectType: 'Briefing', subjectId: briefing.id, metadata: { requestingOrganisationId: input.organisationId, organisations: input.organisationIds.length },
      });
      await this.outbox.add(manager, 'briefing.share_requested', { briefingId: briefing.id, requestId: id });
      return manager.findOneByOrFail(ShareRequestEntity, { id });
    });
  }

  /** Approval applies the change (validated like any classification); declining changes nothing else. */
  async decide(auth: RequestAuth, requestId: string, approve: boolean): Promise<ShareRequestEntity> {
    return this.tx.run(async (manager) => {
      const request = await manager.findOne(ShareRequestEntity, { where: { id: requestId }, lock: { mode: 'pessimistic_write' } });
      if (!request) throw notFound('Share request');
      // Only the source decides; anyone else learns nothing about the request.
      const briefing = await this.access.require(manager, auth.ability, request.briefingId, 'read', true).catch(() => null);
      if (!briefing || !(await this.isSource(auth, request.briefingId))) throw notFound('Share request');
      if (request.status !== 'PENDING') throw conflict('This request was already decided', 'requestId');
      if (approve) {
        await this.writing.applyClassification(manager, briefing, auth.actor!.userId, {
          tlp: request.newTlp,
          add: { userIds: [], organisationIds: request.organisationIds, networks: [] },
        });
      }
      await manager.update(ShareRequestEntity, { id: requestId }, { status: approve ? 'APPROVED' : 'DECLINED', decidedBy: auth.actor!.userId, decidedAt: new Date() });
      await this.audit.record(manager, {
        actorUserId: auth.actor!.userId, action: approve ? 'briefing.share_approved' : 'briefing.share_declined',
        organisationId: briefing.publisherOrganisationId, subjectType: 'Briefing', subjectId: briefing.id,
        metadata: { requestingOrganisationId: request.requestingOrganisationId },
      });
      // The requesting organisation learns the decision, not who of the source made it: that person can
      // name the originating organisation of a briefing published on behalf.
      await this.audit.record(manager, {
        actorUserId: null, action: approve ? 'briefing.share_approved' : 'briefing.share_declined',
        organisationId: request.requestingOrganisationId, subjectType: 'Briefing', subjectId: briefing.id,
      });
      await this.outbox.add(manager, 'briefing.share_decided', { briefingId: briefing.id, requestId, approved: approve });
      return manager.findOneByOrFail(ShareRequestEntity, { id: requestId });
    });
  }

  /** The source sees every request; a requesting organisation sees its own. */
  async list(auth: RequestAuth, briefingId: string): Promise<ShareRequestEntity[]> {
    await this.access.require(this.dataSource.manager, auth.ability, briefingId, 'read');
    const qb = this.dataSource.getRepository(ShareRequestEntity).createQueryBuilder('r').where('r.briefing_id = :briefingId', { briefingId });
    if (!(await this.isSource(auth, briefingId))) {
      qb.andWhere('r.requesting_organisation_id = ANY(:mine)', { mine: organisationIdsOf(auth.actor!) });
    }
    return qb.orderBy('r.created_at', 'DESC').addOrderBy('r.id', 'DESC').limit(100).getMany();
  }

  private async isSource(auth: RequestAuth, briefingId: string): Promise<boolean> {
    const qb = this.dataSource.createQueryBuilder().select('1').from('briefings', 'b').where('b.id = :briefingId', { briefingId });
    const row = await this.access.allowed(qb, auth.ability, 'decideShareRequest').getRawOne();
    return !!row;
  }
}
