import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Logger } from 'pino';
import { type Actor, PolicyRegistry, SESSION_AUTHENTICATOR, type SessionAuthenticator, tokenFrom } from '@sw/authz';
import { AppLogger } from '@sw/config';
import { ConnectionCounter } from './rate-limit.js';
import { type LiveAuth, REALTIME_LIMITS, type RealtimeServer, type RealtimeSocket, sessionRoom, userRoom } from './realtime.types.js';

/** Why a handshake was refused: the client's connect_error carries exactly this message. */
export type HandshakeRefusal = 'UNAUTHENTICATED' | 'TOO_MANY_CONNECTIONS' | 'UNAVAILABLE';

const refuse = (reason: HandshakeRefusal): Error => new Error(reason);

/**
 * The session token a handshake presents: `auth.token`, else the Authorization header or the
 * session cookie. Never the query string (it ends up in proxy and access logs).
 */
export function handshakeToken(handshake: Pick<RealtimeSocket['handshake'], 'auth' | 'headers'>): string | null {
  const auth = handshake.auth as Record<string, unknown> | undefined;
  if (auth && auth['token'] !== undefined) {
    const token = auth['token'];
    return typeof token === 'string' ? tokenFrom({ authorization: `Bearer ${token}` }) : null;
  }
  return tokenFrom(handshake.headers);
}

interface LiveCheck {
  until: number;
  /** The session re-read from the database: its actor, or null when it has ended. */
  actor: Promise<Actor | null>;
  /** The ability, built from that actor only once an inbound event needs it. */
  auth?: Promise<LiveAuth | null>;
}

/**
 * Sessions behind sockets: authenticates the handshake (SECURITY.md 21), caps sockets per user,
 * puts a socket in its rooms and checks the session again before inbound events (ensureLive).
 * A session that merely expires sends no event, so every minute each instance drops the sockets
 * whose session has ended (sweepEnded): a device left open does not keep receiving.
 * The token stays in this process's memory only, never in socket.data (which other instances can read).
 */
