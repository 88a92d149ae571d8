import { Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppLogger } from '@sw/config';
import { RealtimeServerRef } from './realtime-server.ref.js';
import { type ClientEventMap, type ClientEventName, type RoomName, sessionRoom, userRoom } from './realtime.types.js';

/**
 * How domains push to clients. Emits go through the adapter, so they reach sockets on every
 * instance. Call it after the change committed (from an EventBus handler), never inside a transaction.
 */
@Injectable()
export class RealtimePublisher {
  private readonly log: Logger;

  constructor(
    private readonly ref: RealtimeServerRef,
    logger: AppLogger,
  ) {
    this.log = logger.pino.child({ context: 'realtime' });
  }

  /** To every socket of one user (all their sessions, all instances). */
  toUser<E extends ClientEventName>(userId: string, event: E, payload: ClientEventMap[E]): void {
    this.toRoom(userRoom(userId), event, payload);
  }

  /** To every socket the server has put in `room`. */
  toRoom<E extends ClientEventName>(room: RoomName, event: E, payload: ClientEventMap[E]): void {
    const server = this.ref.server;
    if (!server) {
      this.log.warn({ event }, 'realtime server not started; event dropped');
      return;
    }
    // socket.io cannot relate a generic event name to its payload; ClientEventMap[E] already does.
    const target = server.to(room) as unknown as { emit(event: E, payload: ClientEventMap[E]): boolean };
    target.emit(event, payload);
  }

  /** Drops every socket of these sessions, with the underlying connection, on all instances. */
  disconnectSessions(sessionIds: readonly string[]): void {
    const server = this.ref.server;
    if (!server || sessionIds.length === 0) return;
    server.in(sessionIds.map(sessionRoom)).disconnectSockets(true);
  }

  /** Takes a user's sockets out of a room when a permission is lost (SECURITY.md 20). */
  removeUserFromRoom(userId: string, room: RoomName): void {
    const server = this.ref.server;
    if (!server) return;
    server.in(userRoom(userId)).socketsLeave(room);
  }
}
