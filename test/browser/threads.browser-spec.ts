import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  type BrowserApp, captureVariants, DEMO, expectNoBrowserProblems, launchBrowser, openAs, startBrowserApp, text,
} from './support/harness.js';

/** "Appears in the other browsers within a second." */
const LIVE = { timeout: 1_000 };

const messageNamed = (page: Page, words: string) => page.locator('article.thread-message').filter({ hasText: words });

/** The bodies of the messages on screen, top to bottom. */
const bodies = (page: Page) => page.locator('.thread-message__body').allInnerTexts();

async function post(page: Page, body: string): Promise<void> {
  await page.getByLabel(text('en', 'threads.composer.message'), { exact: true }).fill(body);
  await page.getByRole('button', { name: text('en', 'app.send'), exact: true }).click();
  // Sent and acknowledged: the draft is cleared only then.
  await messageNamed(page, body).waitFor();
  await page.getByLabel(text('en', 'threads.composer.message'), { exact: true }).and(page.locator(':not([readonly])')).waitFor();
}

describe('a live thread in a network space', () => {
  let app: BrowserApp;
  let browser: Browser;
  let threadPath = '';
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    app = await startBrowserApp();
    browser = await launchBrowser();
    // A fresh database with the demo data takes a while on a busy machine.
  }, 360_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await app?.stop();
  });

  it('reaches three organisations live, and a browser that was offline catches up without gaps or duplicates', async () => {
    // Deniz (Lantern Lawyers), Kerem (Open Press Desk) and Baran (Campus Voices): three member organisations of Kestrel.
    const deniz = await openAs(browser, app, DEMO.deniz);
    const kerem = await openAs(browser, app, DEMO.kerem);
    const baran = await openAs(browser, app, DEMO.baran);
    contexts.push(deniz.context, kerem.context, baran.context);

    // Deniz starts a thread in the network's space through the discussions page.
    await deniz.page.goto('/discussions');
    await deniz.page.getByRole('link', { name: 'Kestrel Rights Network' }).click();
    await deniz.page.getByLabel(text('en', 'threads.new.title')).fill('Hearing on Thursday');
    await deniz.page.getByRole('button', { name: text('en', 'threads.new.submit') }).click();
    await deniz.page.getByRole('heading', { name: 'Hearing on Thursday' }).waitFor();
    await deniz.page.getByText(text('en', 'threads.connection.live')).waitFor();
    const url = new URL(deniz.page.url());
    threadPath = `${url.pathname}${url.search}`;
    expect(url.searchParams.get('thread')).toMatch(/^[0-9a-f-]{36}$/);

    for (const { page } of [kerem, baran]) {
      await page.goto(threadPath);
      await page.getByRole('heading', { name: 'Hearing on Thursday' }).waitFor();
      await page.getByText(text('en', 'threads.connection.live')).waitFor();
    }

    // Typing shows in the others' browsers.
    await deniz.page.getByLabel(text('en', 'threads.composer.message'), { exact: true }).pressSequentially('The hearing');
    await kerem.page.getByText(text('en', 'threads.typing.one', { name: text('en', 'threads.typing.someone') })).waitFor({ timeout: 3_000 });

    // A message appears in the two other browsers within a second.
    await post(deniz.page, 'The hearing moved to 10:00, courtroom 4.');
    await messageNamed(kerem.page, 'courtroom 4').waitFor(LIVE);
    await messageNamed(baran.page, 'courtroom 4').waitFor(LIVE);

    // A reaction arrives live.
    const onKerem = messageNamed(kerem.page, 'courtroom 4');
    await onKerem.getByRole('button', { name: text('en', 'threads.reactions.add') }).click();
    await onKerem.getByRole('button', { name: text('en', 'threads.reactions.reactWith', { emoji: '👍' }) }).click();
    const reacted = text('en', 'threads.reactions.count', { emoji: '👍', count: 1 });
    await messageNamed(deniz.page, 'courtroom 4').getByRole('button', { name: reacted }).waitFor(LIVE);
    await messageNamed(baran.page, 'courtroom 4').getByRole('button', { name: reacted }).waitFor(LIVE);

    // An edit arrives live, marked as edited.
    const own = messageNamed(deniz.page, 'courtroom 4');
    await own.getByRole('button', { name: new RegExp(`^${text('en', 'app.edit')}`) }).click();
    await own.getByLabel(text('en', 'threads.message.editLabel')).fill('The hearing moved to 11:00, courtroom 4.');
    await own.getByRole('button', { name: text('en', 'app.save') }).click();
    for (const { page } of [kerem, baran]) {
      await messageNamed(page, '11:00, courtroom 4').waitFor(LIVE);
      await messageNamed(page, '11:00, courtroom 4').getByText(text('en', 'threads.message.edited')).waitFor(LIVE);
    }

    // Baran's connection drops; the others write three messages meanwhile.
    await baran.context.setOffline(true);
    await baran.page.getByText(text('en', 'threads.connection.offline')).waitFor({ timeout: 60_000 });
    await post(deniz.page, 'While you were away 1');
    await post(kerem.page, 'While you were away 2');
    await post(deniz.page, 'While you were away 3');
    await messageNamed(kerem.page, 'While you were away 3').waitFor(LIVE);

    // Back online: all three, once each, in order.
    await baran.context.setOffline(false);
    await baran.page.getByText(text('en', 'threads.connection.live')).waitFor({ timeout: 30_000 });
    await messageNamed(baran.page, 'While you were away 3').waitFor({ timeout: 5_000 });
    const seen = await bodies(baran.page);
    expect(seen).toEqual([
      'The hearing moved to 11:00, courtroom 4.',
      'While you were away 1',
      'While you were away 2',
      'While you were away 3',
    ]);
    // While offline, the browser itself reports its failed reconnection attempts; nothing else may go wrong.
    try {
      expectNoBrowserProblems();
    } catch (error) {
      const unexpected = (error as Error).message
        .split('\n')
        .slice(1)
        .map((line) => line.trim())
        .filter((line) => line && !/ERR_INTERNET_DISCONNECTED|WebSocket connection to .* failed/.test(line));
      if (unexpected.length) throw new Error(`problems in the browser:\n  ${unexpected.join('\n  ')}`);
    }
  }, 240_000);

  it('keeps an unsent message across a reload, and collects acknowledgements', async () => {
    const deniz = await openAs(browser, app, DEMO.deniz);
    const kerem = await openAs(browser, app, DEMO.kerem);
    contexts.push(deniz.context, kerem.context);
    for (const { page } of [deniz, kerem]) {
      await page.goto(threadPath);
      await page.getByText(text('en', 'threads.connection.live')).waitFor();
    }
    const composer = deniz.page.getByLabel(text('en', 'threads.composer.message'), { exact: true });
    await composer.fill('Please confirm you have the hearing papers.');
    await deniz.page.reload();
    await deniz.page.getByText(text('en', 'threads.connection.live')).waitFor();
    expect(await composer.inputValue()).toBe('Please confirm you have the hearing papers.');

    await deniz.page.getByLabel(text('en', 'threads.composer.askAck')).check();
    await deniz.page.getByRole('button', { name: text('en', 'app.send'), exact: true }).click();
    const request = messageNamed(kerem.page, 'hearing papers');
    await request.getByText(text('en', 'threads.ack.requested')).waitFor(LIVE);
    await request.getByRole('button', { name: text('en', 'threads.ack.action'), exact: true }).click();
    const mine = messageNamed(deniz.page, 'hearing papers');
    await mine.getByText(text('en', 'threads.ack.count', { count: 1 })).waitFor(LIVE);
    await mine.getByText(text('en', 'threads.ack.who')).click();
    await mine.getByText(/Kerem Sarıkaya —/).waitFor();
  }, 240_000);

  it('captures the discussions page and an open thread', async () => {
    // Eight screens (two widths, two languages, two screens), each with an axe run.
    expect(threadPath).not.toBe('');
    await captureVariants(browser, app, DEMO.kerem, '/discussions', 'discussions', (page) =>
      page.getByRole('link', { name: 'Kestrel Rights Network' }).waitFor());
    await captureVariants(browser, app, DEMO.kerem, threadPath, 'discussion-thread', async (page) => {
      await page.getByText('While you were away 3').waitFor();
      await page.locator('.thread-connection--live').waitFor();
    });
  }, 300_000);
});
