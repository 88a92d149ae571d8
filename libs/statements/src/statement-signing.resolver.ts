import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { Checks, CurrentAuth, type RequestAuth } from '@sw/authz';
import { StatementSigningService } from './statement-signing.service.js';
import type { StatementOrganisationEntity } from './statement.entity.js';
import { DeclineStatementInput, IndividualSignatureArgs, SetSignersInput, SignStatementInput, StatementOrganisationArgs } from './statement.inputs.js';
import { StatementMapper } from './statement.mappers.js';
import { StatementParticipantModel } from './statement.model.js';

/** Each organisation's sign-on, done by its admins or the members it named. */
@Resolver()
export class StatementSigningResolver {
  constructor(
    private readonly signing: StatementSigningService,
    private readonly mapper: StatementMapper,
  ) {}

  /** The caller acts for the organisation, so its own decline reason is theirs to see. */
  private async participant(row: StatementOrganisationEntity): Promise<StatementParticipantModel> {
    const [model] = await this.mapper.participants([row], { isLead: false, own: [row.organisationId] });
    return model!;
  }

  @Mutation(() => StatementParticipantModel, { description: 'INVITED → REVIEWING, for the organisation.' })
  @Checks('review', 'StatementSignOn')
  async reviewStatement(@CurrentAuth() auth: RequestAuth, @Args() args: StatementOrganisationArgs): Promise<StatementParticipantModel> {
    return this.participant(await this.signing.review(auth, args.statementId, args.organisationId));
  }

  @Mutation(() => StatementParticipantModel, {
    description: 'Signs the current revision for the organisation (its admins, or members it named). The signature is bound to the revision\'s content hash.',
  })
  @Checks('sign', 'StatementSignOn')
  async signStatement(@CurrentAuth() auth: RequestAuth, @Args('input') input: SignStatementInput): Promise<StatementParticipantModel> {
    return this.participant(await this.signing.sign(auth, input.statementId, input.organisationId, input.revisionId));
  }

  @Mutation(() => StatementParticipantModel)
  @Checks('decline', 'StatementSignOn')
  async declineStatement(@CurrentAuth() auth: RequestAuth, @Args('input') input: DeclineStatementInput): Promise<StatementParticipantModel> {
    return this.participant(await this.signing.decline(auth, input.statementId, input.organisationId, input.reason));
  }

  @Mutation(() => StatementParticipantModel, { description: 'Withdraws the organisation\'s signature (until the statement is published).' })
  @Checks('withdraw', 'StatementSignOn')
  async withdrawStatementSignature(@CurrentAuth() auth: RequestAuth, @Args() args: StatementOrganisationArgs): Promise<StatementParticipantModel> {
    return this.participant(await this.signing.withdraw(auth, args.statementId, args.organisationId));
  }

  @Mutation(() => [ID], { description: 'Admins name the members who may sign this statement for the organisation.' })
  @Checks('nameSigners', 'StatementSignOn')
  setStatementSigners(@CurrentAuth() auth: RequestAuth, @Args('input') input: SetSignersInput): Promise<string[]> {
    return this.signing.setSigners(auth, input.statementId, input.organisationId, input.userIds);
  }

  @Mutation(() => Boolean, { description: "Adds your name under your organisation's signature, where the statement takes individual signatories." })
  @Checks('addName', 'StatementSignOn')
  async addIndividualSignature(@CurrentAuth() auth: RequestAuth, @Args() args: IndividualSignatureArgs): Promise<boolean> {
    await this.signing.addName(auth, args.statementId, args.organisationId, args.revisionId);
    return true;
  }

  @Mutation(() => Boolean)
  @Checks('addName', 'StatementSignOn')
  removeIndividualSignature(@CurrentAuth() auth: RequestAuth, @Args() args: StatementOrganisationArgs): Promise<boolean> {
    return this.signing.removeName(auth, args.statementId, args.organisationId);
  }
}
