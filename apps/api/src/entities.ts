import { AuditEntryEntity } from '@sw/audit';
import { briefingEntities } from '@sw/briefings';
import { discussionsEntities } from '@sw/discussions';
import { identityEntities } from '@sw/identity';
import { statementEntities } from '@sw/statements';
import { workshopEntities } from '@sw/workshops';

/** Every TypeORM entity of the application, listed explicitly (no globs). */
export const entities = [AuditEntryEntity, ...identityEntities, ...discussionsEntities, ...statementEntities, ...briefingEntities, ...workshopEntities];
