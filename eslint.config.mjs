// One lint configuration for the workspace: typescript-eslint's syntactic rules (no type-aware
// rules, so a full run stays fast) and Nx module boundaries driven by the tags in each project.json.
import path from 'node:path';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';
import nxRules from '@nx/eslint-plugin/nx';
import prettier from 'eslint-config-prettier/flat';
import devkit from '@nx/devkit';

// @nx/enforce-module-boundaries only reads a cached project graph and silently skips itself when
// there is none (a fresh CI checkout) or uses a stale one; building it here makes the rule real.
const graph = await devkit.createProjectGraphAsync();

const specFiles = ['**/*.spec.ts', '**/*.e2e-spec.ts'];

// Aliases of projects tagged type:testing, found by tag so a new testing lib is covered too.
const testingRoots = Object.values(graph.nodes)
  .filter((node) => node.data.tags?.includes('type:testing'))
  .map((node) => `${node.data.root}/`);
const { compilerOptions } = devkit.readJsonFile(path.join(devkit.workspaceRoot, 'tsconfig.base.json'));
const testingAliases = Object.entries(compilerOptions.paths ?? {})
  .filter(([, targets]) => targets.some((target) => testingRoots.some((root) => target.startsWith(root))))
  .map(([alias]) => alias);

export default defineConfig(
  globalIgnores(['dist/', 'node_modules/', '.data/', 'coverage/', '.nx/', 'bench/tmp/', 'apps/web/src/gql/']),

  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommended],
    plugins: { '@nx': nxRules },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // `_`-prefixed parameters are positional placeholders (Nest decorators, interface shapes).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Files outside every project (migrations/, tools/, test/) are skipped by this rule by design.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          // Only specs import a testing lib (enforced below), so an edge into it never closes a
          // runtime cycle: a platform lib's spec uses @sw/testing, which itself uses @sw/database.
          ignoredCircularDependencies: [['tag:type:testing', '*']],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['*'] },
            // Other domains only through their `@sw/...` index: the rule already rejects relative
            // and deep imports across projects.
            { sourceTag: 'scope:domain', onlyDependOnLibsWithTags: ['scope:platform', 'scope:domain'] },
            { sourceTag: 'scope:platform', onlyDependOnLibsWithTags: ['scope:platform'] },
            // Migrations are plain SQL steps: they depend on nothing of ours.
            { sourceTag: 'type:migrations', onlyDependOnLibsWithTags: [] },
          ],
        },
      ],
    },
  },

  // Production code never imports test helpers. This is per file, not per project, which tags cannot
  // express: notDependOnLibsWithTags is transitive over a graph that includes every spec's imports.
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts', 'migrations/**/*.ts'],
    ignores: specFiles,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: testingAliases.map((alias) => ({
            group: [alias, `${alias}/**`],
            message: `${alias} is tagged type:testing: import it from *.spec.ts / *.e2e-spec.ts files only.`,
          })),
        },
      ],
    },
  },

  {
    files: [...specFiles, 'test/**/*.ts'],
    rules: {
      // Test doubles and partial fixtures sometimes need it; keep it visible without failing the build.
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },

  // Last, so formatting is left to the formatter.
  prettier,
);
