import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type BrowserApp, captureVariants, DEMO, launchBrowser, openAs, startBrowserApp, text } from './support/harness.js';

const TITLE = 'Witness list for the Ankara hearing';
const SEARCH_WORD = 'witnesses';

/** The RED banner and its handling rule in words, as a recipient sees them. */
async function expectRedBanner(page: Page): Promise<void> {
  const banner = page.getByRole('region', { name: text('en', 'briefings.tlp.bannerLabel') });
  await banner.getByText('TLP:RED', { exact: true }).waitFor();
  await banner.getByText(text('en', 'briefings.handling.RED')).waitFor();
  expect(await banner.getAttribute('class')).toContain('tlp--RED');
}

async function search(page: Page, words: string): Promise<void> {
  await page.getByRole('searchbox', { name: text('en', 'briefings.search') }).fill(words);
  await page.getByRole('button', { name: text('en', 'briefings.search.submit'), exact: true }).click();
}

const listed = (page: Page) => page.getByRole('list', { name: text('en', 'briefings.title') }).getByRole('link', { name: TITLE });

describe('a RED briefing reaches exactly the people it names', () => {
  let app: BrowserApp;
  let browser: Browser;
  let briefingPath = '';
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    app = await startBrowserApp();
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await app?.stop();
  });

  it('Deniz writes it for Ece and Kerem; the picker offers only people for RED', async () => {
    const deniz = await openAs(browser, app, DEMO.deniz);
    contexts.push(deniz.context);
    const { page } = deniz;
    await page.goto('/briefings');
    await page.getByRole('link', { name: text('en', 'briefings.new') }).click();
    await page.getByRole('heading', { level: 1, name: text('en', 'briefings.compose.new') }).waitFor();
    await page.getByLabel(text('en', 'briefings.compose.title'), { exact: true }).fill(TITLE);
    await page.getByLabel(text('en', 'briefings.compose.summary')).fill('Two witnesses agreed to testify (fictional).');
    await page.getByLabel(text('en', 'briefings.compose.body'), { exact: true }).fill('The two **witnesses** (fictional): A. B. and C. D. Do not contact them directly.');

    // The body of a draft survives a reload.
    await page.reload();
    await expect(page.getByLabel(text('en', 'briefings.compose.body'), { exact: true }).inputValue()).resolves.toContain('Do not contact them');

    await page.getByLabel(text('en', 'briefings.compose.tlp'), { exact: true }).selectOption('RED');
    const picker = page.getByRole('group', { name: text('en', 'briefings.picker.legend') });
    await picker.getByText(text('en', 'briefings.picker.rule.RED')).waitFor();
    // RED: named people only; neither organisations nor networks are offered.
    await expect(picker.getByText(text('en', 'briefings.audience.organisations'), { exact: true }).count()).resolves.toBe(0);
    await expect(picker.getByText(text('en', 'briefings.audience.networks'), { exact: true }).count()).resolves.toBe(0);
    await picker.getByRole('checkbox', { name: /Ece Yıldırımoğlu/ }).check();
    // Members of other organisations are never listed: Kerem is named by his address.
    await expect(picker.getByRole('checkbox', { name: /Kerem Sarıkaya/ }).count()).resolves.toBe(0);
    await page.getByLabel(text('en', 'briefings.picker.byEmail')).fill(DEMO.kerem);
    await page.getByRole('button', { name: text('en', 'briefings.picker.byEmail.add'), exact: true }).click();
    await picker.getByRole('checkbox', { name: /Kerem Sarıkaya/, checked: true }).waitFor();
    await page.getByRole('button', { name: text('en', 'briefings.compose.saveAndPublish') }).click();

    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await expectRedBanner(page);
    briefingPath = new URL(page.url()).pathname;
    expect(briefingPath).toMatch(/^\/briefings\/[0-9a-f-]{36}$/);
  });

  it('Ece finds it in her list and reads it under the RED banner', async () => {
    const ece = await openAs(browser, app, DEMO.ece);
    contexts.push(ece.context);
    await ece.page.goto('/briefings');
    await listed(ece.page).click();
    await ece.page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await expectRedBanner(ece.page);
    await ece.page.getByText('Do not contact them directly.').waitFor();
  });

  it('Kerem, in another organisation, finds it by searching and reads it', async () => {
    const kerem = await openAs(browser, app, DEMO.kerem);
    contexts.push(kerem.context);
    await kerem.page.goto('/briefings');
    await search(kerem.page, SEARCH_WORD);
    await listed(kerem.page).click();
    await kerem.page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await expectRedBanner(kerem.page);
  });

  it('Selin, a colleague of Kerem not named, neither finds it nor opens it by its address', async () => {
    const selin = await openAs(browser, app, DEMO.selin);
    contexts.push(selin.context);
    const { page } = selin;
    await page.goto('/briefings');
    await page.getByText(text('en', 'briefings.none')).waitFor();
    await expect(listed(page).count()).resolves.toBe(0);
    await search(page, SEARCH_WORD);
    await page.getByText(text('en', 'briefings.none')).waitFor();
    await expect(listed(page).count()).resolves.toBe(0);

    await page.goto(briefingPath);
    await page.getByRole('heading', { level: 1, name: text('en', 'briefings.notFound') }).waitFor();
    const shown = await page.locator('main').innerText();
    expect(shown).not.toContain(TITLE);
    // The same answer as for an address that never existed.
    await page.goto('/briefings/0190f0c2-0000-7000-8000-000000000000');
    await page.getByRole('heading', { level: 1, name: text('en', 'briefings.notFound') }).waitFor();
    expect(await page.locator('main').innerText()).toBe(shown);
  });

  it('Deniz sees who has read it', async () => {
    const { page } = await openAs(browser, app, DEMO.deniz);
    contexts.push(page.context());
    await page.goto(briefingPath);
    const receipts = page.getByRole('table');
    await receipts.getByRole('rowheader', { name: 'Open Press Desk' }).waitFor();
    await receipts.getByText(/Kerem Sarıkaya/).waitFor();
    await receipts.getByText(/Ece Yıldırımoğlu/).waitFor();
  });

  it('captures the list, the reading view and the compose screen', async () => {
    await captureVariants(browser, app, DEMO.ece, '/briefings', 'briefings-list', (page) => page.getByRole('link', { name: TITLE }).waitFor());
    await captureVariants(browser, app, DEMO.ece, briefingPath, 'briefing-read', (page) => page.locator('.tlp--RED').waitFor());
    await captureVariants(browser, app, DEMO.deniz, briefingPath, 'briefing-source', (page) => page.getByRole('table').waitFor());
    await captureVariants(browser, app, DEMO.deniz, '/briefings/new', 'briefing-compose', (page) =>
      page.getByRole('checkbox').first().waitFor(),
    );
  });
});
