import type { RealtimeSocket } from '@sw/realtime';

export interface Subscription {
  socket: RealtimeSocket;
  /** The highest seq this socket has been sent (backlog or live). */
  delivered: number;
  /** The backlog was cut short: the client pages on with thread:subscribe before live messages resume. */
  catchingUp: boolean;
}

/** One thread on this instance: its subscribed sockets and a queue that runs its deliveries one at a time. */
export class Feed {
  readonly subscriptions = new Map<string, Subscription>();
  fetchQueued = false;
  pending = 0;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    readonly threadId: string,
    private readonly idle: (feed: Feed) => void,
  ) {}

  /** Runs after every step queued before it, and one event-loop turn later than the previous one, so an ack the caller writes goes out first. */
  run<T>(work: () => Promise<T>): Promise<T> {
    this.pending += 1;
    const result = this.tail.then(work);
    this.tail = result.then(nextTurn, nextTurn).finally(() => {
      this.pending -= 1;
      this.idle(this);
    });
    return result;
  }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
