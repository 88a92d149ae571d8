import type { InvitationEntity } from './invitation.entity.js';
import type { MembershipEntity } from './organisation.entity.js';
import type { SessionEntity } from './session.entity.js';
import type { UserEntity } from './user.entity.js';
import type { InvitationModel, MembershipModel, SessionModel, ViewerModel } from './identity.model.js';
import { LocaleEnum, OrganisationRoleEnum } from './identity.model.js';

export const toMembership = (m: MembershipEntity): MembershipModel => ({
  id: m.id,
  userId: m.userId,
  organisationId: m.organisationId,
  role: OrganisationRoleEnum[m.role],
  suspended: m.suspendedAt !== null,
  createdAt: m.createdAt,
});

export const toViewer = (user: UserEntity, memberships: MembershipEntity[], requiring: string[]): ViewerModel => ({
  id: user.id,
  email: user.email,
  displayName: user.displayName,
  locale: LocaleEnum[user.locale],
  isOperator: user.isOperator,
  twoFactorEnabled: user.totpEnabledAt !== null,
  memberships: memberships.map(toMembership),
  organisationsRequiringTwoFactor: requiring,
});

export const toSession = (s: SessionEntity, currentId: string | null): SessionModel => ({
  id: s.id,
  clientLabel: s.clientLabel,
  createdAt: s.createdAt,
  lastSeenAt: s.lastSeenAt,
  expiresAt: s.idleExpiresAt < s.absoluteExpiresAt ? s.idleExpiresAt : s.absoluteExpiresAt,
  current: s.id === currentId,
});

export const toInvitation = (i: InvitationEntity): InvitationModel => ({
  id: i.id,
  organisationId: i.organisationId,
  email: i.email,
  role: OrganisationRoleEnum[i.role],
  expiresAt: i.expiresAt,
  acceptedAt: i.acceptedAt,
  revokedAt: i.revokedAt,
  createdAt: i.createdAt,
});
