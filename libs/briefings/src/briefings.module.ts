import { Module } from '@nestjs/common';
import { PolicyRegistry } from '@sw/authz';
import { DiscussionsModule, ThreadSubjects } from '@sw/discussions';
import { IdentityModule } from '@sw/identity';
import { AttachmentStorage } from './attachment-storage.js';
import { Attachments } from './attachments.service.js';
import { BriefingAccess } from './briefing-access.js';
import { BriefingFilesController } from './briefing-files.controller.js';
import { BriefingThreadSubject } from './briefing-thread-subject.js';
import { briefingPolicy, publicBriefingPolicy } from './briefing.policy.js';
import { BriefingPresenter } from './briefing.presenter.js';
import { BriefingReading } from './briefing-reading.service.js';
import { BriefingResolver } from './briefing.resolver.js';
import { BriefingText } from './briefing-text.js';
import { BriefingWriting } from './briefing-writing.service.js';
import { PublicFeedController } from './public-feed.controller.js';
import { ShareRequests } from './share-request.service.js';

@Module({
  imports: [IdentityModule, DiscussionsModule],
  providers: [
    BriefingAccess, BriefingText, BriefingWriting, BriefingReading, ShareRequests, Attachments, AttachmentStorage,
    BriefingPresenter, BriefingResolver, BriefingThreadSubject,
  ],
  controllers: [BriefingFilesController, PublicFeedController],
  exports: [BriefingAccess],
})
export class BriefingsModule {
  constructor(policies: PolicyRegistry, subjects: ThreadSubjects, threads: BriefingThreadSubject) {
    policies.register('briefings', briefingPolicy);
    policies.registerPublic('briefings', publicBriefingPolicy);
    subjects.register('BRIEFING', threads);
  }
}
