import { graphql } from '../../gql';

export const StatementListDocument = graphql(`
  query StatementList($status: StatementStatus, $after: String) {
    statements(first: 30, status: $status, after: $after) {
      edges {
        node {
          id
          title
          status
          version
          deadline
          createdAt
          publishedAt
          embargoUntil
          viewer {
            organisationIds
            lead
          }
          participants {
            organisationId
            organisationName
            role
            signOnStatus
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const StatementNetworksDocument = graphql(`
  query StatementNetworks {
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

export const CreateStatementDocument = graphql(`
  mutation CreateStatement($input: CreateStatementInput!) {
    createStatement(input: $input) {
      id
    }
  }
`);

export const StatementDocument = graphql(`
  query Statement($id: ID!) {
    statement(id: $id) {
      id
      title
      status
      version
      languages
      referenceLanguage
      deadline
      openedAt
      publishedAt
      embargoUntil
      createdAt
      allowIndividualSignatories
      signatoryOrder
      viewer {
        canComment
        canExport
        canRevise
        lead
        organisationIds
        tier
      }
      currentRevision {
        id
        number
        title
        contentHash
        createdAt
        authorName
        organisationName
        texts {
          language
          body
        }
      }
      participants {
        organisationId
        organisationName
        role
        signOnStatus
        signedAt
        signedRevisionNumber
        declineReason
      }
    }
  }
`);

export const RevisionsDocument = graphql(`
  query StatementRevisions($id: ID!) {
    statement(id: $id) {
      id
      title
      version
      revisions(first: 50) {
        edges {
          node {
            id
            number
            title
            createdAt
            authorName
            organisationName
            contentHash
          }
        }
      }
    }
  }
`);

export const StatementDiffDocument = graphql(`
  query StatementDiff($statementId: ID!, $fromRevisionId: ID!, $toRevisionId: ID!) {
    statementDiff(statementId: $statementId, fromRevisionId: $fromRevisionId, toRevisionId: $toRevisionId) {
      title {
        op
        text
      }
      texts {
        language
        lines {
          op
          text
        }
      }
    }
  }
`);

export const SaveRevisionDocument = graphql(`
  mutation SaveStatementRevision($input: SaveRevisionInput!) {
    saveStatementRevision(input: $input) {
      id
      number
    }
  }
`);

export const CommentsDocument = graphql(`
  query StatementComments($id: ID!) {
    statement(id: $id) {
      id
      comments(first: 50) {
        edges {
          node {
            id
            authorName
            body
            createdAt
            organisationId
            quote
            resolved
          }
        }
      }
    }
  }
`);

export const SuggestionsDocument = graphql(`
  query StatementSuggestions($id: ID!) {
    statement(id: $id) {
      id
      suggestions(first: 50) {
        edges {
          node {
            id
            language
            note
            organisationId
            quote
            replacement
            status
          }
        }
      }
    }
  }
`);

export const CommentDocument = graphql(`
  mutation CommentOnStatement($input: CommentInput!) {
    commentOnStatement(input: $input) {
      id
    }
  }
`);

export const ResolveCommentDocument = graphql(`
  mutation ResolveStatementComment($id: ID!, $resolved: Boolean!) {
    resolveStatementComment(id: $id, resolved: $resolved) {
      id
      resolved
    }
  }
`);

export const SuggestDocument = graphql(`
  mutation SuggestStatementEdit($input: SuggestEditInput!) {
    suggestStatementEdit(input: $input) {
      id
    }
  }
`);

export const AcceptSuggestionDocument = graphql(`
  mutation AcceptStatementSuggestion($id: ID!, $organisationId: ID) {
    acceptStatementSuggestion(id: $id, organisationId: $organisationId) {
      id
      number
    }
  }
`);

export const RejectSuggestionDocument = graphql(`
  mutation RejectStatementSuggestion($id: ID!) {
    rejectStatementSuggestion(id: $id) {
      id
      status
    }
  }
`);

export const ReviewDocument = graphql(`
  mutation ReviewStatement($statementId: ID!, $organisationId: ID!) {
    reviewStatement(statementId: $statementId, organisationId: $organisationId) {
      organisationId
      signOnStatus
    }
  }
`);

export const SignDocument = graphql(`
  mutation SignStatement($input: SignStatementInput!) {
    signStatement(input: $input) {
      organisationId
      signOnStatus
    }
  }
`);

export const DeclineDocument = graphql(`
  mutation DeclineStatement($input: DeclineStatementInput!) {
    declineStatement(input: $input) {
      organisationId
      signOnStatus
    }
  }
`);

export const WithdrawSignatureDocument = graphql(`
  mutation WithdrawStatementSignature($statementId: ID!, $organisationId: ID!) {
    withdrawStatementSignature(statementId: $statementId, organisationId: $organisationId) {
      organisationId
      signOnStatus
    }
  }
`);

export const AddNameDocument = graphql(`
  mutation AddIndividualSignature($statementId: ID!, $organisationId: ID!, $revisionId: ID!) {
    addIndividualSignature(statementId: $statementId, organisationId: $organisationId, revisionId: $revisionId)
  }
`);

export const RemoveNameDocument = graphql(`
  mutation RemoveIndividualSignature($statementId: ID!, $organisationId: ID!) {
    removeIndividualSignature(statementId: $statementId, organisationId: $organisationId)
  }
`);

export const OrganisationMembersDocument = graphql(`
  query StatementSignerCandidates($organisationId: ID!) {
    members(organisationId: $organisationId, first: 100) {
      edges {
        node {
          id
          userId
          person {
            displayName
          }
          role
          suspended
        }
      }
    }
  }
`);

export const SetSignersDocument = graphql(`
  mutation SetStatementSigners($input: SetSignersInput!) {
    setStatementSigners(input: $input)
  }
`);

export const OpenDocument = graphql(`
  mutation OpenStatementForSignature($statementId: ID!, $deadline: DateTime) {
    openStatementForSignature(statementId: $statementId, deadline: $deadline) {
      id
      status
      deadline
      openedAt
    }
  }
`);

export const SetDeadlineDocument = graphql(`
  mutation SetStatementDeadline($statementId: ID!, $deadline: DateTime!) {
    setStatementDeadline(statementId: $statementId, deadline: $deadline) {
      id
      deadline
    }
  }
`);

export const CloseDocument = graphql(`
  mutation CloseStatement($statementId: ID!) {
    closeStatement(statementId: $statementId) {
      id
      status
    }
  }
`);

export const WithdrawStatementDocument = graphql(`
  mutation WithdrawStatement($statementId: ID!) {
    withdrawStatement(statementId: $statementId) {
      id
      status
      embargoUntil
    }
  }
`);

export const InviteDocument = graphql(`
  mutation InviteToStatement($input: InviteToStatementInput!) {
    inviteToStatement(input: $input) {
      id
      participants {
        organisationId
        organisationName
        role
        signOnStatus
        signedAt
        signedRevisionNumber
        declineReason
      }
    }
  }
`);

export const PreviewDocument = graphql(`
  query StatementPreview($id: ID!, $language: String) {
    statementExport(statementId: $id, format: HTML, language: $language)
    statement(id: $id) {
      id
      title
      status
      languages
      referenceLanguage
      signatoryOrder
      publishedAt
      embargoUntil
      viewer {
        lead
        canExport
      }
      currentRevision {
        id
        number
      }
      signatories {
        organisationId
        organisationName
        individuals
        signedAt
      }
    }
  }
`);

export const PublishDocument = graphql(`
  mutation PublishStatement($input: PublishStatementInput!) {
    publishStatement(input: $input) {
      id
      status
      publishedAt
      embargoUntil
    }
  }
`);
