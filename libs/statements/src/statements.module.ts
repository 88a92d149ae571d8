import { Module } from '@nestjs/common';
import { PolicyRegistry } from '@sw/authz';
import { DiscussionsModule, ThreadSubjects } from '@sw/discussions';
import { IdentityModule } from '@sw/identity';
import { StatementAccessLoader } from './statement-access.js';
import { StatementDraftingResolver } from './statement-drafting.resolver.js';
import { StatementDraftingService } from './statement-drafting.service.js';
import { StatementMapper } from './statement.mappers.js';
import { statementPolicy, statementPublicPolicy } from './statement.policy.js';
import { StatementPublicController } from './statement-public.controller.js';
import { StatementPublicationService } from './statement-publication.service.js';
import { StatementResolver } from './statement.resolver.js';
import { StatementScheduler } from './statement.scheduler.js';
import { StatementService } from './statement.service.js';
import { StatementSigningResolver } from './statement-signing.resolver.js';
import { StatementSigningService } from './statement-signing.service.js';
import { StatementStore } from './statement-store.js';
import { StatementThreadSubject } from './statement-thread-subject.js';

@Module({
  imports: [IdentityModule, DiscussionsModule],
  providers: [
    StatementAccessLoader, StatementStore, StatementThreadSubject, StatementMapper,
    StatementService, StatementDraftingService, StatementSigningService, StatementPublicationService, StatementScheduler,
    StatementResolver, StatementDraftingResolver, StatementSigningResolver,
  ],
  controllers: [StatementPublicController],
  exports: [StatementScheduler],
})
export class StatementsModule {
  constructor(policies: PolicyRegistry, subjects: ThreadSubjects, threads: StatementThreadSubject) {
    policies.register('statements', statementPolicy);
    policies.registerPublic('statements', statementPublicPolicy);
    subjects.register('STATEMENT', threads);
  }
}
