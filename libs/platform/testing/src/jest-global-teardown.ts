import { stopTestCluster } from './test-cluster';

export default async function globalTeardown(): Promise<void> {
  const handle = (globalThis as { __swTestCluster?: Parameters<typeof stopTestCluster>[0] }).__swTestCluster;
  if (handle) await stopTestCluster(handle);
}
