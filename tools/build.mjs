// Compiles apps/, libs/ and migrations/ to dist/ with SWC (type checking is `npm run typecheck`), then
// builds the web app (apps/web, Vite) into dist/apps/web, where the API serves it.
import { createRequire } from 'node:module';
import { readdir, mkdir, writeFile, rm } from 'node:fs/promises';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { transformFile } = require('@swc/core');
const { swcOptions, root } = require('./swc-options.cjs');

const sources = ['apps', 'libs', 'migrations'];
const outDir = path.join(root, 'dist');
const isSource = (file) =>
  file.endsWith('.ts') && !file.endsWith('.d.ts') && !/\.(spec|e2e-spec)\.ts$/.test(file);

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'web') yield* walk(full);
    } else if (isSource(full)) yield full;
  }
}

const started = Date.now();
await rm(outDir, { recursive: true, force: true });
let count = 0;
for (const top of sources) {
  for await (const file of walk(path.join(root, top))) {
    const rel = path.relative(root, file);
    const out = path.join(outDir, rel.replace(/\.ts$/, '.js'));
    const options = { ...swcOptions(), filename: file, sourceFileName: path.relative(path.dirname(out), file) };
    const { code, map } = await transformFile(file, options);
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, `${code}\n//# sourceMappingURL=${path.basename(out)}.map\n`);
    if (map) await writeFile(`${out}.map`, map);
    count++;
  }
}
console.log(`built ${count} files into dist/ in ${Date.now() - started} ms`);

if (!process.argv.includes('--api-only')) {
  const webStarted = Date.now();
  await import('./codegen.mjs');
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'apps/web/vite.config.ts'), logLevel: 'warn' });
  console.log(`built the web app into dist/apps/web in ${Date.now() - webStarted} ms`);
}