@Injectable()
export class RealtimeSessions implements OnApplicationShutdown {
  private authenticator?: SessionAuthenticator;
  private readonly tokens = new WeakMap<RealtimeSocket, string>();
  private readonly checks = new WeakMap<RealtimeSocket, LiveCheck>();
  private readonly connections = new ConnectionCounter(REALTIME_LIMITS.connectionsPerUser);
  private readonly userGone: ((userId: string) => void)[] = [];
  private readonly log: Logger;
  private server?: RealtimeServer;
  private sweep?: NodeJS.Timeout;

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly policies: PolicyRegistry,
    logger: AppLogger,
  ) {
    this.log = logger.pino.child({ context: 'realtime' });
  }

  /** `io.use` middleware: refuses with UNAUTHENTICATED, TOO_MANY_CONNECTIONS or UNAVAILABLE. */
  readonly handshake = (socket: RealtimeSocket, next: (error?: Error) => void): void => {
    this.admit(socket).then(
      () => next(),
      (error: unknown) => next(error instanceof Error ? error : refuse('UNAVAILABLE')),
    );
  };

  /** `connection` handler: joins the socket's own rooms, checks the session once more, then says ready. */
  readonly connected = (socket: RealtimeSocket): void => {
    this.settle(socket).catch((error: unknown) => {
      this.log.error({ userId: socket.data.userId, err: errorText(error) }, 'realtime connection setup failed');
      socket.disconnect(true);
    });
  };

  /**
   * Call before handling any inbound event: the session re-read from the database (a result at most
   * `liveCheckMs` old), or null after disconnecting the socket when the session has ended.
   * Rejects when the database cannot answer (the event should fail; the socket stays).
   */
  ensureLive(socket: RealtimeSocket): Promise<LiveAuth | null> {
    const cached = this.checks.get(socket);
    const entry = cached && cached.until > performance.now() ? cached : this.check(socket);
    entry.auth ??= entry.actor.then((actor) => (actor ? { actor, ability: this.policies.abilityFor(actor) } : null));
    return entry.auth;
  }

  /** Starts the periodic sweep over this instance's sockets (the gateway calls it once the server exists). */
  watchExpiry(server: RealtimeServer): void {
    this.server = server;
    this.sweep ??= setInterval(() => {
      this.sweepEnded().catch((error: unknown) => this.log.error({ err: errorText(error) }, 'realtime expiry sweep failed; tried again in a minute'));
    }, REALTIME_LIMITS.expirySweepMs).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweep);
  }

  /** Disconnects this instance's sockets whose session has expired, been revoked or whose user was suspended. Returns how many. */
  async sweepEnded(): Promise<number> {
    const bySession = new Map<string, RealtimeSocket[]>();
    for (const namespace of this.server?._nsps.values() ?? []) {
      for (const socket of namespace.sockets.values()) {
        const { sessionId } = socket.data;
        if (!sessionId) continue;
        const held = bySession.get(sessionId);
        if (held) held.push(socket);
        else bySession.set(sessionId, [socket]);
      }
    }
    const ids = [...bySession.keys()];
    let dropped = 0;
    for (let i = 0; i < ids.length; i += REALTIME_LIMITS.expirySweepBatch) {
      const batch = ids.slice(i, i + REALTIME_LIMITS.expirySweepBatch);
      const live = await this.sessionAuthenticator().liveSessions(batch);
      for (const id of batch) {
        if (live.has(id)) continue;
        for (const socket of bySession.get(id)!) {
          if (!socket.connected) continue;
          socket.disconnect(true);
          dropped++;
        }
      }
    }
    if (dropped > 0) this.log.info({ count: dropped }, 'realtime sockets dropped: their session has ended');
    return dropped;
  }

  /** Sockets a user holds on this instance (diagnostics and tests). */
  connectionsOf(userId: string): number {
    return this.connections.held(userId);
  }

  /** Calls `listener` when a user's last socket on this instance has gone (for per-user state kept elsewhere). */
  onUserGone(listener: (userId: string) => void): void {
    this.userGone.push(listener);
  }

  private async admit(socket: RealtimeSocket): Promise<void> {
    const token = handshakeToken(socket.handshake);
    if (!token) throw refuse('UNAUTHENTICATED');
    let actor: Actor | null;
    try {
      actor = await this.sessionAuthenticator().authenticate(token);
    } catch (error) {
      this.log.error({ err: errorText(error) }, 'realtime handshake could not check the session');
      throw refuse('UNAVAILABLE');
    }
    if (!actor) throw refuse('UNAUTHENTICATED');
    const { userId } = actor;
    const slot = this.connections.tryAcquire(userId);
    if (!slot) {
      this.log.warn({ userId }, 'realtime connection refused: too many sockets for this user');
      throw refuse('TOO_MANY_CONNECTIONS');
    }
    const release = () => {
      if (slot() === 0) for (const listener of this.userGone) listener(userId);
    };
    // Released when the socket disconnects, or when its connection closes without ever connecting it
    // (the client went away during the handshake, or a later middleware refused it). Release is idempotent.
    socket.on('disconnect', release);
    socket.conn.on('close', release);
    this.tokens.set(socket, token);
    socket.data = { userId, sessionId: actor.sessionId };
    forgetCredentials(socket.handshake);
  }

  private async settle(socket: RealtimeSocket): Promise<void> {
    const { userId, sessionId } = socket.data;
    if (!userId || !sessionId) {
      socket.disconnect(true);
      return;
    }
    await socket.join([userRoom(userId), sessionRoom(sessionId)]);
    // A revocation relayed between the handshake check and the join would have missed this socket;
    // a fresh check after joining closes that gap (later revocations find it in its session room).
    // The session only: the ability is built when an inbound event needs it (most sockets sit idle).
    const live = await this.check(socket).actor;
    if (live && socket.connected) socket.emit('session.ready', { sessionId });
  }

  private check(socket: RealtimeSocket): LiveCheck {
    const actor = this.reauthenticate(socket);
    const entry: LiveCheck = { until: performance.now() + REALTIME_LIMITS.liveCheckMs, actor };
    this.checks.set(socket, entry);
    const forget = () => {
      if (this.checks.get(socket) === entry) this.checks.delete(socket);
    };
    // A failed check (database unavailable) is not remembered: the next event asks again.
    actor.catch(forget);
    // Nor is a stale one kept: an idle socket would otherwise hold its actor and ability (tens of KiB) for good.
    setTimeout(forget, REALTIME_LIMITS.liveCheckMs).unref();
    return entry;
  }

  private async reauthenticate(socket: RealtimeSocket): Promise<Actor | null> {
    const token = this.tokens.get(socket);
    const actor = token && socket.connected ? await this.sessionAuthenticator().authenticate(token) : null;
    if (!actor || actor.sessionId !== socket.data.sessionId) {
      if (socket.connected) {
        this.log.info({ userId: socket.data.userId }, 'realtime socket dropped: session no longer valid');
        socket.disconnect(true);
      }
      return null;
    }
    return actor;
  }

  private sessionAuthenticator(): SessionAuthenticator {
    this.authenticator ??= this.moduleRef.get<SessionAuthenticator>(SESSION_AUTHENTICATOR, { strict: false });
    return this.authenticator;
  }
}

/**
 * Once the handshake is accepted, the token lives in RealtimeSessions only: not in `handshake`,
 * which stays on the socket for its lifetime and travels to other instances with fetchSockets.
 */
function forgetCredentials(handshake: RealtimeSocket['handshake']): void {
  const auth = handshake.auth as Record<string, unknown> | undefined;
  if (auth && 'token' in auth) handshake.auth = Object.fromEntries(Object.entries(auth).filter(([key]) => key !== 'token'));
  // A copy: the request's own headers are shared with the connection's other namespaces, which authenticate on their own.
  const { authorization: _authorization, cookie: _cookie, ...headers } = handshake.headers;
  handshake.headers = headers;
}

/** An error for the log: its kind and message, never a payload. */
export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
}
