// The browser-test harness: the built app on a fresh embedded database with the demo network, driven
// in Debian's Chromium through playwright-core. Every page it opens fails the test on a page error, a
// console error, or a request to any host but the app's own; checkScreen runs axe (WCAG 2.1 A + AA),
// checks the screen fits its width, and saves a full-page screenshot under apps/web/screenshots/.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type ConsoleMessage, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@sw/identity';
import { freePort } from '../../support/built-app.js';

export { DEMO_PASSWORD };

export type Language = 'en' | 'tr';

// The web app's own catalogues, loaded at run time (they are written for the web app's bundler, not
// for the server's TypeScript settings), so that tests find controls by the words people read.
const catalogue = async (language: Language) =>
  ((await import(path.resolve(`apps/web/src/i18n/${language}/index.ts`))) as Record<Language, Record<string, string>>)[language];
const catalogues: Record<Language, Record<string, string>> = { en: await catalogue('en'), tr: await catalogue('tr') };

/** The demo accounts by first name (libs/identity/src/demo-seed.ts). */
export const DEMO = {
  operator: 'operator@demo.invalid',
  deniz: 'deniz@demo.invalid',
  ece: 'ece@demo.invalid',
  kerem: 'kerem@demo.invalid',
  selin: 'selin@demo.invalid',
  baran: 'baran@demo.invalid',
  nazli: 'nazli@demo.invalid',
  margit: 'margit@demo.invalid',
  lucas: 'lucas@demo.invalid',
  ines: 'ines@demo.invalid',
  tomas: 'tomas@demo.invalid',
  hanna: 'hanna@demo.invalid',
} as const;

/** An interface string as the app shows it, for getByRole/getByLabel in either language. */
export function text(language: Language, key: string, values?: Record<string, string | number>): string {
  const template = catalogues[language][key];
  if (template === undefined) throw new Error(`no interface string "${key}" in ${language}`);
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (values && name in values ? String(values[name]) : whole));
}

export const SCREENSHOT_DIR = path.resolve('apps/web/screenshots');
const WIDTHS = [1280, 360] as const;
const LANGUAGES: Language[] = ['en', 'tr'];
/** Every language and width a screen is checked in, for specs that open a screen their own way. */
export const VARIANTS: { language: Language; width: number }[] = LANGUAGES.flatMap((language) => WIDTHS.map((width) => ({ language, width })));
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// ---------------------------------------------------------------------------------------------
// The app

export interface BrowserApp {
  /** The app's origin, e.g. http://127.0.0.1:41234 */
  url: string;
  /** The server's output so far (for a failure message). */
  output(): string;
  stop(): Promise<void>;
}

/** Sessions signed in through the form, by account, reused by captureVariants (the API limits sign-ins per account). */
const sessions = new WeakMap<BrowserApp, Map<string, Awaited<ReturnType<BrowserContext['storageState']>>>>();

/** Servers still running when Jest exits early (a timeout, Ctrl-C) are asked to stop with it. */
const running = new Set<ChildProcess>();
process.once('exit', () => running.forEach((child) => child.kill('SIGTERM')));

/**
 * The built app (run `npm run build` first) on a fresh temporary embedded PostgreSQL with the demo
 * data. It runs from a copy of dist/, so a build started meanwhile cannot pull files from under it.
 */
