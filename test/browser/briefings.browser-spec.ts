import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  type BrowserApp,
  captureVariants,
  checkScreen,
  DEMO,
  errorBeside,
  expectFailedResource,
  launchBrowser,
  newAppContext,
  openAs,
  startBrowserApp,
  text,
} from './support/harness.js';

const TITLE = 'Witness list for the Ankara hearing';
const SEARCH_WORD = 'witnesses';
const ATTACHMENT = 'tanık-listesi.pdf';

/** A minimal valid one-page PDF 1.4 (catalogue, page tree, page, cross-reference table). */
function minimalPdf(): Buffer {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>'];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
const PDF = minimalPdf();

const attachmentsOf = (page: Page) => page.getByRole('region', { name: text('en', 'briefings.attachments') });
const attachmentLink = (page: Page) => attachmentsOf(page).getByRole('link', { name: text('en', 'briefings.attachments.download', { filename: ATTACHMENT }) });
const fileInput = (page: Page) => page.getByLabel(text('en', 'briefings.attach.file'), { exact: true });

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
  let downloadPath = '';
  let denizPage: Page;
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
    denizPage = page;
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

  it('Deniz attaches a PDF: the button says it is uploading, then the list shows the file and a status says so', async () => {
    const page = denizPage;
    await attachmentsOf(page).getByText(text('en', 'briefings.attachments.none')).waitFor();
    // Nothing chosen yet: the form says so beside the file input, without asking the server.
    await page.getByRole('button', { name: text('en', 'briefings.attach.submit'), exact: true }).click();
    expect(await errorBeside(page, text('en', 'briefings.attach.file'))).toBe(text('en', 'briefings.attach.pickFile'));

    await fileInput(page).setInputFiles({ name: ATTACHMENT, mimeType: 'application/pdf', buffer: PDF });

    // The upload is held on its way until the button has been seen saying that it is under way.
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const upload = /\/briefings\/[0-9a-f-]{36}\/attachments\?filename=/;
    await page.route(upload, async (route) => {
      await held;
      await route.continue();
    });
    await page.getByRole('button', { name: text('en', 'briefings.attach.submit'), exact: true }).click();
    const busy = page.getByRole('button', { name: text('en', 'briefings.attach.uploading'), exact: true });
    await busy.waitFor();
    expect(await busy.isDisabled()).toBe(true);
    release();

    await attachmentLink(page).waitFor();
    await page.getByRole('status').filter({ hasText: text('en', 'briefings.attach.done', { filename: ATTACHMENT }) }).waitFor();
    await page.unroute(upload);
    expect(await attachmentsOf(page).getByText(text('en', 'briefings.attachments.none')).count()).toBe(0);
    expect(await page.getByRole('button', { name: text('en', 'briefings.attach.submit'), exact: true }).isEnabled()).toBe(true);
    // The attached file is no longer chosen, so it cannot be sent twice by mistake.
    expect(await fileInput(page).inputValue()).toBe('');
    downloadPath = (await attachmentLink(page).getAttribute('href')) ?? '';
    expect(downloadPath).toMatch(/^\/briefing-attachments\/[0-9a-f-]{36}$/);
  });

  it('Deniz is refused a plain-text file in words beside the file input, and the list stays as it was (360 px)', async () => {
    const context = await newAppContext(browser, app, { width: 360, storageState: await denizPage.context().storageState() });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(briefingPath);
    await attachmentLink(page).waitFor();
    const listed = () => attachmentsOf(page).getByRole('listitem').allInnerTexts();
    const before = await listed();
    expect(before).toHaveLength(1);

    await fileInput(page).setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Plain text notes (fictional).\n') });
    // The refusal is the API's answer, which the browser also reports in its console.
    expectFailedResource(page, 400, /^\/briefings\/[0-9a-f-]{36}\/attachments$/);
    await page.getByRole('button', { name: text('en', 'briefings.attach.submit'), exact: true }).click();
    const message = await errorBeside(page, text('en', 'briefings.attach.file'));
    const lead = text('en', 'error.BAD_USER_INPUT');
    expect(message.slice(0, lead.length)).toBe(lead);
    expect(message).toContain('is not a PDF');

    expect(await listed()).toEqual(before);
    expect(await page.getByRole('status').filter({ hasText: 'notes.txt' }).count()).toBe(0);
    // What was chosen stays chosen; only the file needs changing.
    expect(await fileInput(page).inputValue()).toContain('notes.txt');
    await checkScreen(page, 'briefing-attach-refused');

    await page.reload();
    await attachmentLink(page).waitFor();
    expect(await listed()).toEqual(before);
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

  it('Ece sees the attached file, without the upload form, and downloads exactly the bytes attached', async () => {
    const { page } = await openAs(browser, app, DEMO.ece);
    contexts.push(page.context());
    await page.goto(briefingPath);
    await attachmentLink(page).waitFor();
    expect(await fileInput(page).count()).toBe(0);
    const [download] = await Promise.all([page.waitForEvent('download'), attachmentLink(page).click()]);
    expect(download.suggestedFilename()).toBe(ATTACHMENT);
    const saved = await readFile(await download.path());
    expect(saved.equals(PDF)).toBe(true);
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

  it('Selin, signed in but not named, gets 404 for the attachment’s address, and the answer does not name the file', async () => {
    const selin = await openAs(browser, app, DEMO.selin);
    contexts.push(selin.context);
    expect(downloadPath).toMatch(/^\/briefing-attachments\//);
    const answer = await selin.context.request.get(downloadPath);
    expect(answer.status()).toBe(404);
    const body = await answer.text();
    for (const secret of [ATTACHMENT, encodeURIComponent(ATTACHMENT), 'tanık', TITLE]) expect(body).not.toContain(secret);
    expect(answer.headers()['content-disposition']).toBeUndefined();
  });

  it('Deniz sees whom it is shared with, by name, and who has read it', async () => {
    const { page } = await openAs(browser, app, DEMO.deniz);
    contexts.push(page.context());
    await page.goto(briefingPath);
    // Kerem, of another organisation and named by his address, is named here too.
    const sharedWith = page.getByRole('region', { name: text('en', 'briefings.audience.current') });
    await expect(sharedWith.getByRole('definition').textContent()).resolves.toBe('Ece Yıldırımoğlu, Kerem Sarıkaya');
    const receipts = page.getByRole('table');
    await receipts.getByRole('rowheader', { name: 'Open Press Desk' }).waitFor();
    await receipts.getByText(/Kerem Sarıkaya/).waitFor();
    await receipts.getByText(/Ece Yıldırımoğlu/).waitFor();
  });

  it('captures the list, the reading view and the compose screen', async () => {
    await captureVariants(browser, app, DEMO.ece, '/briefings', 'briefings-list', (page) => page.getByRole('link', { name: TITLE }).waitFor());
    const attached = (page: Page) => page.getByRole('link', { name: new RegExp(ATTACHMENT) }).waitFor();
    await captureVariants(browser, app, DEMO.ece, briefingPath, 'briefing-read', async (page) => {
      await page.locator('.tlp--RED').waitFor();
      await attached(page);
    });
    // The source's view holds the upload form: checked by axe and for sideways scrolling at 360 px too.
    await captureVariants(browser, app, DEMO.deniz, briefingPath, 'briefing-source', async (page) => {
      await page.getByRole('table').waitFor();
      await attached(page);
      await page.locator('input[type="file"]').waitFor();
    });
    await captureVariants(browser, app, DEMO.deniz, '/briefings/new', 'briefing-compose', (page) =>
      page.getByRole('checkbox').first().waitFor(),
    );
  });
});
