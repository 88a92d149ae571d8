import { Injectable } from '@nestjs/common';
import { subject } from '@casl/ability';
import type { EntityManager } from 'typeorm';
import { type AudienceCandidate, IdentityDirectory } from '@sw/identity';
import type { ThreadEntity } from './thread.entity.js';
import { type AudienceMember, ThreadSubjects } from './thread-subjects.js';

export type ThreadSpace = Pick<ThreadEntity, 'spaceKind' | 'spaceNetworkId' | 'spaceOrganisationId' | 'subjectId' | 'createdBy'>;

/**
 * Everyone who may read a thread now: for mentions, `@thread`, "seen by" and who may stay in its
 * room. A network's or organisation's space: whoever the discussions policy lets read the thread,
 * as identity answers it (IdentityDirectory.peopleWhoCan: the same rules as every request, with
 * identity's own rule for which memberships count). A thread on an item: its domain's provider.
 */
@Injectable()
export class ThreadAudience {
  constructor(
    private readonly subjects: ThreadSubjects,
    private readonly directory: IdentityDirectory,
  ) {}

  /** `among`: only these users (one person, or the people in a room). */
  async of(db: EntityManager, thread: ThreadSpace, among?: readonly string[]): Promise<AudienceMember[]> {
    let rows: AudienceMember[];
    if (thread.spaceKind === 'NETWORK' || thread.spaceKind === 'ORGANISATION') {
      rows = await this.directory.peopleWhoCan(db, 'read', spaceCandidates(thread), among);
    } else {
      const provider = this.subjects.provider(thread.spaceKind);
      rows = provider && thread.subjectId ? await provider.audience(db, thread.subjectId, among) : [];
      if (among) rows = rows.filter((r) => among.includes(r.userId));
    }
    // Someone reading through an organisation is counted there, not again on their own.
    const throughOrganisation = new Set(rows.filter((r) => r.organisationId !== null).map((r) => r.userId));
    return rows.filter((r) => r.organisationId !== null || !throughOrganisation.has(r.userId));
  }

  /** Whether one user is in the audience now, from the database (not from a cached session). */
  async includes(db: EntityManager, thread: ThreadSpace, userId: string): Promise<boolean> {
    return (await this.of(db, thread, [userId])).length > 0;
  }

  async userIds(db: EntityManager, thread: ThreadSpace, among?: readonly string[]): Promise<Set<string>> {
    return new Set((await this.of(db, thread, among)).map((m) => m.userId));
  }
}

/** The holders of a space who might read its threads; the discussions policy says which of them do. */
function spaceCandidates(thread: ThreadSpace): AudienceCandidate[] {
  const candidate = subject('Thread', {
    spaceNetworkId: thread.spaceNetworkId, spaceOrganisationId: thread.spaceOrganisationId, createdBy: thread.createdBy,
  });
  if (thread.spaceKind === 'NETWORK') {
    const networkId = thread.spaceNetworkId!;
    return [{ principal: { kind: 'NETWORK', networkId }, subject: candidate }, { principal: { kind: 'COORDINATORS', networkId }, subject: candidate }];
  }
  return [{ principal: { kind: 'ORGANISATION', organisationId: thread.spaceOrganisationId! }, subject: candidate }];
}
