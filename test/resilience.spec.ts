import { DataSource } from 'typeorm';
import { ROLES, startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('when the database drops its connections', () => {
  it('answers with at most a generic error and recovers, with the process still up', async () => {
    const client = await t.signIn(ROLES.member);
    expect((await client.gql('{ me { email } }')).data).toBeTruthy();

    const admin = new DataSource({ type: 'postgres', url: process.env['SW_TEST_PG_URL'] });
    await admin.initialize();
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [t.database.name]);
    await admin.destroy();

    const first = await client.gql('{ me { email } }');
    if (first.errors) {
      expect(first.errors[0]!.extensions!.code).toBe('INTERNAL_SERVER_ERROR');
      expect(first.errors[0]!.message).toMatch(/^Internal error \(reference [0-9a-f-]{36}\)$/);
      expect(JSON.stringify(first)).not.toMatch(/terminat|SELECT|QueryFailedError/i);
    }
    const health = await fetch(`${t.url}/health`);
    expect(health.status).toBe(200);
    expect((await client.gql('{ me { email } }')).data).toEqual({ me: { email: ROLES.member } });
  });
});
