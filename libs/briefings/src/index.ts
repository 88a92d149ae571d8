export { BriefingsModule } from './briefings.module.js';
export { briefingEntities } from './briefing.entity.js';
export { BriefingResolver } from './briefing.resolver.js';
export { BriefingAccess } from './briefing-access.js';
export { Attachments } from './attachments.service.js';
export { TLP_LEVELS, type Tlp } from './tlp.js';
