import { graphql } from '../../gql';

export const BriefingListItemFragment = graphql(`
  fragment BriefingListItem on Briefing {
    id
    title
    summary
    tlp
    status
    tags
    publishedAt
    revision
    viewerHasRead
    organisation {
      id
      name
    }
  }
`);

export const BriefingsListDocument = graphql(`
  query BriefingsList($filter: BriefingFilterInput, $first: Int!, $after: String) {
    briefingCount(filter: $filter)
    briefings(filter: $filter, first: $first, after: $after) {
      edges {
        cursor
        node {
          ...BriefingListItem
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const BriefingDocument = graphql(`
  query Briefing($id: ID!) {
    briefing(id: $id) {
      id
      title
      summary
      bodyHtml
      bodyMarkdown
      language
      tags
      tlp
      handling
      status
      publishedAt
      revision
      viewerHasRead
      organisation {
        id
        name
      }
      source {
        authorUserId
        originOrganisation {
          id
          name
        }
        audience {
          userIds
          people {
            id
            displayName
          }
          organisationIds
          networkIds
          networkWithPartnersIds
        }
      }
    }
  }
`);

export const BriefingRevisionsDocument = graphql(`
  query BriefingRevisions($id: ID!) {
    briefingRevisions(id: $id) {
      revision
      title
      summary
      bodyHtml
      tlp
      createdAt
    }
  }
`);

export const BriefingAttachmentsDocument = graphql(`
  query BriefingAttachments($id: ID!) {
    briefingAttachments(id: $id) {
      id
      filename
      contentType
      sizeBytes
      downloadPath
      createdAt
    }
  }
`);

export const BriefingReceiptsDocument = graphql(`
  query BriefingReceipts($id: ID!) {
    briefingReceipts(id: $id) {
      organisation {
        id
        name
      }
      members
      unread
      readers {
        userId
        displayName
        at
      }
      acknowledgedBy {
        userId
        displayName
        at
      }
    }
  }
`);

export const ShareRequestsDocument = graphql(`
  query BriefingShareRequests($id: ID!) {
    shareRequests(id: $id) {
      id
      requestingOrganisationId
      organisationIds
      tlp
      reason
      status
      createdAt
      decidedAt
    }
  }
`);

export const RecipientByEmailDocument = graphql(`
  query BriefingRecipientByEmail($organisationId: ID!, $publishAsOrganisationId: ID, $email: String!) {
    briefingRecipientByEmail(organisationId: $organisationId, publishAsOrganisationId: $publishAsOrganisationId, email: $email) {
      id
      displayName
      organisation {
        id
        name
      }
    }
  }
`);

export const AudienceOptionsDocument = graphql(`
  query BriefingAudienceOptions($organisationId: ID!, $publishAsOrganisationId: ID) {
    briefingAudienceOptions(organisationId: $organisationId, publishAsOrganisationId: $publishAsOrganisationId) {
      networks {
        id
        name
      }
      organisations {
        id
        name
      }
      people {
        id
        displayName
        organisation {
          id
          name
        }
      }
    }
  }
`);

export const CreateBriefingDocument = graphql(`
  mutation CreateBriefing($input: CreateBriefingInput!) {
    createBriefing(input: $input) {
      id
      status
    }
  }
`);

export const UpdateBriefingDraftDocument = graphql(`
  mutation UpdateBriefingDraft($id: ID!, $input: UpdateDraftInput!) {
    updateBriefingDraft(id: $id, input: $input) {
      id
      title
      summary
      bodyMarkdown
      bodyHtml
      language
      tags
    }
  }
`);

export const EditBriefingDocument = graphql(`
  mutation EditBriefing($id: ID!, $input: UpdateDraftInput!) {
    editBriefing(id: $id, input: $input) {
      id
      title
      summary
      bodyMarkdown
      bodyHtml
      revision
    }
  }
`);

export const ClassifyBriefingDocument = graphql(`
  mutation ClassifyBriefing($id: ID!, $input: ClassifyBriefingInput!) {
    classifyBriefing(id: $id, input: $input) {
      id
      tlp
      handling
    }
  }
`);

export const PublishBriefingDocument = graphql(`
  mutation PublishBriefing($id: ID!) {
    publishBriefing(id: $id) {
      id
      status
      publishedAt
      revision
    }
  }
`);

export const RetractBriefingDocument = graphql(`
  mutation RetractBriefing($id: ID!) {
    retractBriefing(id: $id) {
      id
      status
    }
  }
`);

export const MarkBriefingReadDocument = graphql(`
  mutation MarkBriefingRead($id: ID!) {
    markBriefingRead(id: $id) {
      id
      viewerHasRead
    }
  }
`);

export const AcknowledgeBriefingDocument = graphql(`
  mutation AcknowledgeBriefing($id: ID!, $organisationId: ID!) {
    acknowledgeBriefing(id: $id, organisationId: $organisationId) {
      id
      viewerHasRead
    }
  }
`);

export const ForwardBriefingDocument = graphql(`
  mutation ForwardBriefing($id: ID!, $input: ForwardBriefingInput!) {
    forwardBriefing(id: $id, input: $input) {
      id
    }
  }
`);

export const AskToShareBriefingDocument = graphql(`
  mutation AskToShareBriefing($input: AskToShareInput!) {
    askToShareBriefing(input: $input) {
      id
      status
    }
  }
`);

export const DecideShareRequestDocument = graphql(`
  mutation DecideShareRequest($requestId: ID!, $approve: Boolean!) {
    decideShareRequest(requestId: $requestId, approve: $approve) {
      id
      status
      decidedAt
    }
  }
`);
