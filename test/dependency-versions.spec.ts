import { readFileSync } from 'node:fs';

const installed = (name: string): string =>
  (JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8')) as { version: string }).version;

const atLeast = (version: string, minimum: string): boolean => {
  const a = version.split(/[.-]/).map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < b.length; i++) {
    if ((a[i] ?? 0) !== b[i]) return (a[i] ?? 0) > b[i]!;
  }
  return true;
};

// Versions below these have known holes in what we rely on (SECURITY.md 2 and 9).
describe.each([
  ['@apollo/server', '5.5.0'],
  ['socket.io', '4.6.2'],
  ['@casl/ability', '6.7.5'],
  ['@escape.tech/graphql-armor-max-depth', '2.4.2'],
])('%s', (name, minimum) => {
  it(`is at least ${minimum}`, () => {
    expect(atLeast(installed(name), minimum)).toBe(true);
  });
});
