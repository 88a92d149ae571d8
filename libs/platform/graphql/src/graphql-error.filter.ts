import { type ArgumentsHost, Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';

const HTTP_STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
};

interface HttpResponse {
  status(code: number): HttpResponse;
  json(body: unknown): void;
}

/**
 * Client errors (AppError and Apollo's own) are answers, not failures: in GraphQL they go back to
 * Apollo untouched and unlogged; on plain HTTP routes (downloads, uploads, feeds) they become
 * `{ code, message }` with the matching status. Everything else reaches Nest's handler and the
 * masking formatter.
 */
@Catch(GraphQLError)
export class GraphqlErrorPassThrough implements GqlExceptionFilter {
  catch(error: GraphQLError, host: ArgumentsHost): GraphQLError | void {
    if (host.getType<string>() !== 'http') return error;
    const code = typeof error.extensions['code'] === 'string' ? error.extensions['code'] : 'BAD_USER_INPUT';
    const response = host.switchToHttp().getResponse<HttpResponse>();
    response.status(HTTP_STATUS[code] ?? 400).json({ code, message: error.message, field: error.extensions['field'] });
  }
}
