import { Global, Module } from '@nestjs/common';
import { RealtimeServerRef } from './realtime-server.ref.js';
import { RealtimeGateway } from './realtime.gateway.js';
import { RealtimeInbound } from './realtime.inbound.js';
import { RealtimeInstances } from './realtime.instances.js';
import { RealtimePublisher } from './realtime.publisher.js';
import { RealtimeSessions } from './realtime.sessions.js';
import { SessionRevocationListener } from './session-revocation.listener.js';

/**
 * Real-time delivery over socket.io (ARCHITECTURE.md "Real-time protocol"). Domains push with
 * RealtimePublisher and accept client events with RealtimeInbound.register; the server itself
 * comes from RealtimeIoAdapter, which the application installs.
 */
@Global()
@Module({
  providers: [RealtimeServerRef, RealtimeSessions, RealtimeInbound, RealtimeInstances, RealtimePublisher, SessionRevocationListener, RealtimeGateway],
  exports: [RealtimePublisher, RealtimeInbound, RealtimeInstances, RealtimeSessions],
})
export class RealtimeModule {}
