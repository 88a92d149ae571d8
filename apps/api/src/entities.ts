import { AuditEntryEntity } from '@sw/audit';
import { briefingEntities } from '@sw/briefings';
import { identityEntities } from '@sw/identity';

/** Every TypeORM entity of the application, listed explicitly (no globs). */
export const entities = [AuditEntryEntity, ...identityEntities, ...briefingEntities];
