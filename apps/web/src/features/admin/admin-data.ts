import { graphql } from '../../gql';

/** The members of an organisation (also names the actors of the audit log). */
export const AdminMembersDocument = graphql(`
  query AdminMembers($organisationId: ID!, $after: String) {
    members(organisationId: $organisationId, first: 50, after: $after) {
      edges {
        node {
          id
          userId
          role
          suspended
          createdAt
          person {
            id
            displayName
          }
        }
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
`);
