import { GraphQLError } from 'graphql';

/** The codes a client can see in `extensions.code`. Anything else is masked as INTERNAL_SERVER_ERROR. */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'RATE_LIMITED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A failure the caller can act on; its message is safe to show and names the field when there is one. */
export class AppError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    extra: { field?: string; reason?: string; retryAfterSeconds?: number } = {},
  ) {
    super(message, { extensions: { code, ...extra } });
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const badInput = (field: string, message: string) =>
  new AppError('BAD_USER_INPUT', `${field}: ${message}`, { field });
export const forbidden = (message: string) => new AppError('FORBIDDEN', message);
export const conflict = (message: string, field?: string) =>
  new AppError('CONFLICT', message, field ? { field } : {});
export const unauthenticated = (message = 'Sign in to continue', reason?: string) =>
  new AppError('UNAUTHENTICATED', message, reason ? { reason } : {});
export const rateLimited = (retryAfterSeconds: number) =>
  new AppError('RATE_LIMITED', `Too many attempts; try again in ${retryAfterSeconds} seconds`, { retryAfterSeconds });
