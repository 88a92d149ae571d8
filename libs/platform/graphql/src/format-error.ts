import { randomUUID } from 'node:crypto';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { AppError, ERROR_CODES } from './app-error.js';

// Codes Apollo itself produces for malformed requests; their messages describe the request only.
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);
const CLIENT_CODES = new Set<string>(ERROR_CODES);

export interface ErrorLog {
  error(details: Record<string, unknown>, message: string): void;
}

/**
 * Every error leaving the API goes through here: known client errors keep their code and message
 * (without stack traces); anything else becomes a generic message with a correlation id, and its
 * detail goes to the server log only.
 */
export function createErrorFormatter(log: ErrorLog) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const code = formatted.extensions?.code;
    const known =
      original instanceof AppError ||
      (original instanceof GraphQLError && typeof code === 'string' && (REQUEST_ERROR_CODES.has(code) || CLIENT_CODES.has(code)));
    if (known) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions };
    }
    const correlationId = randomUUID();
    log.error(
      { correlationId, err: original instanceof Error ? { name: original.name, message: original.message, stack: original.stack } : String(original), path: formatted.path },
      'unexpected error in GraphQL request',
    );
    return {
      message: `Internal error (reference ${correlationId})`,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId },
    };
  };
}
