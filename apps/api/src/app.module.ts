import { type DynamicModule, Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { AuditModule } from '@sw/audit';
import { AuthzModule } from '@sw/authz';
import { BriefingsModule } from '@sw/briefings';
import { type AppConfig, type AppLogger, ConfigModule } from '@sw/config';
import { DatabaseModule, type FieldCipher } from '@sw/database';
import { DiscussionsModule } from '@sw/discussions';
import { EventsModule } from '@sw/events';
import { GraphqlPlatformModule } from '@sw/graphql';
import { IdentityModule } from '@sw/identity';
import { RealtimeModule } from '@sw/realtime';
import { StatementsModule } from '@sw/statements';
import { WorkshopsModule } from '@sw/workshops';
import { HealthController } from './health.controller.js';

export interface AppModuleOptions {
  config: AppConfig;
  logger: AppLogger;
  dataSource: DataSource;
  cipher: FieldCipher;
}

/** Composition only: platform modules first, then the domains. */
@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(options.config, options.logger),
        DatabaseModule.forRoot(options.dataSource, options.cipher),
        EventsModule,
        AuthzModule,
        AuditModule,
        GraphqlPlatformModule.forRoot(),
        RealtimeModule,
        IdentityModule,
        DiscussionsModule,
        StatementsModule,
        WorkshopsModule,
        BriefingsModule,
      ],
      controllers: [HealthController],
    };
  }
}
