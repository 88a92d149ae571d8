import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { printApiSchema } from './schema.js';

// Writes apps/api/schema.graphql; a test fails when the committed file is stale.
await writeFile(new URL('../../../../apps/api/schema.graphql', import.meta.url), await printApiSchema());
process.stdout.write('apps/api/schema.graphql written\n');
