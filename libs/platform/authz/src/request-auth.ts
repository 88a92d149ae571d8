import type { AppAbility } from './ability.js';
import type { Actor } from './actor.js';

export const SESSION_COOKIE = '__Host-sw_session';

/** Turns a presented session token into an actor, or null when the session is unknown, expired or revoked. */
export interface SessionAuthenticator {
  authenticate(token: string): Promise<Actor | null>;
  /** Which of these sessions are still valid (not revoked, not expired, their user not suspended). Touches none. */
  liveSessions(sessionIds: readonly string[]): Promise<Set<string>>;
}
export const SESSION_AUTHENTICATOR = Symbol('SessionAuthenticator');

export interface RequestAuth {
  actor: Actor | null;
  ability: AppAbility;
  /** The presented token: needed only to sign this session out. */
  token: string | null;
}

export interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
  cookies?: Record<string, string | undefined>;
  auth?: RequestAuth;
}

function parseCookieHeader(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

/** The bearer token, else the session cookie. Never the query string. */
export function tokenFrom(headers: RequestLike['headers'], cookies?: RequestLike['cookies']): string | null {
  const authorization = headers['authorization'];
  const value = Array.isArray(authorization) ? authorization[0] : authorization;
  if (value) {
    const match = /^Bearer\s+([A-Za-z0-9_-]{16,128})$/.exec(value.trim());
    return match ? match[1]! : null;
  }
  const cookie = cookies?.[SESSION_COOKIE] ?? parseCookieHeader(headers['cookie'] as string | undefined, SESSION_COOKIE);
  return cookie && /^[A-Za-z0-9_-]{16,128}$/.test(cookie) ? cookie : null;
}
