export { AuditEntryEntity } from './audit-entry.entity.js';
export { AuditLog, type AuditAction, type AuditRecord } from './audit-log.service.js';
export { AuditModule } from './audit.module.js';
export { AuditResolver } from './audit.resolver.js';
