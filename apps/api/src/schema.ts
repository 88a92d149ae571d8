import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { AuditResolver } from '@sw/audit';
import { BriefingResolver } from '@sw/briefings';
import { MessageResolver, ThreadResolver } from '@sw/discussions';
import { MembershipResolver, OrganisationResolver, SessionResolver } from '@sw/identity';
import { StatementDraftingResolver, StatementResolver, StatementSigningResolver } from '@sw/statements';
import { workshopResolvers } from '@sw/workshops';

/** Every resolver class of the API: the schema is generated from these. */
export const resolvers = [SessionResolver, OrganisationResolver, MembershipResolver, AuditResolver, ThreadResolver, MessageResolver, StatementResolver, StatementDraftingResolver, StatementSigningResolver, BriefingResolver, ...workshopResolvers];

/** The SDL of the API exactly as committed in apps/api/schema.graphql. */
export async function printApiSchema(): Promise<string> {
  const app = await NestFactory.create(GraphQLSchemaBuilderModule, { logger: false });
  await app.init();
  const schema = await app.get(GraphQLSchemaFactory).create(resolvers);
  await app.close();
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
