import { InvitationEntity } from './invitation.entity.js';
import {
  MembershipEntity,
  NetworkCoordinatorEntity,
  NetworkEntity,
  NetworkOrganisationEntity,
  OrganisationEntity,
} from './organisation.entity.js';
import { SessionEntity } from './session.entity.js';
import { UserEntity } from './user.entity.js';

export const identityEntities = [
  UserEntity,
  OrganisationEntity,
  NetworkEntity,
  NetworkOrganisationEntity,
  MembershipEntity,
  NetworkCoordinatorEntity,
  SessionEntity,
  InvitationEntity,
];
