import { Module } from '@nestjs/common';
import { PolicyRegistry, SESSION_AUTHENTICATOR } from '@sw/authz';
import { AuthService } from './auth.service.js';
import { IdentityDirectory } from './identity-directory.js';
import { identityPolicy } from './identity.policy.js';
import { InvitationService } from './invitation.service.js';
import { MembershipResolver } from './membership.resolver.js';
import { OrganisationResolver } from './organisation.resolver.js';
import { OrganisationService } from './organisation.service.js';
import { PasswordService } from './password.service.js';
import { SessionResolver } from './session.resolver.js';
import { SessionService } from './session.service.js';
import { TwoFactorService } from './two-factor.service.js';

@Module({
  providers: [
    PasswordService, SessionService, IdentityDirectory, TwoFactorService, AuthService, InvitationService, OrganisationService,
    SessionResolver, OrganisationResolver, MembershipResolver,
    { provide: SESSION_AUTHENTICATOR, useExisting: SessionService },
  ],
  exports: [SESSION_AUTHENTICATOR, SessionService, PasswordService, IdentityDirectory],
})
export class IdentityModule {
  constructor(policies: PolicyRegistry) {
    policies.register('identity', identityPolicy);
  }
}
