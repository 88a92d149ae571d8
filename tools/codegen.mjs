// Generates the web app's typed GraphQL documents (apps/web/src/gql/) from apps/api/schema.graphql and
// the operations written in apps/web/src. An operation that does not fit the schema fails here.
import { generate } from '@graphql-codegen/cli';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const config = (await import(path.join(root, 'apps/web/codegen.config.mjs'))).default;
const started = Date.now();
await generate(config, true);
console.log(`generated typed GraphQL documents in ${Date.now() - started} ms`);
