import { Args, Context, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { DataSource } from 'typeorm';
import { CurrentAuth, Public, type RequestAuth, SESSION_COOKIE, SignedIn } from '@sw/authz';
import { AppConfig } from '@sw/config';
import { type ConnectionShape, PageArgs } from '@sw/graphql';
import { AuthService, type ClientInfo } from './auth.service.js';
import { clientLabel } from './identity-audit.js';
import { AcceptInvitationInput, ChangePasswordInput, DisableTotpArgs, IdArgs, LocaleArgs, PasswordArgs, SignInInput, TotpCodeArgs } from './identity.inputs.js';
import { toSession, toViewer } from './identity.mappers.js';
import { RecoveryCodesModel, SessionConnection, type SessionModel, SignInPayload, TotpEnrollmentModel, ViewerModel } from './identity.model.js';
import { InvitationService } from './invitation.service.js';
import { MembershipEntity } from './organisation.entity.js';
import { SessionService } from './session.service.js';
import type { SessionEntity } from './session.entity.js';
import { UserEntity } from './user.entity.js';

interface HttpContext {
  req: { ip?: string; headers: Record<string, string | string[] | undefined> };
  res: { cookie(name: string, value: string, options: Record<string, unknown>): void; clearCookie(name: string, options: Record<string, unknown>): void };
}

const COOKIE_OPTIONS = { httpOnly: true, secure: true, sameSite: 'strict', path: '/' } as const;

/** Signing in and out, the viewer, their sessions and second factor. */
@Resolver()
export class SessionResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly invitations: InvitationService,
    private readonly sessions: SessionService,
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  @Query(() => ViewerModel)
  @SignedIn()
  me(@CurrentAuth() auth: RequestAuth): Promise<ViewerModel> {
    return this.viewer(auth.actor!.userId);
  }

  @Query(() => SessionConnection, { description: 'Your sessions that are still valid, newest first.' })
  @SignedIn()
  async mySessions(@CurrentAuth() auth: RequestAuth, @Args() page: PageArgs): Promise<ConnectionShape<SessionModel>> {
    const result = await this.sessions.listActive(auth.ability, page);
    return { ...result, edges: result.edges.map((e) => ({ cursor: e.cursor, node: toSession(e.node, auth.actor!.sessionId) })) };
  }

  @Mutation(() => SignInPayload)
  @Public()
  async signIn(@Args('input') input: SignInInput, @Context() ctx: HttpContext): Promise<SignInPayload> {
    const result = await this.auth.signIn(input, this.client(ctx));
    return this.signedIn(ctx, result);
  }

  @Mutation(() => SignInPayload, { description: 'Redeems an invitation: creates the account or adds the membership, and signs in.' })
  @Public()
  async acceptInvitation(@Args('input') input: AcceptInvitationInput, @Context() ctx: HttpContext): Promise<SignInPayload> {
    const result = await this.invitations.accept(input, this.client(ctx));
    return this.signedIn(ctx, result);
  }

  @Mutation(() => Boolean, { description: 'Ends this session.' })
  @SignedIn()
  async signOut(@CurrentAuth() auth: RequestAuth, @Context() ctx: HttpContext): Promise<boolean> {
    await this.auth.signOut(auth.actor!.userId, auth.actor!.sessionId);
    ctx.res.clearCookie(SESSION_COOKIE, COOKIE_OPTIONS);
    return true;
  }

  @Mutation(() => Boolean, { description: 'Ends one of your sessions.' })
  @SignedIn()
  async revokeSession(@CurrentAuth() auth: RequestAuth, @Args() args: IdArgs): Promise<boolean> {
    await this.auth.revokeSession(auth.ability, auth.actor!.userId, args.id);
    return true;
  }

  @Mutation(() => Int, { description: 'Ends every session of yours, this one included ("I lost my phone"). Returns how many.' })
  @SignedIn()
  revokeAllSessions(@CurrentAuth() auth: RequestAuth): Promise<number> {
    return this.auth.revokeAllSessions(auth.actor!.userId);
  }

  @Mutation(() => Boolean, { description: 'Every other session ends.' })
  @SignedIn()
  async changePassword(@CurrentAuth() auth: RequestAuth, @Args('input') input: ChangePasswordInput): Promise<boolean> {
    await this.auth.changePassword(auth.actor!.userId, auth.actor!.sessionId, input.currentPassword, input.newPassword);
    return true;
  }

  @Mutation(() => ViewerModel, { description: 'Saves the language you use the workspace in.' })
  @SignedIn()
  async setMyLocale(@CurrentAuth() auth: RequestAuth, @Args() args: LocaleArgs): Promise<ViewerModel> {
    await this.auth.setLocale(auth.actor!.userId, args.locale);
    return this.viewer(auth.actor!.userId);
  }

  @Mutation(() => TotpEnrollmentModel)
  @SignedIn()
  async beginTotpEnrollment(@CurrentAuth() auth: RequestAuth, @Args() args: PasswordArgs): Promise<TotpEnrollmentModel> {
    const { secret, uri } = await this.auth.beginTotpEnrollment(auth.actor!.userId, args.password);
    return { secret, otpauthUri: uri };
  }

  @Mutation(() => RecoveryCodesModel, { description: 'Turns two-factor authentication on; every other session ends.' })
  @SignedIn()
  async confirmTotpEnrollment(@CurrentAuth() auth: RequestAuth, @Args() args: TotpCodeArgs): Promise<RecoveryCodesModel> {
    return { codes: await this.auth.confirmTotpEnrollment(auth.actor!.userId, auth.actor!.sessionId, args.code) };
  }

  @Mutation(() => Boolean)
  @SignedIn()
  async disableTotp(@CurrentAuth() auth: RequestAuth, @Args() args: DisableTotpArgs): Promise<boolean> {
    await this.auth.disableTotp(auth.actor!.userId, auth.actor!.sessionId, args.password, args.code);
    return true;
  }

  @Mutation(() => RecoveryCodesModel)
  @SignedIn()
  async regenerateRecoveryCodes(@CurrentAuth() auth: RequestAuth, @Args() args: PasswordArgs): Promise<RecoveryCodesModel> {
    return { codes: await this.auth.regenerateRecoveryCodes(auth.actor!.userId, args.password) };
  }

  private client(ctx: HttpContext): ClientInfo {
    const ua = ctx.req.headers['user-agent'];
    const userAgent = Array.isArray(ua) ? ua[0] : ua;
    return { ip: ctx.req.ip ?? 'unknown', userAgent, label: clientLabel(userAgent) };
  }

  private async signedIn(ctx: HttpContext, result: { token: string; session: SessionEntity; user: UserEntity }): Promise<SignInPayload> {
    ctx.res.cookie(SESSION_COOKIE, result.token, {
      ...COOKIE_OPTIONS,
      maxAge: this.config.env.SESSION_ABSOLUTE_HOURS * 3_600_000,
    });
    return { token: result.token, session: toSession(result.session, result.session.id), viewer: await this.viewer(result.user.id) };
  }

  private async viewer(userId: string): Promise<ViewerModel> {
    const user = await this.dataSource.getRepository(UserEntity).findOneByOrFail({ id: userId });
    const memberships = await this.dataSource.getRepository(MembershipEntity).find({ where: { userId }, order: { createdAt: 'ASC' } });
    const requiring: { id: string }[] = user.totpEnabledAt
      ? []
      : await this.dataSource.query(
          'SELECT o.id FROM organisations o JOIN memberships m ON m.organisation_id = o.id WHERE m.user_id = $1 AND o.requires_two_factor',
          [userId],
        );
    return toViewer(user, memberships, requiring.map((r) => r.id));
  }
}
