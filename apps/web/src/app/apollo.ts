import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';

/**
 * One client for the app. The session travels as the httpOnly `__Host-` cookie set by signIn, never
 * in script-readable storage; `application/json` bodies satisfy the API's CSRF prevention.
 */
export function createApolloClient(): ApolloClient {
  return new ApolloClient({
    link: new HttpLink({ uri: '/graphql', credentials: 'same-origin' }),
    cache: new InMemoryCache({
      typePolicies: {
        // Lists are paginated by the screens themselves (fetchMore with `after`); keep pages apart by arguments.
        Query: { fields: {} },
      },
    }),
    defaultOptions: {
      watchQuery: { fetchPolicy: 'cache-and-network' },
      query: { fetchPolicy: 'network-only' },
    },
  });
}
