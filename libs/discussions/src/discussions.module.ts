import { Module } from '@nestjs/common';
import { PolicyRegistry } from '@sw/authz';
import { IdentityModule } from '@sw/identity';
import { DiscussionsEvents } from './discussions.events.js';
import { DiscussionsJobs } from './discussions.jobs.js';
import { discussionsPolicy } from './discussions.policy.js';
import { DiscussionsSocket } from './discussions.socket.js';
import { MessageReadingService } from './message-reading.service.js';
import { MessageResolver } from './message.resolver.js';
import { MessageService } from './message.service.js';
import { ThreadAccess } from './thread-access.js';
import { ThreadAudience } from './thread-audience.js';
import { ThreadDelivery } from './thread-delivery.js';
import { ThreadSubjects } from './thread-subjects.js';
import { ThreadResolver } from './thread.resolver.js';
import { ThreadService } from './thread.service.js';

/**
 * Real-time discussion threads. Other domains import this module for ThreadSubjects, to make
 * threads on their items readable by those items' audience.
 */
@Module({
  imports: [IdentityModule],
  providers: [
    ThreadSubjects, ThreadAccess, ThreadAudience, ThreadService, MessageService, MessageReadingService,
    ThreadDelivery, DiscussionsSocket, DiscussionsEvents, DiscussionsJobs, ThreadResolver, MessageResolver,
  ],
  exports: [ThreadSubjects],
})
export class DiscussionsModule {
  constructor(policies: PolicyRegistry) {
    policies.register('discussions', discussionsPolicy);
  }
}
