export { DiscussionsModule } from './discussions.module.js';
export { discussionsEntities } from './discussions.entities.js';
export { ThreadResolver } from './thread.resolver.js';
export { MessageResolver } from './message.resolver.js';
// For other domains: attaching threads to their items.
export { ThreadSubjects, AUDIENCE_CHANGED, type ThreadSubjectProvider, type AudienceMember, type Caller } from './thread-subjects.js';
export { type ThreadSubjectKind, THREAD_SUBJECT_KINDS } from './thread.entity.js';
// For operations and tests: the scheduled jobs and per-instance delivery, callable directly.
export { DiscussionsJobs } from './discussions.jobs.js';
export { ThreadDelivery } from './thread-delivery.js';
export { DISCUSSION_LIMITS } from './discussions.limits.js';
