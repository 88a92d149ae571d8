/** The allow-list check for a request's Origin header. No header (a server-side client) is allowed: it cannot carry a victim's cookie cross-site. */
export function originAllowed(origin: string | string[] | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (Array.isArray(origin)) return false;
  return allowed.includes(origin);
}
