import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { AppLogger } from '@sw/config';
import { AppError } from '@sw/graphql';
import { TokenBucket } from './rate-limit.js';
import { errorText, RealtimeSessions } from './realtime.sessions.js';
import { type InboundErrorCode, type InboundReply, type LiveAuth, REALTIME_LIMITS, type RealtimeSocket } from './realtime.types.js';

export type InboundHandler<T, R> = (payload: T, context: LiveAuth & { socket: RealtimeSocket }) => R | Promise<R>;

// Names socket.io or Node give a meaning of their own: a handler there would never be a client event.
const RESERVED = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'error', 'newListener', 'removeListener']);

interface Registration {
  schema: z.ZodType<unknown>;
  handler: InboundHandler<unknown, unknown>;
}

type Ack = (answer: InboundReply) => void;

const failure = (code: InboundErrorCode, message: string): InboundReply<never> => ({ ok: false, error: { code, message } });

/**
 * Everything a client sends passes through here: a per-socket rate limit on every packet, then,
 * for events registered with `register`, a fresh session check, payload validation and a handler whose
 * failures are answered and logged (without the payload) but never reach the process.
 */
@Injectable()
export class RealtimeInbound {
  private readonly log: Logger;
  private readonly events = new Map<string, Registration>();
  private readonly userBuckets = new Map<string, TokenBucket>();

  constructor(
    private readonly sessions: RealtimeSessions,
    logger: AppLogger,
  ) {
    this.log = logger.pino.child({ context: 'realtime' });
    sessions.onUserGone((userId) => this.userBuckets.delete(userId));
  }

  /**
   * Installed on every socket at the handshake: every packet takes a token from the socket's bucket
   * and from its user's (shared by their sockets on this instance), both made at the socket's first
   * packet (an idle socket holds neither). A refused event is answered RATE_LIMITED (if it asked for
   * an ack) and dropped; a flood drops the socket. An event nobody registered is answered
   * BAD_USER_INPUT and dropped; a registered one is dispatched from here, so a socket carries no
   * listener per event.
   */
  limit(socket: RealtimeSocket): void {
    const userId = socket.data.userId;
    let bucket: TokenBucket | undefined;
    let refusedInARow = 0;
    socket.use((packet, _next) => {
      if (!socket.connected) return;
      bucket ??= new TokenBucket(REALTIME_LIMITS.eventBurst, REALTIME_LIMITS.eventWindowMs);
      if (bucket.take() && this.userBucket(userId).take()) {
        refusedInARow = 0;
        const registration = typeof packet[0] === 'string' ? this.events.get(packet[0]) : undefined;
        if (!registration) {
          // Answered rather than dropped, so a client waiting on an ack learns why (the name is not echoed).
          const ack: unknown = packet[packet.length - 1];
          if (typeof ack === 'function') safeAck(ack as Ack, failure('BAD_USER_INPUT', 'Unknown event'));
          return;
        }
        if (socket.connected) void this.dispatch(socket, packet[0] as string, registration.schema, registration.handler, packet.slice(1));
        return;
      }
      refusedInARow += 1;
      const ack: unknown = packet[packet.length - 1];
      if (typeof ack === 'function') safeAck(ack as Ack, failure('RATE_LIMITED', 'Too many events; slow down'));
      if (refusedInARow === REALTIME_LIMITS.floodDisconnectAfter) {
        this.log.warn({ userId: socket.data.userId }, 'realtime socket dropped: event flood');
        socket.disconnect(true);
      }
    });
  }

  /**
   * Registers an inbound event for every socket, from a domain's onModuleInit. The client sends one
   * payload and an ack callback; the ack receives `{ ok: true, data }` or
   * `{ ok: false, error: { code, message } }`. The handler runs only for a live session, with the
   * caller's fresh ability: authorise every event again (SECURITY.md 23).
   */
  register<T, R>(event: string, schema: z.ZodType<T>, handler: InboundHandler<T, R>): void {
    if (RESERVED.has(event) || event.length === 0 || event.length > 64) throw new Error(`"${event}" cannot be an inbound event name`);
    if (this.events.has(event)) throw new Error(`inbound event "${event}" registered twice`);
    this.events.set(event, { schema, handler: handler as InboundHandler<unknown, unknown> });
  }

  /** The bucket a user's sockets on this instance share; dropped with their last socket. */
  private userBucket(userId: string): TokenBucket {
    let bucket = this.userBuckets.get(userId);
    if (!bucket) {
      bucket = new TokenBucket(REALTIME_LIMITS.userEventBurst, REALTIME_LIMITS.eventWindowMs);
      this.userBuckets.set(userId, bucket);
    }
    return bucket;
  }

  private async dispatch(socket: RealtimeSocket, event: string, schema: z.ZodType<unknown>, handler: InboundHandler<unknown, unknown>, args: unknown[]): Promise<void> {
    const last = args[args.length - 1];
    const ack = typeof last === 'function' ? (last as Ack) : null;
    const payloads = ack ? args.slice(0, -1) : args;
    const reply = (answer: InboundReply) => {
      if (ack) safeAck(ack, answer);
    };
    try {
      const auth = await this.sessions.ensureLive(socket);
      if (!auth) return;
      if (payloads.length !== 1) return reply(failure('BAD_USER_INPUT', 'Send exactly one payload'));
      const parsed = schema.safeParse(payloads[0]);
      if (!parsed.success) return reply(failure('BAD_USER_INPUT', describeIssues(parsed.error)));
      const data = await handler(parsed.data, { ...auth, socket });
      reply({ ok: true, data });
    } catch (error) {
      if (error instanceof AppError) return reply(failure(error.code, error.message));
      const correlationId = randomUUID();
      this.log.error({ event, userId: socket.data.userId, correlationId, err: errorText(error) }, 'realtime event handler failed');
      reply(failure('INTERNAL_SERVER_ERROR', `Internal error (reference ${correlationId})`));
    }
  }
}

/** Where a payload is wrong, without echoing what was sent. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'payload'}: ${issue.message}`)
    .join('; ');
}

function safeAck(ack: Ack, answer: InboundReply): void {
  try {
    ack(answer);
  } catch {
    // An ack on a socket that has just gone away: nothing left to tell.
  }
}
