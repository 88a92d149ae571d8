import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';

/**
 * Client errors (AppError and Apollo's own) go back to Apollo untouched and unlogged: they are
 * answers, not failures. Everything else reaches Nest's handler and then the masking formatter.
 */
@Catch(GraphQLError)
export class GraphqlErrorPassThrough implements GqlExceptionFilter {
  catch(error: GraphQLError): GraphQLError {
    return error;
  }
}
