export { WorkshopsModule } from './workshops.module.js';
export { workshopEntities } from './workshop.entity.js';
export { WorkshopResolver } from './workshop.resolver.js';
export { ParticipantResolver, SessionPersonResolver } from './participant.resolver.js';
export { AgendaResolver } from './agenda.resolver.js';
/** Every resolver class of the domain, for the schema. */
export { workshopResolvers } from './resolvers.js';
/** Plain-HTTP addresses of the domain (downloads, calendar feeds), which the web app must not shadow. */
export { DOWNLOAD_PATH, FEED_PATH } from './export.service.js';
