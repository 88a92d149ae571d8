import { readFile } from 'node:fs/promises';
import { printApiSchema } from '../apps/api/src/schema.js';

describe('apps/api/schema.graphql', () => {
  it('is the schema the code generates (run `npm run schema:generate` after changing the API)', async () => {
    const committed = await readFile(new URL('../apps/api/schema.graphql', import.meta.url), 'utf8');
    expect(await printApiSchema()).toBe(committed);
  });
});
