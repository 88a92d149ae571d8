import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { AppConfig, AppLogger } from '@sw/config';
import { createErrorFormatter } from './format-error.js';
import { GraphqlErrorPassThrough } from './graphql-error.filter.js';
import { type GraphqlContext, RequestLoaders } from './loaders.js';
import { singleUseRootFields } from './single-use-fields.rule.js';

/** Root fields that redeem a secret: at most one per document (aliases cannot multiply attempts). */
export const SINGLE_USE_ROOT_FIELDS = new Set([
  'signIn',
  'acceptInvitation',
  'confirmTotpEnrollment',
  'disableTotp',
  'changePassword',
  'regenerateRecoveryCodes',
  'acceptWorkshopInvitation',
  'createWorkshopDownload',
]);

export const ARMOR_LIMITS = {
  maxDepth: 10,
  maxAliases: 15,
  maxCost: 5000,
  maxTokens: 2000,
  maxDirectives: 20,
} as const;

@Module({})
export class GraphqlPlatformModule {
  static forRoot(): DynamicModule {
    return {
      module: GraphqlPlatformModule,
      providers: [{ provide: APP_FILTER, useClass: GraphqlErrorPassThrough }],
      imports: [
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [AppConfig, AppLogger],
          useFactory: (config: AppConfig, logger: AppLogger): ApolloDriverConfig => {
            const armor = new ApolloArmor({
              maxDepth: { n: ARMOR_LIMITS.maxDepth, exposeLimits: false, flattenFragments: true },
              maxAliases: { n: ARMOR_LIMITS.maxAliases, exposeLimits: false },
              costLimit: { maxCost: ARMOR_LIMITS.maxCost, exposeLimits: false },
              maxTokens: { n: ARMOR_LIMITS.maxTokens, exposeLimits: false },
              maxDirectives: { n: ARMOR_LIMITS.maxDirectives, exposeLimits: false },
              blockFieldSuggestion: { enabled: true },
            }).protect();
            return {
              path: '/graphql',
              // Drain Apollo after socket.io has closed, or its held-open polling requests delay shutdown.
              stopOnApplicationShutdown: true,
              autoSchemaFile: true,
              sortSchema: true,
              graphiql: false,
              // Set explicitly rather than left to NODE_ENV (SECURITY.md 1).
              introspection: !config.production,
              hideSchemaDetailsFromClientErrors: config.production,
              includeStacktraceInErrorResponses: false,
              csrfPrevention: true,
              allowBatchedHttpRequests: false,
              // graphql-armor is typed against Apollo's CommonJS build; the plugin objects are the same.
              // No cache hints are used and /graphql answers `Cache-Control: no-store` (bootstrap.ts) whatever
              // Apollo computes; the cache-control plugin would otherwise wrap every field's resolver (bench S5).
              plugins: [ApolloServerPluginCacheControlDisabled(), ...(armor.plugins as unknown as NonNullable<ApolloDriverConfig['plugins']>)],
              validationRules: [...armor.validationRules, singleUseRootFields(SINGLE_USE_ROOT_FIELDS)],
              formatError: createErrorFormatter(logger),
              context: ({ req, res }: { req: unknown; res: unknown }): GraphqlContext => ({ req, res, loaders: new RequestLoaders() }),
            };
          },
        }),
      ],
    };
  }
}
