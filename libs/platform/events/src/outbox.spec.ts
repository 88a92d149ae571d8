// The transactional outbox against a real PostgreSQL (SECURITY.md 33): events exist if and only if
// their change committed, are relayed at least once, consumers de-duplicate on the event id, and
// several relays share the work without sending an event twice.
import { DataSource } from 'typeorm';
import { AppLogger } from '@sw/config';
import { createTestDatabase, type TestDatabase } from '@sw/testing';
import type { DomainEvent } from './domain-event.js';
import { EventBus } from './event-bus.js';
import { OutboxRelay } from './outbox-relay.js';
import { Outbox } from './outbox.service.js';

let database: TestDatabase;
let dataSource: DataSource;
const outbox = new Outbox();
const silent = new AppLogger('silent');

beforeAll(async () => {
  database = await createTestDatabase();
  dataSource = new DataSource({ type: 'postgres', url: database.url, poolSize: 5 });
  await dataSource.initialize();
});
afterAll(async () => {
  await dataSource.destroy();
  await database.drop();
});
beforeEach(async () => {
  await dataSource.query('DELETE FROM outbox_events');
  await dataSource.query('DELETE FROM processed_events');
});

/** A bus that records what it was given, per event type. */
function recordingBus(...types: string[]) {
  const bus = new EventBus();
  const received: DomainEvent[] = [];
  for (const type of types) bus.on(type, 'recorder', (event) => void received.push(event));
  return { bus, received };
}
const addCommitted = (type: string, payload: Record<string, unknown> = {}) =>
  dataSource.transaction((manager) => outbox.add(manager, type, payload));
const unpublished = async (): Promise<number> =>
  (await dataSource.query('SELECT count(*)::int AS n FROM outbox_events WHERE published_at IS NULL'))[0].n;

describe('Outbox.add', () => {
  it('refuses to write outside a transaction', async () => {
    await expect(outbox.add(dataSource.manager, 'thing.happened', {})).rejects.toThrow(/inside the transaction/);
    const runner = dataSource.createQueryRunner();
    try {
      await runner.connect();
      await expect(outbox.add(runner.manager, 'thing.happened', {})).rejects.toThrow(/inside the transaction/);
    } finally {
      await runner.release();
    }
    expect((await dataSource.query('SELECT count(*)::int AS n FROM outbox_events'))[0].n).toBe(0);
  });

  it('writes in the caller\'s transaction: visible to it, invisible to others until commit', async () => {
    let id = '';
    await dataSource.transaction(async (manager) => {
      id = await outbox.add(manager, 'thing.happened', { n: 1 });
      expect(await manager.query('SELECT type, payload FROM outbox_events WHERE id = $1', [id])).toEqual([
        { type: 'thing.happened', payload: { n: 1 } },
      ]);
      expect(await dataSource.query('SELECT id FROM outbox_events WHERE id = $1', [id])).toEqual([]);
    });
    expect(await dataSource.query('SELECT id FROM outbox_events WHERE id = $1', [id])).toEqual([{ id }]);
  });
});

describe('OutboxRelay', () => {
  it('never relays an event written in a rolled-back transaction', async () => {
    const { bus, received } = recordingBus('thing.happened', 'thing.undone');
    const relay = new OutboxRelay(dataSource, bus, silent);
    await expect(
      dataSource.transaction(async (manager) => {
        await outbox.add(manager, 'thing.undone', { n: 1 });
        throw new Error('the change failed half-way');
      }),
    ).rejects.toThrow('half-way');
    await addCommitted('thing.happened', { n: 2 });
    await relay.kick();
    await relay.kick();
    expect(received.map((e) => e.type)).toEqual(['thing.happened']);
    expect((await dataSource.query(`SELECT count(*)::int AS n FROM outbox_events WHERE type = 'thing.undone'`))[0].n).toBe(0);
  });

  it('dispatches committed events in commit order with their id, type and payload, and marks them published', async () => {
    const { bus, received } = recordingBus('thing.happened');
    const relay = new OutboxRelay(dataSource, bus, silent);
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) ids.push(await addCommitted('thing.happened', { n }));
    await relay.kick();
    expect(received.map((e) => e.id)).toEqual(ids);
    expect(received.map((e) => e.payload)).toEqual([0, 1, 2, 3, 4].map((n) => ({ n })));
    expect(received.every((e) => e.occurredAt instanceof Date)).toBe(true);
    expect(await unpublished()).toBe(0);
    await relay.kick();
    expect(received).toHaveLength(5);
  });

  it('drains more than one batch in one kick', async () => {
    const { bus, received } = recordingBus('bulk');
    await dataSource.transaction(async (manager) => {
      for (let n = 0; n < 230; n++) await outbox.add(manager, 'bulk', { n });
    });
    await new OutboxRelay(dataSource, bus, silent).kick();
    expect(new Set(received.map((e) => e.id)).size).toBe(230);
    expect(await unpublished()).toBe(0);
  });

  it('delivers again on the next pass when a handler throws (at least once), the others only once', async () => {
    const bus = new EventBus();
    const seen: string[] = [];
    let failures = 0;
    bus.on('thing.happened', 'flaky', (event) => {
      seen.push(event.id);
      if (event.payload['flaky'] && failures++ === 0) throw new Error('consumer down');
    });
    const relay = new OutboxRelay(dataSource, bus, silent);
    const steady = await addCommitted('thing.happened', { flaky: false });
    const flaky = await addCommitted('thing.happened', { flaky: true });
    await relay.kick();
    expect(seen).toEqual([steady, flaky]);
    expect(await dataSource.query('SELECT id, attempts, published_at IS NOT NULL AS published FROM outbox_events ORDER BY created_at, id')).toEqual([
      { id: steady, attempts: 1, published: true },
      { id: flaky, attempts: 1, published: false },
    ]);
    await relay.kick();
    expect(seen).toEqual([steady, flaky, flaky]);
    expect(await unpublished()).toBe(0);
    await relay.kick();
    expect(seen).toHaveLength(3);
  });

  it('keeps going after a pass that failed as a whole (the database refused the claim)', async () => {
    const { bus, received } = recordingBus('thing.happened');
    const other = new DataSource({ type: 'postgres', url: database.url, poolSize: 1 });
    await other.initialize();
    const relay = new OutboxRelay(other, bus, silent);
    await addCommitted('thing.happened');
    await other.destroy();
    await expect(relay.kick()).resolves.toBeUndefined();
    expect(received).toHaveLength(0);
    expect(await unpublished()).toBe(1);
  });
});

