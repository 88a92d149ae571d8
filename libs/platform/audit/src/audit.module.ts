import { Global, Module } from '@nestjs/common';
import { PolicyRegistry } from '@sw/authz';
import { AuditLog } from './audit-log.service.js';
import { auditPolicy } from './audit.policy.js';
import { AuditResolver } from './audit.resolver.js';

@Global()
@Module({ providers: [AuditLog, AuditResolver], exports: [AuditLog] })
export class AuditModule {
  constructor(policies: PolicyRegistry) {
    policies.register('audit', auditPolicy);
  }
}
