export { createTestDatabase, freePort, type TestDatabase } from './test-cluster.js';
