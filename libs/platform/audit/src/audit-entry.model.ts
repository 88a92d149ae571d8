import { ArgsType, Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { IsOptional, IsUUID } from 'class-validator';
import { Connection, PageArgs } from '@sw/graphql';
import GraphQLJSON from './json.scalar.js';

@ObjectType('AuditEntry', { description: 'A security-relevant action. Never contains content.' })
export class AuditEntryModel {
  @Field(() => ID)
  id!: string;

  @Field(() => GraphQLISODateTime)
  occurredAt!: Date;

  @Field(() => ID, { nullable: true })
  actorUserId!: string | null;

  @Field()
  action!: string;

  @Field(() => ID, { nullable: true })
  organisationId!: string | null;

  @Field(() => ID, { nullable: true })
  networkId!: string | null;

  @Field(() => String, { nullable: true })
  subjectType!: string | null;

  @Field(() => ID, { nullable: true })
  subjectId!: string | null;

  @Field(() => GraphQLJSON)
  metadata!: Record<string, unknown>;
}

export const AuditEntryConnection = Connection(AuditEntryModel, 'AuditEntry');

@ArgsType()
export class AuditLogArgs extends PageArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  organisationId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  networkId?: string | null;
}
