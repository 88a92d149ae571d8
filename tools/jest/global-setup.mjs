// Starts one embedded PostgreSQL for the whole run and migrates the template database. Runs the
// built code in dist/ (Jest loads global setup outside its module system): `npm test` builds first.
import { migrations } from '../../dist/migrations/index.js';
import { startTestCluster } from '../../dist/libs/platform/testing/src/test-cluster.js';

export default async function globalSetup() {
  globalThis.__swTestCluster = await startTestCluster(migrations);
}
