import { io, type Socket } from 'socket.io-client';

/** What every acknowledged socket event answers (see the API's realtime protocol). */
export type Reply<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

export type ConnectionStatus = 'connecting' | 'online' | 'offline';

/** A socket failure carried like an API failure, so screens show it the same way. */
export class RealtimeError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/**
 * The one socket.io connection of the app, authenticated by the session cookie at the handshake.
 * It reconnects by itself; listeners registered with `on` survive reconnects, and `onReconnect`
 * lets a thread resubscribe with the last seq it has, so nothing is missed.
 */
class Realtime {
  private socket: Socket | null = null;
  private status: ConnectionStatus = 'offline';
  private readonly statusListeners = new Set<() => void>();
  private readonly reconnectListeners = new Set<() => void>();

  start(): Socket {
    if (this.socket) return this.socket;
    const socket = io({ path: '/socket.io', withCredentials: true, transports: ['websocket', 'polling'], reconnectionDelayMax: 10_000 });
    this.socket = socket;
    this.setStatus('connecting');
    // The API sends `session.ready` once the session is checked: only then is the socket usable.
    socket.on('session.ready', () => {
      this.setStatus('online');
      for (const listener of this.reconnectListeners) listener();
    });
    socket.on('disconnect', () => this.setStatus('offline'));
    socket.on('connect_error', () => this.setStatus('offline'));
    return socket;
  }

  stop(): void {
    this.socket?.disconnect();
    this.socket = null;
    this.setStatus('offline');
  }

  getStatus = (): ConnectionStatus => this.status;

  subscribeStatus = (listener: () => void): (() => void) => {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  };

  /** Called on every (re)authenticated connection, including the first. */
  onReady(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    if (this.status === 'online') listener();
    return () => this.reconnectListeners.delete(listener);
  }

  on<T>(event: string, handler: (payload: T) => void): () => void {
    const socket = this.start();
    socket.on(event, handler);
    return () => socket.off(event, handler);
  }

  /** Emits and waits for the acknowledgement; rejects with a RealtimeError the screen can show. */
  async request<T>(event: string, payload: unknown, timeoutMs = 10_000): Promise<T> {
    const socket = this.start();
    let reply: Reply<T>;
    try {
      reply = (await socket.timeout(timeoutMs).emitWithAck(event, payload)) as Reply<T>;
    } catch {
      throw new RealtimeError('network', 'No answer from the server');
    }
    if (!reply.ok) throw new RealtimeError(reply.error.code, reply.error.message);
    return reply.data;
  }

  /** Fire and forget (typing, presence). */
  emit(event: string, payload: unknown): void {
    this.socket?.emit(event, payload);
  }

  private setStatus(status: ConnectionStatus): void {
    if (status === this.status) return;
    this.status = status;
    for (const listener of this.statusListeners) listener();
  }
}

export const realtime = new Realtime();
