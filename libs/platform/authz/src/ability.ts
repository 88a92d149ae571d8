import { Injectable } from '@nestjs/common';
import { AbilityBuilder, createMongoAbility, type MongoAbility } from '@casl/ability';
import type { Actor } from './actor.js';

export type AppAbility = MongoAbility<[string, string | object]>;
export type RuleBuilder = Pick<AbilityBuilder<AppAbility>, 'can' | 'cannot'>;

/** A domain's rules for one actor. Rules are positive (`can`) wherever possible. */
export type Policy = (rules: RuleBuilder, actor: Actor) => void;
export type PublicPolicy = (rules: RuleBuilder) => void;

/** Where domains contribute their rules: the one place permissions live. */
@Injectable()
export class PolicyRegistry {
  private readonly policies = new Map<string, Policy>();
  private readonly publicPolicies = new Map<string, PublicPolicy>();

  register(domain: string, policy: Policy): void {
    if (this.policies.has(domain)) throw new Error(`policy for ${domain} registered twice`);
    this.policies.set(domain, policy);
  }

  /** What anyone, signed in or not, may do (e.g. read what is published as TLP:CLEAR). */
  registerPublic(domain: string, policy: PublicPolicy): void {
    if (this.publicPolicies.has(domain)) throw new Error(`public policy for ${domain} registered twice`);
    this.publicPolicies.set(domain, policy);
  }

  domains(): string[] {
    return [...this.policies.keys()];
  }

  /** Built once per request. Deny by default: an actor with no matching rule can do nothing. */
  abilityFor(actor: Actor | null): AppAbility {
    const builder = new AbilityBuilder<AppAbility>(createMongoAbility);
    for (const policy of this.publicPolicies.values()) policy(builder);
    if (actor) for (const policy of this.policies.values()) policy(builder, actor);
    return builder.build();
  }
}
