import { graphql } from '../../gql';

export const WorkshopsDocument = graphql(`
  query Workshops($status: WorkshopStatus, $after: String) {
    workshops(first: 20, status: $status, after: $after) {
      edges {
        node {
          id
          title
          status
          format
          city
          country
          startsAt
          endsAt
          capacity
          confirmedCount
          registrationDeadline
          viewerIsOrganiser
          organiserOrganisationIds
          myParticipation {
            id
            state
            waitlistPosition
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

export const ParticipationFieldsFragment = graphql(`
  fragment ParticipationFields on WorkshopParticipant {
    id
    state
    role
    position
    waitlistPosition
    shareIdentity
    organisationName
    protectedData {
      legalName
      travelNeeds
      visaSupportNeeds
      passportNationality
      dietaryNeeds
      accessibilityNeeds
      phone
      emergencyContact
    }
  }
`);

export const WorkshopDocument = graphql(`
  query Workshop($id: ID!) {
    workshop(id: $id) {
      id
      title
      description
      descriptionHtml
      status
      format
      city
      country
      startsAt
      endsAt
      timeZone
      registrationDeadline
      capacity
      confirmedCount
      languages
      interpretation
      admission
      viewerIsOrganiser
      organiserOrganisationIds
      location {
        venue
        onlineUrl
      }
      organisers {
        userId
        organisationId
        displayName
      }
      audience {
        networkIds
        organisationIds
      }
      myParticipation {
        ...ParticipationFields
      }
      agenda {
        id
        title
        description
        track
        room
        startsAt
        endsAt
        people {
          role
          participant {
            id
            displayName
          }
        }
      }
    }
  }
`);

export const RegisterDocument = graphql(`
  mutation RegisterForWorkshop($input: RegisterInput!) {
    registerForWorkshop(input: $input) {
      ...ParticipationFields
    }
  }
`);

export const UpdateParticipationDocument = graphql(`
  mutation UpdateMyWorkshopParticipation($input: UpdateParticipationInput!) {
    updateMyWorkshopParticipation(input: $input) {
      ...ParticipationFields
    }
  }
`);

export const CancelParticipationDocument = graphql(`
  mutation CancelWorkshopParticipation($participantId: ID!) {
    cancelWorkshopParticipation(participantId: $participantId) {
      id
      state
      waitlistPosition
    }
  }
`);

export const RespondToInvitationDocument = graphql(`
  mutation RespondToWorkshopInvitation($participantId: ID!, $accept: Boolean!) {
    respondToWorkshopInvitation(participantId: $participantId, accept: $accept) {
      id
      state
      waitlistPosition
    }
  }
`);

export const OrganisationMembersDocument = graphql(`
  query WorkshopDelegateCandidates($organisationId: ID!) {
    members(organisationId: $organisationId, first: 50) {
      edges {
        node {
          id
          userId
          suspended
          person {
            id
            displayName
          }
        }
      }
    }
  }
`);

export const NetworksDocument = graphql(`
  query WorkshopAudienceNetworks {
    networks(first: 20) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

export const CreateWorkshopDocument = graphql(`
  mutation CreateWorkshop($input: CreateWorkshopInput!) {
    createWorkshop(input: $input) {
      id
    }
  }
`);

export const UpdateWorkshopDocument = graphql(`
  mutation UpdateWorkshop($input: UpdateWorkshopInput!) {
    updateWorkshop(input: $input) {
      id
      title
      description
      descriptionHtml
      format
      city
      country
      startsAt
      endsAt
      timeZone
      registrationDeadline
      capacity
      languages
      interpretation
      admission
    }
  }
`);

export const SetWorkshopStatusDocument = graphql(`
  mutation SetWorkshopStatus($id: ID!, $status: WorkshopStatus!) {
    setWorkshopStatus(id: $id, status: $status) {
      id
      status
    }
  }
`);

export const SetWorkshopAudienceDocument = graphql(`
  mutation SetWorkshopAudience($input: SetAudienceInput!) {
    setWorkshopAudience(input: $input) {
      networkIds
      organisationIds
    }
  }
`);

export const SaveAgendaSessionDocument = graphql(`
  mutation SaveAgendaSession($input: AgendaSessionInput!) {
    saveAgendaSession(input: $input) {
      id
    }
  }
`);

export const DeleteAgendaSessionDocument = graphql(`
  mutation DeleteAgendaSession($id: ID!) {
    deleteAgendaSession(id: $id)
  }
`);

export const WorkshopParticipantsDocument = graphql(`
  query WorkshopParticipants($workshopId: ID!, $state: ParticipantState, $withProtected: Boolean!, $after: String) {
    workshop(id: $workshopId) {
      id
      title
      status
      capacity
      confirmedCount
      admission
      viewerIsOrganiser
    }
    workshopParticipants(workshopId: $workshopId, state: $state, first: 20, after: $after) {
      edges {
        node {
          id
          userId
          displayName
          organisationName
          invitedEmail
          createdAt
          state
          role
          position
          waitlistPosition
          protectedData @include(if: $withProtected) {
            legalName
            passportNationality
            phone
            emergencyContact
            travelNeeds
            visaSupportNeeds
            dietaryNeeds
            accessibilityNeeds
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

export const DecideApplicationDocument = graphql(`
  mutation DecideWorkshopApplication($participantId: ID!, $approve: Boolean!) {
    decideWorkshopApplication(participantId: $participantId, approve: $approve) {
      id
      state
      waitlistPosition
    }
  }
`);

export const MarkAttendanceDocument = graphql(`
  mutation MarkWorkshopAttendance($participantId: ID!) {
    markWorkshopAttendance(participantId: $participantId) {
      id
      state
    }
  }
`);

export const SetParticipantRoleDocument = graphql(`
  mutation SetWorkshopParticipantRole($participantId: ID!, $role: ParticipantRole!) {
    setWorkshopParticipantRole(participantId: $participantId, role: $role) {
      id
      role
    }
  }
`);

export const WorkshopTasksDocument = graphql(`
  query WorkshopTasks($workshopId: ID!) {
    workshop(id: $workshopId) {
      id
      title
      viewerIsOrganiser
      organisers {
        userId
        organisationId
        displayName
      }
    }
    workshopTasks(workshopId: $workshopId, first: 50) {
      edges {
        node {
          id
          title
          assigneeUserId
          dueOn
          done
          createdAt
        }
      }
    }
  }
`);

export const SaveTaskDocument = graphql(`
  mutation SaveWorkshopTask($input: TaskInput!) {
    saveWorkshopTask(input: $input) {
      id
      title
      assigneeUserId
      dueOn
      done
      createdAt
    }
  }
`);

export const DeleteTaskDocument = graphql(`
  mutation DeleteWorkshopTask($id: ID!) {
    deleteWorkshopTask(id: $id)
  }
`);

export const CreateDownloadDocument = graphql(`
  mutation CreateWorkshopDownload($input: DownloadInput!) {
    createWorkshopDownload(input: $input) {
      url
      expiresAt
    }
  }
`);

export const AgendaIcsDocument = graphql(`
  query WorkshopAgendaIcs($workshopId: ID!) {
    workshopAgendaIcs(workshopId: $workshopId)
  }
`);

export const CreateCalendarFeedDocument = graphql(`
  mutation CreateCalendarFeed {
    createCalendarFeed {
      url
    }
  }
`);

export const RevokeCalendarFeedDocument = graphql(`
  mutation RevokeCalendarFeed {
    revokeCalendarFeed
  }
`);
