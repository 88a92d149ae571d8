// Typed documents for every operation written with `graphql(...)` under src/, checked against the
// API's committed schema. Run by tools/codegen.mjs (part of typecheck and build); output is not committed.
/** @type {import('@graphql-codegen/cli').CodegenConfig} */
const config = {
  schema: 'apps/api/schema.graphql',
  documents: ['apps/web/src/**/*.{ts,tsx}', '!apps/web/src/gql/**'],
  ignoreNoDocuments: false,
  silent: true,
  generates: {
    'apps/web/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        strictScalars: true,
        scalars: { DateTime: 'string', JSONObject: 'Record<string, unknown>', JSON: 'unknown' },
      },
    },
  },
};

export default config;
