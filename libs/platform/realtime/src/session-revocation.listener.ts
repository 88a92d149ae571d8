import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppLogger } from '@sw/config';
import { type DomainEvent, EventBus } from '@sw/events';
import { RealtimePublisher } from './realtime.publisher.js';

export const SESSION_REVOKED = 'session.revoked';

/**
 * Ended sessions lose their sockets at once, on every instance (SECURITY.md 12, 13): identity
 * writes `session.revoked` in the transaction that ends them, and the relay hands it here after
 * commit. Redelivery only disconnects sockets that are already gone.
 */
@Injectable()
export class SessionRevocationListener implements OnModuleInit {
  private readonly log: Logger;

  constructor(
    private readonly bus: EventBus,
    private readonly publisher: RealtimePublisher,
    logger: AppLogger,
  ) {
    this.log = logger.pino.child({ context: 'realtime' });
  }

  onModuleInit(): void {
    this.bus.on(SESSION_REVOKED, 'realtime.disconnect-revoked', (event) => this.handle(event));
  }

  handle(event: DomainEvent): void {
    const sessionIds = event.payload['sessionIds'];
    if (!Array.isArray(sessionIds) || !sessionIds.every((id): id is string => typeof id === 'string')) {
      this.log.error({ eventId: event.id }, 'session.revoked without a list of session ids; ignored');
      return;
    }
    this.publisher.disconnectSessions(sessionIds);
  }
}