describe('EventBus.once', () => {
  it('runs the work once per consumer and event id, and again for another consumer', async () => {
    const eventId = await addCommitted('thing.happened');
    const runs: string[] = [];
    const attempt = (consumer: string) =>
      dataSource.transaction((manager) => EventBus.once(manager, consumer, eventId, async () => void runs.push(consumer)));
    expect(await attempt('mailer')).toBe(true);
    expect(await attempt('mailer')).toBe(false);
    expect(await attempt('search')).toBe(true);
    expect(runs).toEqual(['mailer', 'search']);
  });

  it('forgets the event when the work fails, so the redelivery does it', async () => {
    const eventId = await addCommitted('thing.happened');
    let calls = 0;
    const attempt = () =>
      dataSource.transaction((manager) =>
        EventBus.once(manager, 'mailer', eventId, async () => {
          calls++;
          if (calls === 1) throw new Error('smtp down');
        }),
      );
    await expect(attempt()).rejects.toThrow('smtp down');
    expect(await attempt()).toBe(true);
    expect(await attempt()).toBe(false);
    expect(calls).toBe(2);
  });

  it('makes a consumer effectively-once when the relay redelivers an event', async () => {
    const bus = new EventBus();
    const effects: string[] = [];
    bus.on('thing.happened', 'ledger', (event) =>
      dataSource.transaction((manager) => EventBus.once(manager, 'ledger', event.id, async () => void effects.push(event.id))).then(() => undefined),
    );
    let failOnce = true;
    bus.on('thing.happened', 'flaky', () => {
      if (failOnce) {
        failOnce = false;
        throw new Error('second consumer down');
      }
    });
    const relay = new OutboxRelay(dataSource, bus, silent);
    const id = await addCommitted('thing.happened');
    await relay.kick(); // the ledger handler ran, then the flaky one failed: the event stays unpublished
    expect(await unpublished()).toBe(1);
    await relay.kick(); // redelivered to both; the ledger skips it
    expect(await unpublished()).toBe(0);
    expect(effects).toEqual([id]);
  });
});

describe('several relays', () => {
  it('deliver each event exactly once in total, sharing the work through SKIP LOCKED', async () => {
    const second = new DataSource({ type: 'postgres', url: database.url, poolSize: 5 });
    await second.initialize();
    try {
      const TOTAL = 250;
      await dataSource.transaction(async (manager) => {
        for (let n = 0; n < TOTAL; n++) await outbox.add(manager, 'shared', { n });
      });
      const deliveries = new Map<string, string[]>();
      const record = (relayName: string) => (event: DomainEvent) => {
        deliveries.set(event.id, [...(deliveries.get(event.id) ?? []), relayName]);
      };

      // Relay A holds its first batch (claimed, locked, uncommitted) until relay B has delivered
      // something. B can only get there by skipping A's locked rows; were it to wait on them, the
      // two would wait on each other and the test would time out.
      let aStarted!: () => void;
      const aHasClaimed = new Promise<void>((resolve) => (aStarted = resolve));
      let bDelivered!: () => void;
      const bHasDelivered = new Promise<void>((resolve) => (bDelivered = resolve));
      const busA = new EventBus();
      let firstA = true;
      busA.on('shared', 'consumer', async (event) => {
        if (firstA) {
          firstA = false;
          aStarted();
          await bHasDelivered;
        }
        record('A')(event);
      });
      const busB = new EventBus();
      busB.on('shared', 'consumer', (event) => {
        record('B')(event);
        bDelivered();
      });

      const relayA = new OutboxRelay(dataSource, busA, silent);
      const relayB = new OutboxRelay(second, busB, silent);
      const drainingA = relayA.kick();
      await aHasClaimed;
      await relayB.kick();
      await drainingA;
      await Promise.all([relayA.kick(), relayB.kick()]);

      expect(deliveries.size).toBe(TOTAL);
      const twice = [...deliveries.entries()].filter(([, by]) => by.length !== 1);
      expect(twice).toEqual([]);
      const by = [...deliveries.values()].map(([relay]) => relay);
      expect(by).toContain('A');
      expect(by).toContain('B');
      expect(await unpublished()).toBe(0);
      expect((await dataSource.query('SELECT DISTINCT attempts FROM outbox_events'))).toEqual([{ attempts: 1 }]);
    } finally {
      await second.destroy();
    }
  });
});
