import { Module } from '@nestjs/common';
import { PolicyRegistry } from '@sw/authz';
import { StatementAccessLoader } from './statement-access.js';
import { StatementDirectory } from './statement-directory.js';
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

@Module({
  providers: [
    StatementAccessLoader, StatementDirectory, StatementStore, StatementMapper,
    StatementService, StatementDraftingService, StatementSigningService, StatementPublicationService, StatementScheduler,
    StatementResolver, StatementDraftingResolver, StatementSigningResolver,
  ],
  controllers: [StatementPublicController],
  exports: [StatementScheduler],
})
export class StatementsModule {
  constructor(policies: PolicyRegistry) {
    policies.register('statements', statementPolicy);
    policies.registerPublic('statements', statementPublicPolicy);
  }
}
