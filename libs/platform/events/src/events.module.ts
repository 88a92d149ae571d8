import { Global, Module } from '@nestjs/common';
import { EventBus } from './event-bus.js';
import { Outbox } from './outbox.service.js';
import { OutboxRelay } from './outbox-relay.js';
import { Transactions } from './transactions.js';

@Global()
@Module({ providers: [Outbox, EventBus, OutboxRelay, Transactions], exports: [Outbox, EventBus, OutboxRelay, Transactions] })
export class EventsModule {}
