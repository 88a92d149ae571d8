import { type DynamicModule, Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FieldCipher } from './field-cipher.js';
import { RateLimiter } from './rate-limiter.js';

/** Makes the application's one DataSource injectable; it is created and migrated before Nest starts. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(dataSource: DataSource, cipher: FieldCipher): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: DataSource, useValue: dataSource }, { provide: FieldCipher, useValue: cipher }, RateLimiter],
      exports: [DataSource, FieldCipher, RateLimiter],
    };
  }
}
