import { Module } from '@nestjs/common';
import { PolicyRegistry } from '@sw/authz';
import { DiscussionsModule, ThreadSubjects } from '@sw/discussions';
import { IdentityModule } from '@sw/identity';
import { Admissions } from './admissions.js';
import { AgendaResolver } from './agenda.resolver.js';
import { AgendaService } from './agenda.service.js';
import { ExportService } from './export.service.js';
import { ParticipantResolver, SessionPersonResolver } from './participant.resolver.js';
import { ParticipantService } from './participant.service.js';
import { workshopsPolicy } from './workshop.policy.js';
import { WorkshopResolver } from './workshop.resolver.js';
import { WorkshopService } from './workshop.service.js';
import { WorkshopThreadSubject } from './workshop-thread-subject.js';
import { WorkshopsController } from './workshops.controller.js';

@Module({
  imports: [IdentityModule, DiscussionsModule],
  providers: [
    Admissions, WorkshopThreadSubject, WorkshopService, ParticipantService, AgendaService, ExportService,
    WorkshopResolver, ParticipantResolver, SessionPersonResolver, AgendaResolver,
  ],
  controllers: [WorkshopsController],
})
export class WorkshopsModule {
  constructor(policies: PolicyRegistry, subjects: ThreadSubjects, threads: WorkshopThreadSubject) {
    policies.register('workshops', workshopsPolicy);
    subjects.register('WORKSHOP', threads);
  }
}
