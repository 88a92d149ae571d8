import { randomUUID } from 'node:crypto';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { InboundReply, ThreadMessageEvent } from '@sw/realtime';
import type { Client, GraphqlResult, TestApp } from './test-app.js';

export const WAIT_MS = 10_000;
/** A loosely typed JSON answer, as Client.gql gives by default: tests read the fields they asked for. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = Record<string, any>;
export const PASSPHRASE = 'a long enough fictional passphrase';

/** Real socket.io clients of a test, closed together. */
export class Sockets {
  private readonly open: Socket[] = [];

  connect(url: string, token: string | null, options: Partial<ManagerOptions & SocketOptions> = {}): Socket {
    const socket = io(url, { path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true, timeout: WAIT_MS, auth: { token }, ...options });
    this.open.push(socket);
    return socket;
  }

  /** Connects and waits for session.ready. */
  async ready(url: string, token: string | null): Promise<Socket> {
    const socket = this.connect(url, token);
    const { event, arg } = await next(socket, ['session.ready', 'connect_error']);
    if (event === 'connect_error') throw new Error(`connect_error: ${(arg as Error).message}`);
    return socket;
  }

  closeAll(): void {
    for (const socket of this.open) socket.disconnect();
  }
}

/** The first of `events` the socket emits, with its argument. */
export function next(socket: Socket, events: string[], ms = WAIT_MS): Promise<{ event: string; arg: unknown }> {
  return new Promise((resolve, reject) => {
    const handlers = events.map((event) => {
      const handler = (arg: unknown) => {
        cleanup();
        resolve({ event, arg });
      };
      socket.once(event, handler);
      return [event, handler] as const;
    });
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`none of ${events.join(', ')} within ${ms} ms`));
    }, ms);
    const cleanup = () => {
      clearTimeout(timer);
      for (const [event, handler] of handlers) socket.off(event, handler);
    };
  });
}

export const ask = <T = Loose>(socket: Socket, event: string, payload: unknown): Promise<InboundReply<T>> =>
  socket.timeout(WAIT_MS).emitWithAck(event, payload) as Promise<InboundReply<T>>;

/** The data of a successful ack; throws with the error otherwise. */
export async function ok<T = Loose>(socket: Socket, event: string, payload: unknown): Promise<T> {
  const reply = await ask<T>(socket, event, payload);
  if (!reply.ok) throw new Error(`${event} failed: ${JSON.stringify(reply.error)}`);
  return reply.data;
}

/** Everything a socket receives of one event, from now on. */
export function record<T = unknown>(socket: Socket, event: string): T[] {
  const received: T[] = [];
  socket.on(event, (arg: T) => received.push(arg));
  return received;
}

export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, ms = WAIT_MS): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Waits until the message with seq `through` has arrived, then returns the seqs received, in
 * arrival order (delivery is in seq order, so whatever came before it has arrived too).
 */
export async function seqsWhenComplete(received: ThreadMessageEvent[], through: number, what: string): Promise<number[]> {
  await waitFor(() => received.some((m) => m.seq === through), what);
  return received.map((m) => m.seq);
}

export function data<T = Loose>(result: GraphqlResult<T>): T {
  if (result.errors || !result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

export const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** New members of an organisation, invited by its admin and signed in through the API. */
export async function addMembers(t: TestApp, admin: Client, organisationId: string, names: string[]): Promise<{ name: string; client: Client; userId: string }[]> {
  const members = [];
  for (const name of names) {
    const issued = data(await admin.gql<{ createInvitation: { token: string } }>(
      'mutation($input: CreateInvitationInput!) { createInvitation(input: $input) { token } }',
      { input: { organisationId, email: `${name}@demo.invalid`, role: 'MEMBER' } },
    ));
    const accepted = data(await t.client().gql<{ acceptInvitation: { token: string; viewer: { id: string } } }>(
      'mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { token viewer { id } } }',
      { input: { token: issued.createInvitation.token, password: PASSPHRASE, displayName: name } },
    ));
    members.push({ name, client: t.client(accepted.acceptInvitation.token), userId: accepted.acceptInvitation.viewer.id });
  }
  return members;
}

// ---- GraphQL operations used across the discussion tests ----------------------------------------
export const MESSAGE_FIELDS = 'id seq version body bodyHtml deletedAt editedAt replyToId importance acknowledgementRequested acknowledgementCount acknowledgedByMe mentionedUserIds mentionsThread reactions { emoji count reactedByMe } author { id displayName }';

export async function openThread(client: Client, spaceKind: string, spaceId: string, title = 'A thread', retentionDays: number | null = null): Promise<string> {
  const result = await client.gql<{ createThread: { id: string } }>(
    'mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }',
    { input: { spaceKind, spaceId, title, retentionDays } },
  );
  return data(result).createThread.id;
}

export const postMessage = (client: Client, threadId: string, body: string, extra: Record<string, unknown> = {}) =>
  client.gql<{ postMessage: Loose }>(
    `mutation($input: PostMessageInput!) { postMessage(input: $input) { ${MESSAGE_FIELDS} } }`,
    { input: { threadId, clientId: randomUUID(), body, ...extra } },
  );

export async function post(client: Client, threadId: string, body: string, extra: Record<string, unknown> = {}): Promise<Loose> {
  return data(await postMessage(client, threadId, body, extra)).postMessage;
}
