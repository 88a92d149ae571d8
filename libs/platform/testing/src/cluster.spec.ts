import { DataSource } from 'typeorm';
import { createTestDatabase } from './test-cluster.js';

describe('test databases', () => {
  it('are cloned from the migrated template', async () => {
    const db = await createTestDatabase();
    const ds = new DataSource({ type: 'postgres', url: db.url });
    await ds.initialize();
    const rows: { name: string }[] = await ds.query('SELECT name FROM schema_migrations ORDER BY id');
    const names = rows.map((r) => r.name);
    expect(names.slice(0, 2)).toEqual(['PlatformFoundation1795300000000', 'Identity1795300000001']);
    // Applied in the order of their timestamps.
    const stamps = names.map((n) => Number(/(\d{13})$/.exec(n)![1]));
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    await ds.destroy();
    await db.drop();
  });
});
