import { Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppConfig, AppLogger } from '@sw/config';
import { RealtimeServerRef } from './realtime-server.ref.js';
import { errorText } from './realtime.sessions.js';
import type { RealtimeServer, RealtimeSocket, RoomName } from './realtime.types.js';

const RELAY_EVENT = 'realtime.relay';
const USERS_IN_TIMEOUT_MS = 2_000;

export type InstanceHandler = (payload: Record<string, unknown>) => void;

/**
 * Work every instance of the API must do for its own sockets (a domain that delivers per socket,
 * in an order of its own, rather than broadcasting to a room). Signals travel through the fan-out
 * adapter like room broadcasts do: at most once per instance, in no guaranteed order, so they
 * should carry ids and let each instance read the state it sends from the database.
 */
@Injectable()
export class RealtimeInstances {
  private readonly handlers = new Map<string, InstanceHandler>();
  private readonly log: Logger;

  constructor(
    private readonly ref: RealtimeServerRef,
    private readonly config: AppConfig,
    logger: AppLogger,
  ) {
    this.log = logger.pino.child({ context: 'realtime' });
  }

  /** Called by the gateway once the server exists. */
  listen(server: RealtimeServer): void {
    server.on(RELAY_EVENT, (channel, payload) => this.run(channel, payload));
  }

  /** Registers the handler of a channel (from a domain's onModuleInit). */
  on(channel: string, handler: InstanceHandler): void {
    if (this.handlers.has(channel)) throw new Error(`instance channel "${channel}" registered twice`);
    this.handlers.set(channel, handler);
  }

  /** Runs the channel's handler on this instance now and on every other instance when its signal arrives. */
  broadcast(channel: string, payload: Record<string, unknown>): void {
    this.run(channel, payload);
    const server = this.ref.server;
    // The in-memory adapter (one instance) has nobody to tell and warns on every server-side emit.
    if (server && this.config.realtimeAdapter !== 'none') server.serverSideEmit(RELAY_EVENT, channel, payload);
  }

  /** This instance's sockets in `room`, at this moment. */
  localSocketsIn(room: RoomName): RealtimeSocket[] {
    const namespace = this.ref.server?.of('/');
    const ids = namespace?.adapter.rooms.get(room);
    if (!namespace || !ids) return [];
    return [...ids].map((id) => namespace.sockets.get(id)).filter((socket): socket is RealtimeSocket => socket !== undefined);
  }

  /**
   * The users with a socket in `room` on any instance. Asks the other instances (and waits for
   * their answer); when one does not answer in time, falls back to this instance's sockets.
   */
  async usersIn(room: RoomName): Promise<Set<string>> {
    const server = this.ref.server;
    if (!server) return new Set();
    try {
      const sockets = await server.in(room).timeout(USERS_IN_TIMEOUT_MS).fetchSockets();
      return new Set(sockets.map((socket) => socket.data.userId));
    } catch (error) {
      this.log.warn({ err: errorText(error) }, 'other instances did not say who is in a room; answering for this one');
      return new Set(this.localSocketsIn(room).map((socket) => socket.data.userId));
    }
  }

  private run(channel: unknown, payload: unknown): void {
    const handler = typeof channel === 'string' ? this.handlers.get(channel) : undefined;
    if (!handler || typeof payload !== 'object' || payload === null) return;
    try {
      handler(payload as Record<string, unknown>);
    } catch (error) {
      this.log.error({ channel, err: errorText(error) }, 'instance signal handler failed');
    }
  }
}
