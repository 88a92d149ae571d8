import { DataSource } from 'typeorm';
import { createTestDatabase } from './test-cluster.js';

describe('test databases', () => {
  it('are cloned from the migrated template', async () => {
    const db = await createTestDatabase();
    const ds = new DataSource({ type: 'postgres', url: db.url });
    await ds.initialize();
    const rows: { name: string }[] = await ds.query('SELECT name FROM schema_migrations ORDER BY id');
    expect(rows.map((r) => r.name)).toEqual(['PlatformFoundation1795300000000', 'Identity1795300000001', 'RealtimeAttachments1795300000002']);
    await ds.destroy();
    await db.drop();
  });
});
