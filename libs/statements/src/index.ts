export { StatementsModule } from './statements.module.js';
export { statementEntities } from './statement.entity.js';
export { StatementResolver } from './statement.resolver.js';
export { StatementDraftingResolver } from './statement-drafting.resolver.js';
export { StatementSigningResolver } from './statement-signing.resolver.js';
export { StatementScheduler } from './statement.scheduler.js';
export { TRANSITIONS, STATEMENT_STATUSES, type StatementStatus, type Transition } from './statement-state.js';