export async function startBrowserApp(): Promise<BrowserApp> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sw-browser-'));
  // As root, PostgreSQL runs as another user, who must be able to pass through to its folder.
  chmodSync(dir, 0o711);
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const built = path.join(dir, 'dist');
  cpSync(path.resolve('dist'), built, { recursive: true });
  symlinkSync(path.resolve('node_modules'), path.join(dir, 'node_modules'), 'dir');
  const main = path.join(built, 'apps/api/src/main.js');
  if (!existsSync(main) || !existsSync(path.join(built, 'apps/web/index.html'))) {
    remove();
    throw new Error('dist/ has no built API and web app: run `npm run build` first');
  }
  const port = await freePort();
  const child = spawn(process.execPath, [main], {
    cwd: dir,
    env: {
      PATH: process.env['PATH'] ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: path.join(dir, 'data'),
      EMBEDDED_PG_PORT: String(await freePort()),
      SEED_DEMO: 'true',
      // Many browser contexts sign in from 127.0.0.1; the per-account limit still applies.
      SIGNIN_LIMIT_PER_ADDRESS: '100000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  running.add(child);
  const stop = async () => {
    running.delete(child);
    if (child.exitCode === null && child.signalCode === null) {
      // The server stops its embedded PostgreSQL on SIGTERM.
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(killer);
    }
    remove();
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, exited);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  const app: BrowserApp = { url, output: () => output, stop };
  sessions.set(app, new Map());
  return app;
}

async function waitForHealth(url: string, exited: Promise<void>): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 180_000; // a first start creates the database cluster
  while (Date.now() < deadline) {
    if (gone) throw new Error('the app exited before it was ready');
    const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url}/health did not answer within 180 s`);
}

/** Signs in over GraphQL (for setting data up, not for what the test is about). Returns the bearer token. */
export async function apiSignIn(app: BrowserApp, email: string, extra: Record<string, string> = {}): Promise<string> {
  const body = await gqlAs(app, null, 'mutation($input: SignInInput!) { signIn(input: $input) { token } }', {
    input: { email, password: DEMO_PASSWORD, ...extra },
  });
  return (body.signIn as { token: string }).token;
}

/** A GraphQL request to the app; throws on any error in the answer. */
export async function gqlAs(app: BrowserApp, token: string | null, query: string, variables?: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

// ---------------------------------------------------------------------------------------------
// The browser

const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** What went wrong in pages of this test: page errors, console errors, requests to other hosts. */
const problems: string[] = [];

// Registered at load by every spec that imports the harness: a test with a problem in any page fails.
afterEach(() => {
  const found = problems.splice(0);
  if (found.length) throw new Error(`problems in the browser:\n  ${found.join('\n  ')}`);
});

/** Throws now when a page has had a problem (also checked after every test). */
export function expectNoBrowserProblems(): void {
  const found = problems.splice(0);
  if (found.length) throw new Error(`problems in the browser:\n  ${found.join('\n  ')}`);
}

interface ScreenInfo {
  language: Language;
}
const screens = new WeakMap<BrowserContext, ScreenInfo>();

export interface ContextOptions {
  language?: Language;
  width?: number;
  storageState?: Awaited<ReturnType<BrowserContext['storageState']>>;
}

/**
 * A browser context on the app, signed out: the language set as a returning visitor's choice
 * (localStorage, before every page), locale and time zone of a reader in Istanbul, and watchers that
 * record page errors, console errors and requests to any host but the app's own.
 */
export async function newAppContext(browser: Browser, app: BrowserApp, options: ContextOptions = {}): Promise<BrowserContext> {
  const language = options.language ?? 'en';
  const width = options.width ?? 1280;
  const origin = new URL(app.url);
  const context = await browser.newContext({
    baseURL: app.url,
    viewport: { width, height: width <= 480 ? 740 : 900 },
    locale: language === 'tr' ? 'tr-TR' : 'en-GB',
    timezoneId: 'Europe/Istanbul',
    ...(options.storageState ? { storageState: options.storageState } : {}),
  });
  screens.set(context, { language });
  // Runs before the app's own scripts on every page; not governed by the page's CSP.
  await context.addInitScript({
    content: `try { localStorage.setItem('sw.language', ${JSON.stringify(language)}); } catch { /* the context's locale applies */ }`,
  });
  const sameHost = (url: string) => {
    if (/^(data|blob|about):/.test(url)) return true;
    const target = new URL(url);
    return target.hostname === origin.hostname && target.port === origin.port;
  };
  // Requests elsewhere are stopped and counted: the app may load nothing from another host.
  await context.route(
    (url) => !sameHost(url.href),
    (route) => {
      problems.push(`request to another host: ${route.request().method()} ${route.request().url()}`);
      return route.abort('blockedbyclient');
    },
  );
  context.on('page', (page) => watchPage(page, sameHost));
  return context;
}

/** Refusals a test provokes on purpose, by page (see expectFailedResource). */
const expectedFailures = new WeakMap<Page, { status: number; path: RegExp }[]>();

/**
 * The browser reports every non-2xx answer as a console error. A test that provokes one on purpose
 * (a refused upload) announces it here: one such report, of this status for a path matching `path`,
 * is then not a problem.
 */
export function expectFailedResource(page: Page, status: number, path: RegExp): void {
  expectedFailures.set(page, [...(expectedFailures.get(page) ?? []), { status, path }]);
}

function wasExpected(page: Page, message: ConsoleMessage): boolean {
  const reported = /^Failed to load resource: the server responded with a status of (\d+)/.exec(message.text());
  if (!reported) return false;
  const expected = expectedFailures.get(page) ?? [];
  const pathname = new URL(message.location().url, page.url()).pathname;
  const at = expected.findIndex((e) => e.status === Number(reported[1]) && e.path.test(pathname));
  if (at < 0) return false;
  expected.splice(at, 1);
  return true;
}

function watchPage(page: Page, sameHost: (url: string) => boolean): void {
  page.on('pageerror', (error) => problems.push(`page error on ${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !wasExpected(page, message)) problems.push(`console error on ${page.url()}: ${message.text()}`);
  });
  page.on('websocket', (socket) => {
    if (!sameHost(socket.url())) problems.push(`websocket to another host: ${socket.url()}`);
  });
}

