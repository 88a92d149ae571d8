export { IdentityModule } from './identity.module.js';
export { identityEntities } from './identity.entities.js';
export { seedDemoData, DEMO_PASSWORD } from './demo-seed.js';
export { SessionResolver } from './session.resolver.js';
export { OrganisationResolver } from './organisation.resolver.js';
export { MembershipResolver } from './membership.resolver.js';
export { IdentityDirectory, type AudienceCandidate, type PersonFacts, type Principal, type ReachedPerson } from './identity-directory.js';
