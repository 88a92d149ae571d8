import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type DomainEvent, EventBus } from '@sw/events';
import { RealtimePublisher } from '@sw/realtime';
import { ThreadAudience } from './thread-audience.js';
import { ThreadDelivery } from './thread-delivery.js';
import { AUDIENCE_CHANGED } from './thread-subjects.js';
import { ThreadEntity } from './thread.entity.js';

const CONSUMER = 'discussions.realtime';
type ChangeEvent = 'message.updated' | 'message.deleted' | 'reaction.changed';

const ids = (event: DomainEvent) => ({
  threadId: String(event.payload['threadId']),
  messageId: String(event.payload['messageId']),
});

/**
 * Committed changes (relayed from the outbox, at least once) become signals to every instance's
 * ThreadDelivery and notifications to users' own rooms. Everything here is safe to repeat:
 * delivery reads the state it sends and skips what a socket already has.
 */
@Injectable()
export class DiscussionsEvents implements OnModuleInit {
  constructor(
    private readonly bus: EventBus,
    private readonly dataSource: DataSource,
    private readonly delivery: ThreadDelivery,
    private readonly publisher: RealtimePublisher,
    private readonly audience: ThreadAudience,
  ) {}

  onModuleInit(): void {
    this.bus.on('discussions.message_posted', CONSUMER, (event) => this.posted(event));
    const changes: [string, ChangeEvent][] = [
      ['discussions.message_updated', 'message.updated'],
      ['discussions.message_acknowledged', 'message.updated'],
      ['discussions.message_deleted', 'message.deleted'],
      ['discussions.reaction_changed', 'reaction.changed'],
    ];
    for (const [type, clientEvent] of changes) {
      this.bus.on(type, CONSUMER, (event) => this.delivery.signal({ ...ids(event), kind: 'message', event: clientEvent }));
    }
    this.bus.on('discussions.thread_updated', CONSUMER, (event) => this.delivery.signal({ threadId: ids(event).threadId, kind: 'thread' }));
    this.bus.on('discussions.messages_purged', CONSUMER, (event) =>
      this.delivery.signal({ threadId: ids(event).threadId, kind: 'purged', throughSeq: Number(event.payload['throughSeq']) }));
    this.bus.on(AUDIENCE_CHANGED, CONSUMER, (event) => this.audienceChanged(event));
    this.bus.on('discussions.ack_reminder', CONSUMER, (event) => this.remind(event, 'ACK_REMINDER'));
  }

  private async posted(event: DomainEvent): Promise<void> {
    const { threadId, messageId } = ids(event);
    this.delivery.signal({ threadId, kind: 'messages' });
    if (event.payload['notify'] === false) return;
    const mentioned: { user_id: string }[] = await this.dataSource.query(
      `SELECT mm.user_id FROM message_mentions mm JOIN messages m ON m.id = mm.message_id
       WHERE mm.message_id = $1 AND mm.user_id <> m.author_id AND m.deleted_at IS NULL`,
      [messageId],
    );
    for (const { user_id } of mentioned) this.publisher.toUser(user_id, 'notification.created', { kind: 'MENTION', threadId, messageId });
    await this.remind(event, 'ACK_REQUESTED');
  }

  /** To every reader who has not acknowledged a message that asks for it (its author excepted). */
  private async remind(event: DomainEvent, kind: 'ACK_REQUESTED' | 'ACK_REMINDER'): Promise<void> {
    const { threadId, messageId } = ids(event);
    const [message]: { author_id: string }[] = await this.dataSource.query(
      'SELECT author_id FROM messages WHERE id = $1 AND acknowledgement_requested AND deleted_at IS NULL', [messageId]);
    if (!message) return;
    const thread = await this.dataSource.getRepository(ThreadEntity).findOneBy({ id: threadId });
    if (!thread) return;
    const acknowledged = new Set(
      ((await this.dataSource.query('SELECT user_id FROM message_acknowledgements WHERE message_id = $1', [messageId])) as { user_id: string }[])
        .map((r) => r.user_id),
    );
    for (const userId of await this.audience.userIds(this.dataSource.manager, thread)) {
      if (userId !== message.author_id && !acknowledged.has(userId)) this.publisher.toUser(userId, 'notification.created', { kind, threadId, messageId });
    }
  }

  private async audienceChanged(event: DomainEvent): Promise<void> {
    const rows: { id: string }[] = await this.dataSource.query(
      'SELECT id FROM threads WHERE space_kind = $1 AND subject_id = $2', [String(event.payload['kind']), String(event.payload['subjectId'])]);
    for (const { id } of rows) this.delivery.signal({ threadId: id, kind: 'recheck' });
  }
}
