import { type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { Namespace } from 'socket.io';
import type { Logger } from 'pino';
import { AppLogger } from '@sw/config';
import { RealtimeServerRef } from './realtime-server.ref.js';
import { RealtimeInbound } from './realtime.inbound.js';
import { RealtimeInstances } from './realtime.instances.js';
import { errorText, RealtimeSessions } from './realtime.sessions.js';
import type { ClientToServerEvents, InterServerEvents, RealtimeServer, RealtimeSocket, ServerToClientEvents, SocketData } from './realtime.types.js';

export const REALTIME_PATH = '/socket.io';

type RealtimeNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/**
 * The socket.io server on the API's own HTTP server. Authentication is handshake middleware
 * (`io.use`), not Nest guards, which do not run on connection (SECURITY.md 21); it is installed on
 * every namespace, including any a later gateway declares.
 */
@WebSocketGateway({ path: REALTIME_PATH })
export class RealtimeGateway implements OnGatewayInit<RealtimeServer> {
  private readonly log: Logger;

  constructor(
    private readonly ref: RealtimeServerRef,
    private readonly sessions: RealtimeSessions,
    private readonly inbound: RealtimeInbound,
    private readonly instances: RealtimeInstances,
    logger: AppLogger,
  ) {
    this.log = logger.pino.child({ context: 'realtime' });
  }

  afterInit(server: RealtimeServer): void {
    this.ref.attach(server);
    this.instances.listen(server);
    this.sessions.watchExpiry(server);
    for (const namespace of server._nsps.values()) this.secure(namespace);
    server.on('new_namespace', (namespace) => this.secure(namespace));
  }

  private secure(namespace: RealtimeNamespace): void {
    // A malformed packet closes only its own connection; the log says why, without the packet.
    // One listener for every socket (it is called with the socket as `this`), not a closure each.
    const log = this.log;
    function onError(this: RealtimeSocket, error: Error): void {
      log.warn({ userId: this.data.userId, err: errorText(error) }, 'realtime socket error');
    }
    namespace.use((socket, next) => {
      socket.on('error', onError);
      next();
    });
    namespace.use(this.sessions.handshake);
    namespace.use((socket, next) => {
      this.inbound.limit(socket);
      next();
    });
    namespace.on('connection', (socket: RealtimeSocket) => {
      this.sessions.connected(socket);
      // socket.handshake holds what was needed of the HTTP upgrade request; the request itself (with its
      // socket, parser and buffers) would otherwise stay referenced for the connection's lifetime.
      (socket.conn as unknown as { request: unknown }).request = null;
    });
  }
}
