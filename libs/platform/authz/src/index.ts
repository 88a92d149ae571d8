export { PolicyRegistry, type AppAbility, type Policy, type PublicPolicy, type RuleBuilder } from './ability.js';
export { type Actor, type OrganisationRole, type NetworkStanding, organisationIdsOf, networkIdsOf } from './actor.js';
export { AuthzModule } from './authz.module.js';
export { Public, Requires, Checks, SignedIn, CurrentAuth, PUBLIC_KEY, REQUIRES_KEY, type FieldPolicy } from './decorators.js';
export { SESSION_AUTHENTICATOR, SESSION_COOKIE, tokenFrom, type RequestAuth, type SessionAuthenticator } from './request-auth.js';
export { SessionGuard } from './session.guard.js';
export { abilityToSql, whereAllowed, type FieldColumns, type SqlCondition } from './rules-to-sql.js';
