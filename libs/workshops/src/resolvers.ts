import { AgendaResolver } from './agenda.resolver.js';
import { ParticipantResolver, SessionPersonResolver } from './participant.resolver.js';
import { WorkshopResolver } from './workshop.resolver.js';

export const workshopResolvers = [WorkshopResolver, ParticipantResolver, SessionPersonResolver, AgendaResolver];