/** Signs in through the form of a fresh page (the email address and the demo passphrase). */
export async function signInThroughForm(page: Page, email: string, language: Language, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel(text(language, 'auth.email')).fill(email);
  await page.getByLabel(text(language, 'auth.password')).fill(password);
  await page.getByRole('button', { name: text(language, 'auth.signIn.submit'), exact: true }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in', { timeout: 15_000 });
}

/** A new context and page signed in as `email` through the sign-in form. */
export async function openAs(
  browser: Browser,
  app: BrowserApp,
  email: string,
  options: { language?: Language; width?: number } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const language = options.language ?? 'en';
  const context = await newAppContext(browser, app, options);
  const page = await context.newPage();
  await signInThroughForm(page, email, language);
  sessions.get(app)?.set(email, await context.storageState());
  return { context, page };
}

/** A page signed in as `email`, reusing a session this app already signed in through the form when it is still valid. */
async function openSignedIn(browser: Browser, app: BrowserApp, email: string, options: { language: Language; width: number }) {
  const saved = sessions.get(app)?.get(email);
  if (saved) {
    const context = await newAppContext(browser, app, { ...options, storageState: saved });
    const answer = await context.request.post('/graphql', { data: { query: '{ me { id } }' } });
    const body = (await answer.json()) as { data?: { me?: { id: string } | null } };
    if (body.data?.me?.id) return { context, page: await context.newPage() };
    await context.close();
    sessions.get(app)?.delete(email);
  }
  return openAs(browser, app, email, options);
}

// ---------------------------------------------------------------------------------------------
// Checking a screen

let axeSource: string | null = null;
function axe(): string {
  axeSource ??= readFileSync(createRequire(path.resolve('package.json')).resolve('axe-core'), 'utf8');
  return axeSource;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * Axe (WCAG 2.1 A and AA) on the page as it is, a check that nothing overflows the width (no
 * horizontal scrolling of the document), then a full-page screenshot to
 * apps/web/screenshots/<name>.<language>.<width>.png. Throws listing every violation.
 */
export async function checkScreen(page: Page, name: string): Promise<void> {
  const language = screens.get(page.context())?.language ?? 'en';
  const width = page.viewportSize()?.width ?? 1280;
  // Evaluated through the DevTools protocol, which the page's CSP (scripts from 'self' only) does not govern.
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(axe());
  const violations = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_TAGS)} }, resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) })))`,
  )) as AxeViolation[];
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.${language}.${width}.png`);
  // The screenshot is taken before failing, so a violation can be looked at.
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' });
  if (violations.length) {
    const lines = violations.map(
      (v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n      ${v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`).join('\n      ')}`,
    );
    throw new Error(`axe found ${violations.length} WCAG 2.1 AA violation(s) on "${name}" (${language}, ${width} px, ${page.url()}):\n  ${lines.join('\n  ')}`);
  }
  const overflow = (await page.evaluate(
    '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })',
  )) as { scrollWidth: number; innerWidth: number };
  if (overflow.scrollWidth > overflow.innerWidth) {
    throw new Error(
      `"${name}" (${language}, ${width} px) scrolls sideways: the document is ${overflow.scrollWidth} px wide in a ${overflow.innerWidth} px window`,
    );
  }
  expectNoBrowserProblems();
}

/**
 * Opens `path` at 1280 and 360 px, in English and Turkish, as `email` (null: signed out), waits for
 * `ready`, then runs checkScreen. Signs in through the form once per account and app, then reuses
 * that session.
 */
export async function captureVariants(
  browser: Browser,
  app: BrowserApp,
  email: string | null,
  path: string,
  name: string,
  ready: (page: Page) => Promise<void>,
): Promise<void> {
  for (const { language, width } of VARIANTS) {
    const { context, page } = email
      ? await openSignedIn(browser, app, email, { language, width })
      : await newAppContext(browser, app, { language, width }).then(async (context) => ({ context, page: await context.newPage() }));
    try {
      await page.goto(path);
      await ready(page);
      await checkScreen(page, name);
    } finally {
      await context.close();
    }
  }
}

/** The field's error, read through its aria-describedby as a screen reader would, once it is shown. */
export async function errorBeside(page: Page, label: string): Promise<string> {
  const field = page.getByLabel(label, { exact: true });
  await field.and(page.locator('[aria-invalid="true"]')).waitFor({ timeout: 10_000 });
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(' ').filter((id) => id.endsWith('-error'));
  expect(ids).toHaveLength(1);
  const message = page.locator(`[id="${ids[0]}"]`);
  expect(await message.isVisible()).toBe(true);
  expect(await message.getAttribute('role')).toBe('alert');
  return (await message.innerText()).trim();
}

/**
 * Waits until the screen has its h1 and nothing on it still says it is loading (QueryState's
 * role=status "Loading…", in either language).
 */
export async function settled(page: Page, timeout = 15_000): Promise<void> {
  await page.locator('h1').first().waitFor({ timeout });
  const loading = [text('en', 'app.loading'), text('tr', 'app.loading')];
  // A function, not a string: the page's CSP forbids evaluating strings in it.
  await page.waitForFunction(
    (words) => {
      const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> } }).document;
      return !Array.from(doc.querySelectorAll('[role=status]')).some((e) => words.includes((e.textContent ?? '').trim()));
    },
    loading,
    { timeout },
  );
}

/** The Content-Security-Policy header the app sends with its document at `path`. */
export async function documentCsp(app: BrowserApp, path = '/'): Promise<string> {
  const response = await fetch(`${app.url}${path}`, { headers: { accept: 'text/html' } });
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return response.headers.get('content-security-policy') ?? '';
}
