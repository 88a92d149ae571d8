import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PolicyRegistry } from './ability.js';
import { SessionGuard } from './session.guard.js';

@Global()
@Module({
  providers: [PolicyRegistry, SessionGuard, { provide: APP_GUARD, useExisting: SessionGuard }],
  exports: [PolicyRegistry, SessionGuard],
})
export class AuthzModule {}
