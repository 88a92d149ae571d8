import { type DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './app-config.js';
import { AppLogger } from './app-logger.js';

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig, logger: AppLogger): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: AppLogger, useValue: logger },
      ],
      exports: [AppConfig, AppLogger],
    };
  }
}
