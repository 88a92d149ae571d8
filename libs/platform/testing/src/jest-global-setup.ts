import { startTestCluster } from './test-cluster';

export default async function globalSetup(): Promise<void> {
  (globalThis as { __swTestCluster?: unknown }).__swTestCluster = await startTestCluster();
}
