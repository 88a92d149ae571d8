import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { RequestAuth, RequestLike } from './request-auth.js';

export const PUBLIC_KEY = 'sw:public';
export const REQUIRES_KEY = 'sw:requires';

/** Callable without a session (sign-in, accepting an invitation, health). Every such field is listed in the schema walk test. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export interface FieldPolicy {
  action: string;
  subject: string;
  /** 'type': the guard refuses (FORBIDDEN) unless the ability allows the action on the type at all.
   *  'instance': the service checks the object in SQL (unreadable → NOT_FOUND, lists → only what is allowed). */
  check: 'type' | 'instance' | 'self';
}

/**
 * For actions with no existing object to check (creating a network, suspending an account): the
 * guard runs the type-level check and refuses with FORBIDDEN.
 */
export const Requires = (action: string, subject: string) =>
  SetMetadata(REQUIRES_KEY, { action, subject, check: 'type' } satisfies FieldPolicy);

/**
 * For reads and changes of existing objects: the guard only requires a session, and the service
 * applies the ability to the object in SQL, so what the caller may not read does not exist for them.
 */
export const Checks = (action: string, subject: string) =>
  SetMetadata(REQUIRES_KEY, { action, subject, check: 'instance' } satisfies FieldPolicy);

/** Any signed-in user may call this; what it returns is the caller's own. */
export const SignedIn = () =>
  SetMetadata(REQUIRES_KEY, { action: 'signedIn', subject: 'self', check: 'self' } satisfies FieldPolicy);

export function requestOf(context: ExecutionContext): RequestLike {
  return context.getType<string>() === 'graphql'
    ? (GqlExecutionContext.create(context).getContext<{ req: RequestLike }>().req)
    : context.switchToHttp().getRequest<RequestLike>();
}

/** The caller's actor and ability, resolved once per request by the session guard. */
export const CurrentAuth = createParamDecorator((_: unknown, context: ExecutionContext): RequestAuth => {
  const auth = requestOf(context).auth;
  if (!auth) throw new Error('CurrentAuth used on a route the session guard did not run on');
  return auth;
});
