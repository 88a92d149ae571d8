/**
 * Identity's rules as SQL, stated once. SessionService builds every actor with them and
 * IdentityDirectory answers other domains with them, so "who is an active member" cannot mean
 * one thing for a request and another for an audience.
 */

/**
 * When a membership grants anything: it is not suspended, its account is not suspended, and the
 * organisation's second-factor requirement is met. `m`, `u` and `o` are the aliases of the
 * membership, its user and its organisation.
 */
export const membershipGrants = (m = 'm', u = 'u', o = 'o'): string =>
  `${m}.suspended_at IS NULL AND ${u}.suspended_at IS NULL AND (NOT ${o}.requires_two_factor OR ${u}.totp_enabled_at IS NOT NULL)`;

/** A derived table `(user_id, organisation_id, role)` of the memberships that grant something now. */
export const ACTIVE_MEMBERSHIPS = `(SELECT m.user_id, m.organisation_id, m.role FROM memberships m
  JOIN users u ON u.id = m.user_id JOIN organisations o ON o.id = m.organisation_id
  WHERE ${membershipGrants()})`;

/** A scalar subquery: the display name of the user whose id is the SQL expression `userId`. */
export const displayNameSql = (userId: string): string => `(SELECT dn.display_name FROM users dn WHERE dn.id = ${userId})`;

/** A scalar subquery: the name of the organisation whose id is the SQL expression `organisationId`. */
export const organisationNameSql = (organisationId: string): string => `(SELECT onm.name FROM organisations onm WHERE onm.id = ${organisationId})`;
