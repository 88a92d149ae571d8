import { Args, Query, Resolver } from '@nestjs/graphql';
import { Checks, CurrentAuth, type RequestAuth } from '@sw/authz';
import type { ConnectionShape } from '@sw/graphql';
import { AuditLog } from './audit-log.service.js';
import { AuditEntryConnection, AuditLogArgs, type AuditEntryModel } from './audit-entry.model.js';

@Resolver()
export class AuditResolver {
  constructor(private readonly audit: AuditLog) {}

  @Query(() => AuditEntryConnection, {
    description: 'Audit entries of organisations you administer and networks you coordinate, newest first.',
  })
  @Checks('read', 'AuditEntry')
  auditLog(@CurrentAuth() auth: RequestAuth, @Args() args: AuditLogArgs): Promise<ConnectionShape<AuditEntryModel>> {
    return this.audit.list(auth.ability, args, args);
  }
}
