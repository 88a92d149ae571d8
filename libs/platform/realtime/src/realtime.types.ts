import type { Server, Socket } from 'socket.io';
import type { Actor, AppAbility } from '@sw/authz';
import type { ErrorCode } from '@sw/graphql';
import type { ThreadClientEvents } from './client-events.js';

/**
 * Every event the server sends to clients, by name, with its payload. Domains add their events
 * here as they start emitting them; nothing else can be sent (RealtimePublisher is typed by it).
 */
export interface ClientEventMap extends ThreadClientEvents {
  /** Sent once the handshake is accepted and the session was checked again after joining its rooms. */
  'session.ready': { sessionId: string };
}
export type ClientEventName = keyof ClientEventMap;

export type ServerToClientEvents = { [E in ClientEventName]: (payload: ClientEventMap[E]) => void };
/** Inbound events are untrusted: each handler validates its payload (see RealtimeInbound.on). */
export type ClientToServerEvents = Record<string, (...args: unknown[]) => void>;
/** Between instances of the API (through the adapter): see RealtimeInstances. */
export interface InterServerEvents {
  'realtime.relay': (channel: string, payload: Record<string, unknown>) => void;
}

/** What the server keeps on a socket. It travels between instances (fetchSockets): never put the token here. */
export interface SocketData {
  userId: string;
  sessionId: string;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Rooms are joined by the server only; clients never name a room. */
export type RoomName = `user:${string}` | `session:${string}` | `thread:${string}`;
export const userRoom = (userId: string): RoomName => `user:${userId}`;
export const sessionRoom = (sessionId: string): RoomName => `session:${sessionId}`;
export const threadRoom = (threadId: string): RoomName => `thread:${threadId}`;

/** The caller behind a socket, re-read from the database at most a second ago. */
export interface LiveAuth {
  actor: Actor;
  ability: AppAbility;
}

/** The acknowledgement every inbound event answers with. */
export type InboundErrorCode = ErrorCode | 'INTERNAL_SERVER_ERROR';
export type InboundReply<T = unknown> =
  | { ok: true; data: T }
  | { ok: false; error: { code: InboundErrorCode; message: string } };

/** Limits of the socket layer (SECURITY.md 24). */
export const REALTIME_LIMITS = {
  /** Largest frame a client may send; a bigger one closes that connection. */
  maxHttpBufferSize: 64 * 1024,
  /** Inbound events per socket: a bucket of `eventBurst` refilled over `eventWindowMs`. */
  eventBurst: 20,
  eventWindowMs: 10_000,
  /** Inbound events per user across their sockets on one instance, over the same window. */
  userEventBurst: 60,
  /** Refused events in a row after which the socket is dropped as a flood. */
  floodDisconnectAfter: 40,
  /** Sockets one user may hold on one instance. */
  connectionsPerUser: 20,
  /** How long an inbound event may rely on the last session check. */
  liveCheckMs: 1_000,
  /** How often each instance looks for sockets whose session has expired (an expiry sends no event). */
  expirySweepMs: 60_000,
  /** Sessions asked about in one statement by that sweep. */
  expirySweepBatch: 5_000,
  /** An engine connection that has not joined a namespace by then is closed. */
  connectTimeoutMs: 10_000,
} as const;
