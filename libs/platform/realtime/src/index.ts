export { RealtimeModule } from './realtime.module.js';
export { RealtimeIoAdapter, ATTACHMENTS_TABLE } from './realtime.adapter.js';
export { RealtimeGateway, REALTIME_PATH } from './realtime.gateway.js';
export { RealtimePublisher } from './realtime.publisher.js';
export { RealtimeSessions, handshakeToken, type HandshakeRefusal } from './realtime.sessions.js';
export { RealtimeInbound, type InboundHandler } from './realtime.inbound.js';
export { RealtimeInstances, type InstanceHandler } from './realtime.instances.js';
export { RealtimeServerRef } from './realtime-server.ref.js';
export { SessionRevocationListener, SESSION_REVOKED } from './session-revocation.listener.js';
export { TokenBucket, ConnectionCounter } from './rate-limit.js';
export { originAllowed } from './origin.js';
export {
  type ClientEventMap, type ClientEventName, type InboundReply, type InboundErrorCode, type LiveAuth, type RealtimeServer,
  type RealtimeSocket, type RoomName, type SocketData, REALTIME_LIMITS, userRoom, sessionRoom, threadRoom,
} from './realtime.types.js';
export type { MessageImportance, ReactionCount, ThreadMessageEvent, ThreadStateEvent, ThreadClientEvents } from './client-events.js';
