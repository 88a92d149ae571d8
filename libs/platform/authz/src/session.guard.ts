import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { unauthenticated, forbidden } from '@sw/graphql';
import { PolicyRegistry } from './ability.js';
import { type FieldPolicy, PUBLIC_KEY, REQUIRES_KEY, requestOf } from './decorators.js';
import { SESSION_AUTHENTICATOR, type RequestAuth, type RequestLike, type SessionAuthenticator, tokenFrom } from './request-auth.js';

/**
 * The global guard: resolves the session once per request and builds the ability, then lets
 * through only @Public() handlers or signed-in callers that pass the handler's type-level check.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  private authenticator?: SessionAuthenticator;

  constructor(
    private readonly reflector: Reflector,
    private readonly policies: PolicyRegistry,
    private readonly moduleRef: ModuleRef,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Socket events are authenticated in the handshake and again per event by the realtime layer
    // (RealtimeInbound.register); a @SubscribeMessage handler that bypasses it is refused.
    if (context.getType<string>() === 'ws') return false;
    const req = requestOf(context);
    const auth = await this.authenticate(req);
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    if (!auth.actor) throw unauthenticated();
    const policy = this.reflector.getAllAndOverride<FieldPolicy>(REQUIRES_KEY, targets);
    if (!policy) throw new Error(`${context.getClass().name}.${context.getHandler().name} has neither @Public() nor a policy`);
    if (policy.check === 'type' && !auth.ability.can(policy.action, policy.subject)) {
      throw forbidden('You are not allowed to do this');
    }
    return true;
  }

  async authenticate(req: RequestLike): Promise<RequestAuth> {
    if (req.auth) return req.auth;
    this.authenticator ??= this.moduleRef.get<SessionAuthenticator>(SESSION_AUTHENTICATOR, { strict: false });
    const token = tokenFrom(req.headers, req.cookies);
    const actor = token ? await this.authenticator.authenticate(token) : null;
    req.auth = { actor, ability: this.policies.abilityFor(actor), token: actor ? token : null };
    return req.auth;
  }
}
