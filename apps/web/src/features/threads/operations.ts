import { graphql } from '../../gql';

export const ThreadSummaryFields = graphql(`
  fragment DiscussionThreadSummaryFields on Thread {
    id
    title
    lastActivityAt
    lastReadSeq
    lastSeq
    unreadCount
    mentionCount
    locked
    resolved
    viewerCanModerate
    createdBy {
      id
      displayName
    }
  }
`);

export const ThreadsDocument = graphql(`
  query DiscussionThreads($spaceKind: ThreadSpaceKind!, $spaceId: ID!, $first: Int!) {
    threads(spaceKind: $spaceKind, spaceId: $spaceId, first: $first) {
      edges {
        node {
          ...DiscussionThreadSummaryFields
        }
      }
    }
  }
`);

export const ThreadDocument = graphql(`
  query DiscussionThread($threadId: ID!) {
    thread(threadId: $threadId) {
      ...DiscussionThreadSummaryFields
      space {
        id
        kind
      }
    }
  }
`);

export const ThreadMessageFields = graphql(`
  fragment DiscussionThreadMessageFields on Message {
    id
    threadId
    seq
    version
    author {
      id
      displayName
    }
    body
    bodyHtml
    replyToId
    importance
    acknowledgementRequested
    acknowledgementCount
    acknowledgedByMe
    mentionedUserIds
    mentioned {
      id
      displayName
    }
    mentionsThread
    reactions {
      emoji
      count
      reactedByMe
    }
    createdAt
    editedAt
    deletedAt
  }
`);

export const ThreadMessagesDocument = graphql(`
  query DiscussionThreadMessages($threadId: ID!, $last: Int!, $before: String) {
    threadMessages(threadId: $threadId, last: $last, before: $before) {
      edges {
        node {
          ...DiscussionThreadMessageFields
        }
      }
      pageInfo {
        hasPreviousPage
        startCursor
      }
    }
  }
`);

export const CreateThreadDocument = graphql(`
  mutation DiscussionCreateThread($input: CreateThreadInput!) {
    createThread(input: $input) {
      ...DiscussionThreadSummaryFields
    }
  }
`);

export const SetThreadResolvedDocument = graphql(`
  mutation DiscussionSetThreadResolved($threadId: ID!, $resolved: Boolean!) {
    setThreadResolved(threadId: $threadId, resolved: $resolved) {
      ...DiscussionThreadSummaryFields
    }
  }
`);

export const SetThreadLockedDocument = graphql(`
  mutation DiscussionSetThreadLocked($threadId: ID!, $locked: Boolean!) {
    setThreadLocked(threadId: $threadId, locked: $locked) {
      ...DiscussionThreadSummaryFields
    }
  }
`);

export const MessageReceiptsDocument = graphql(`
  query DiscussionMessageReceipts($messageId: ID!) {
    messageReceipts(messageId: $messageId) {
      messageId
      audience
      seen
      acknowledgements {
        acknowledgedAt
        person {
          id
          displayName
        }
      }
      seenBy {
        organisationId
        organisationName
        audience
        seen
      }
    }
  }
`);

export const NetworksDocument = graphql(`
  query DiscussionNetworks {
    networks(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);
