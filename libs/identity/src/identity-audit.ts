import type { EntityManager } from 'typeorm';
import type { AuditAction, AuditLog } from '@sw/audit';

/**
 * Records an event about a user once per organisation they belong to, so each organisation's
 * admins see what concerns their members (and nothing about other organisations).
 */
export async function auditUserEvent(
  audit: AuditLog,
  manager: EntityManager,
  entry: { actorUserId: string | null; userId: string; action: AuditAction; metadata?: Record<string, string | number | boolean | null> },
): Promise<void> {
  const orgs: { organisation_id: string }[] = await manager.query(
    'SELECT organisation_id FROM memberships WHERE user_id = $1 ORDER BY organisation_id',
    [entry.userId],
  );
  const targets = orgs.length > 0 ? orgs.map((o) => o.organisation_id) : [null];
  for (const organisationId of targets) {
    await audit.record(manager, {
      actorUserId: entry.actorUserId,
      action: entry.action,
      organisationId,
      subjectType: 'User',
      subjectId: entry.userId,
      metadata: entry.metadata,
    });
  }
}

/** A coarse, recognisable name for a session ("Firefox on Android"); the user agent itself is not kept. */
export function clientLabel(userAgent: string | undefined): string {
  if (!userAgent) return 'unknown client';
  const ua = userAgent.slice(0, 512);
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome'
    : /Safari\//.test(ua) ? 'Safari' : /node|undici|curl|socket\.io/i.test(ua) ? 'Script' : 'Browser';
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad|iOS/.test(ua) ? 'iOS' : /Windows/.test(ua) ? 'Windows'
    : /Mac OS X|Macintosh/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : null;
  return os ? `${browser} on ${os}` : browser;
}
