// Signing in (with and without a second factor), accepting an invitation, signing out, the
// Content-Security-Policy, and the screens around them (sign-in, invitation, home, organisation
// admin, my account) checked by axe at 1280 and 360 px in English and Turkish. Every page the harness
// opens also fails its test on a console or page error and on any request to another host.
import { generateSync } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import {
  apiSignIn,
  type BrowserApp,
  captureVariants,
  checkScreen,
  DEMO,
  DEMO_PASSWORD,
  documentCsp,
  errorBeside,
  gqlAs,
  type Language,
  launchBrowser,
  newAppContext,
  openAs,
  settled,
  startBrowserApp,
  text,
  VARIANTS,
} from './support/harness.js';

/** The code an authenticator app shows, `offset` time steps from now. */
const totpCode = (secret: string, offset = 0) => generateSync({ secret, epoch: (Math.floor(Date.now() / 30_000) + offset) * 30 });

describe('signing in, invitations, and the screens around them', () => {
  let app: BrowserApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startBrowserApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('sends a Content-Security-Policy that allows only the app’s own origin', async () => {
    for (const path of ['/', '/sign-in', '/invitation']) {
      const csp = await documentCsp(app, path);
      const directives = new Map(
        csp
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .filter(([name]) => name)
          .map(([name, ...sources]) => [name!, sources]),
      );
      expect(directives.get('default-src')).toEqual(["'self'"]);
      expect(directives.get('script-src')).toEqual(["'self'"]);
      expect(directives.get('style-src')).toEqual(["'self'"]);
      expect(directives.get('connect-src')).toEqual(["'self'"]);
      expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
      // Nothing inline, no eval, no other host or scheme anywhere.
      for (const [name, sources] of directives) {
        for (const source of sources) expect([name, source]).toEqual([name, expect.stringMatching(/^'(self|none)'$/)]);
      }
    }
  });

  it('refuses a wrong passphrase in words beside the field, then signs in, then signs out', async () => {
    const language: Language = 'en';
    const context = await newAppContext(browser, app, { language, width: 360 });
    const page = await context.newPage();
    await page.goto('/');
    await page.waitForURL('**/sign-in');
    await page.getByLabel(text(language, 'auth.email')).fill(DEMO.ece);
    await page.getByLabel(text(language, 'auth.password')).fill('not the passphrase at all');
    await page.getByRole('button', { name: text(language, 'auth.signIn.submit'), exact: true }).click();
    const message = await errorBeside(page, text(language, 'auth.password'));
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await checkScreen(page, 'sign-in-wrong-passphrase');

    // What was typed is still there; only the passphrase needs correcting.
    expect(await page.getByLabel(text(language, 'auth.email')).inputValue()).toBe(DEMO.ece);
    await page.getByLabel(text(language, 'auth.password')).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: text(language, 'auth.signIn.submit'), exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('heading', { level: 1, name: text(language, 'nav.home') }).waitFor();

    await page.getByRole('button', { name: text(language, 'nav.signOut') }).click();
    await page.getByRole('heading', { level: 1, name: text(language, 'auth.signIn.title') }).waitFor();
    // The session is over on the server too: a signed-out address shows the form again.
    await page.goto('/account');
    await page.getByLabel(text(language, 'auth.email')).waitFor();
    const answer = await context.request.post('/graphql', { data: { query: '{ me { id } }' } });
    expect(((await answer.json()) as { data?: { me: unknown } }).data?.me ?? null).toBeNull();
    await context.close();

    // The words say what was wrong, not that the person was signed out.
    expect(message.length).toBeGreaterThan(10);
    expect(message).not.toBe(text(language, 'error.UNAUTHENTICATED'));
  });

  it('asks an account with an authenticator app for its code, and says so when the code is wrong', async () => {
    // Tomás turns two-factor authentication on (through the API: the account screen is checked below).
    const token = await apiSignIn(app, DEMO.tomas);
    const enrollment = await gqlAs(app, token, 'mutation($p: String!) { beginTotpEnrollment(password: $p) { secret } }', { p: DEMO_PASSWORD });
    const secret = (enrollment.beginTotpEnrollment as { secret: string }).secret;
    await gqlAs(app, token, 'mutation($c: String!) { confirmTotpEnrollment(code: $c) { codes } }', { c: totpCode(secret) });

    const codeStep = async (page: Page, language: Language) => {
      await page.goto('/sign-in');
      await page.getByLabel(text(language, 'auth.email')).fill(DEMO.tomas);
      await page.getByLabel(text(language, 'auth.password')).fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: text(language, 'auth.signIn.submit'), exact: true }).click();
      await page.getByLabel(text(language, 'auth.totp')).waitFor();
    };
    for (const variant of VARIANTS) {
      const context = await newAppContext(browser, app, variant);
      const page = await context.newPage();
      await codeStep(page, variant.language);
      await checkScreen(page, 'sign-in-code');
      await context.close();
    }

    const language: Language = 'tr';
    const context = await newAppContext(browser, app, { language, width: 360 });
    const page = await context.newPage();
    await codeStep(page, language);
    const codeField = page.getByLabel(text(language, 'auth.totp'));
    await codeField.fill(String((Number(totpCode(secret)) + 500_000) % 1_000_000).padStart(6, '0'));
    await page.getByRole('button', { name: text(language, 'auth.signIn.submit'), exact: true }).click();
    const message = await errorBeside(page, text(language, 'auth.totp'));
    expect(new URL(page.url()).pathname).toBe('/sign-in');

    await codeField.fill(totpCode(secret, 1));
    await page.getByRole('button', { name: text(language, 'auth.signIn.submit'), exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('heading', { level: 1, name: text(language, 'nav.home') }).waitFor();
    await context.close();

    // The words say the code was wrong, not that the person was signed out.
    expect(message).not.toBe(text(language, 'error.UNAUTHENTICATED'));
    expect(message.length).toBeGreaterThan(10);
  });

  it('lets an admin invite someone by a link, and the invitee choose a passphrase and land signed in', async () => {
    const { context: adminContext, page: admin } = await openAs(browser, app, DEMO.deniz, { language: 'en' });
    await admin.goto('/admin');
    await admin.getByRole('heading', { level: 2, name: text('en', 'admin.invitations.title') }).waitFor();
    await admin.getByLabel(text('en', 'admin.invitations.email')).fill('new.colleague@demo.invalid');
    await admin.getByRole('button', { name: text('en', 'admin.invitations.create') }).click();
    const linkField = admin.getByLabel(text('en', 'admin.invitations.link'));
    await linkField.waitFor();
    const link = await linkField.inputValue();
    expect(link).toMatch(new RegExp(`^${app.url}/invitation#[^#\\s]+$`));

    const language: Language = 'tr';
    const context = await newAppContext(browser, app, { language, width: 360 });
    const page = await context.newPage();
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: text(language, 'auth.invitation.title') }).waitFor();
    // The token is taken from the address at once, so it is not left in the history.
    expect(page.url()).not.toContain('#');
    expect(await page.getByLabel(text(language, 'auth.invitation.token'), { exact: true }).inputValue()).toBe(link.split('#')[1]);
    await page.getByLabel(text(language, 'auth.invitation.displayName')).fill('Yeni Meslektaş');
    await page.getByLabel(text(language, 'auth.password.new')).fill('river lantern quiet harbour');
    await page.getByLabel(text(language, 'auth.password.confirm')).fill('river lantern quiet harbor');
    await page.getByRole('button', { name: text(language, 'auth.invitation.submit') }).click();
    expect(await errorBeside(page, text(language, 'auth.password.confirm'))).toBe(text(language, 'auth.password.mismatch'));

    await page.getByLabel(text(language, 'auth.password.confirm')).fill('river lantern quiet harbour');
    await page.getByRole('button', { name: text(language, 'auth.invitation.submit') }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('heading', { level: 1, name: text(language, 'nav.home') }).waitFor();
    const answer = await context.request.post('/graphql', { data: { query: '{ me { email } }' } });
    expect(((await answer.json()) as { data: { me: { email: string } } }).data.me.email).toBe('new.colleague@demo.invalid');
    await context.close();

    // The admin sees the invitation used.
    await admin.reload();
    await admin.getByText(text('en', 'admin.invitations.state.accepted'), { exact: true }).first().waitFor();
    await adminContext.close();
  });

  describe('every screen, at 1280 and 360 px, in English and Turkish', () => {
    it('sign-in', async () => {
      await captureVariants(browser, app, null, '/sign-in', 'sign-in', (page) => page.getByRole('textbox').first().waitFor());
    });

    it('invitation', async () => {
      await captureVariants(browser, app, null, '/invitation', 'invitation', (page) => page.getByRole('textbox').first().waitFor());
    });

    it('home: what needs me', async () => {
      await captureVariants(browser, app, DEMO.deniz, '/', 'home', (page) => settled(page));
    });

    it('organisation admin: members, invitations, two-factor policy, audit log', async () => {
      await captureVariants(browser, app, DEMO.deniz, '/admin', 'admin', async (page) => {
        await page.waitForURL(/\/admin\/[^/]+$/);
        await settled(page);
      });
    });

    it('my account: sessions, two-factor authentication, language', async () => {
      await captureVariants(browser, app, DEMO.deniz, '/account', 'account', (page) => settled(page));
    });
  });
});
