export type { DomainEvent, EventHandler } from './domain-event.js';
export { EventBus } from './event-bus.js';
export { EventsModule } from './events.module.js';
export { Outbox } from './outbox.service.js';
export { OutboxRelay } from './outbox-relay.js';
export { Transactions } from './transactions.js';
