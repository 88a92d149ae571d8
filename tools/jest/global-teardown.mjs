import { stopTestCluster } from '../../dist/libs/platform/testing/src/test-cluster.js';

export default async function globalTeardown() {
  if (globalThis.__swTestCluster) await stopTestCluster(globalThis.__swTestCluster);
}
