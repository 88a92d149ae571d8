export { createTestDatabase, type TestDatabase } from './test-cluster.js';
