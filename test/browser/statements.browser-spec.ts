import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  apiSignIn, type BrowserApp, captureVariants, DEMO, expectNoBrowserProblems, gqlAs, launchBrowser, openAs, startBrowserApp, text,
} from './support/harness.js';

const T = (key: string, values?: Record<string, string | number>) => text('en', key, values);

const ORIGINAL = [
  'We, the undersigned organisations, are alarmed by the detention of journalists.',
  '',
  'The hearings must be open to the public and to observers.',
  '',
  'We call for their immediate release.',
].join('\n');

const textArea = (page: Page) => page.getByLabel(T('statements.field.textIn', { language: 'English' }));
const signOnOf = (page: Page, organisation: string) => page.getByRole('group', { name: organisation });

async function save(page: Page, number: number): Promise<void> {
  await page.getByRole('button', { name: T('statements.editor.save') }).click();
  await page.getByText(T('statements.editor.saved', { number })).waitFor();
}

async function sign(page: Page, organisation: string, number: number, first: boolean): Promise<void> {
  const panel = signOnOf(page, organisation);
  if (first) {
    await panel.getByRole('button', { name: T('statements.signOn.review') }).click();
    await panel.getByText(T('statements.signOn.doneReview', { organisation })).waitFor();
  }
  await panel.getByRole('button', { name: T('statements.signOn.sign', { number, organisation }) }).click();
  await panel.getByText(T('statements.signOn.doneSign', { organisation, number })).waitFor();
}

describe('drafting and co-signing a joint statement', () => {
  let app: BrowserApp;
  let browser: Browser;
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

  it('three organisations draft with a conflicting edit, sign through their own panels, and the preview lists them', async () => {
    // Lantern Lawyers (Deniz, admin, and Ece, member) leads; Open Press Desk (Kerem) and Workers' Ledger (Nazlı) co-sign.
    const deniz = await openAs(browser, app, DEMO.deniz);
    const ece = await openAs(browser, app, DEMO.ece);
    const kerem = await openAs(browser, app, DEMO.kerem);
    const nazli = await openAs(browser, app, DEMO.nazli);
    contexts.push(deniz.context, ece.context, kerem.context, nazli.context);

    // Deniz starts the statement and invites the Kestrel network.
    await deniz.page.goto('/statements');
    await deniz.page.getByRole('link', { name: T('statements.list.new') }).click();
    await deniz.page.getByLabel(T('statements.field.title')).fill('Release the journalists of the Kestrel trial');
    await textArea(deniz.page).fill(ORIGINAL);
    await deniz.page.getByLabel('Kestrel Rights Network').check();
    await deniz.page.getByRole('button', { name: T('statements.create.submit') }).click();
    await deniz.page.getByRole('heading', { level: 1, name: 'Release the journalists of the Kestrel trial' }).waitFor();
    const id = new URL(deniz.page.url()).pathname.split('/')[2]!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    // Invited organisations do not see the draft yet.
    await kerem.page.goto(`/statements/${id}`);
    await kerem.page.getByText(T('error.NOT_FOUND')).waitFor();

    // Deniz opens it to the co-signers with a deadline.
    await deniz.page.getByLabel(T('statements.field.deadline')).fill('2030-01-15T12:00');
    await deniz.page.getByRole('button', { name: T('statements.lead.open') }).click();
    await deniz.page.getByText(T('statements.lead.opened')).waitFor();

    // Deniz and Ece edit the same text at once: Deniz the first paragraph, Ece the last.
    await deniz.page.goto(`/statements/${id}/edit`);
    await ece.page.goto(`/statements/${id}/edit`);
    const denizText = ORIGINAL.replace('are alarmed by', 'condemn');
    const eceText = ORIGINAL.replace('immediate release.', 'immediate and unconditional release.');
    await textArea(ece.page).fill(eceText);
    await textArea(deniz.page).fill(denizText);
    await save(deniz.page, 2);

    // Ece's text survives a reload; her save then shows that someone saved first.
    await ece.page.reload();
    await ece.page.getByText(T('statements.editor.stale', { number: 2 })).waitFor();
    expect(await textArea(ece.page).inputValue()).toBe(eceText);
    await ece.page.getByRole('button', { name: T('statements.editor.save') }).click();
    await ece.page.getByRole('heading', { name: T('statements.conflict.title') }).waitFor();

    // Each of them changed one passage: the merge keeps Deniz's first paragraph and Ece's last.
    const first = ece.page.getByRole('group', { name: T('statements.conflict.change', { number: 1, total: 2 }) });
    const second = ece.page.getByRole('group', { name: T('statements.conflict.change', { number: 2, total: 2 }) });
    expect(await first.getByLabel(T('statements.conflict.choice.theirs')).isChecked()).toBe(true);
    expect(await second.getByLabel(T('statements.conflict.choice.mine')).isChecked()).toBe(true);
    const merged = ece.page.getByLabel(T('statements.conflict.mergedText', { language: 'English' }));
    const both = ORIGINAL.replace('are alarmed by', 'condemn').replace('immediate release.', 'immediate and unconditional release.');
    expect(await merged.inputValue()).toBe(both);

    const token = await apiSignIn(app, DEMO.ece);
    const revisions = (await gqlAs(app, token, 'query($id: ID!) { statement(id: $id) { revisions(first: 10) { edges { node { id number } } } } }', { id })) as {
      statement: { revisions: { edges: { node: { id: string; number: number } }[] } };
    };
    const firstRevision = revisions.statement.revisions.edges.find((e) => e.node.number === 1)!.node.id;
    await captureVariants(browser, app, DEMO.ece, `/statements/${id}/edit`, 'statement-conflict', async (page) => {
      // A fresh tab with Ece's unsaved text based on revision 1: saving shows the conflict screen (and saves nothing).
      const language = await languageOf(page);
      await page.getByLabel(text(language, 'statements.field.title')).waitFor();
      const drafts = { [`sw.draft.statement.${id}.base`]: firstRevision, [`sw.draft.statement.${id}.text.en`]: eceText };
      await page.evaluate(`for (const [key, value] of Object.entries(${JSON.stringify(drafts)})) sessionStorage.setItem(key, value)`);
      await page.reload();
      await page.getByRole('button', { name: text(language, 'statements.editor.save') }).click();
      await page.getByRole('heading', { name: text(language, 'statements.conflict.title') }).waitFor();
    });

    await ece.page.getByRole('button', { name: T('statements.conflict.saveMerged', { number: 3 }) }).click();
    await ece.page.getByText(T('statements.editor.saved', { number: 3 })).waitFor();
    expect(await textArea(ece.page).inputValue()).toBe(both);

    await captureVariants(browser, app, DEMO.ece, `/statements/${id}/edit`, 'statement-editor', async (page) =>
      page.getByLabel(text(await languageOf(page), 'statements.field.title')).waitFor());

    // Open Press Desk reviews and signs revision 3 through its own panel.
    await kerem.page.goto(`/statements/${id}`);
    await sign(kerem.page, 'Open Press Desk', 3, true);

    // Deniz changes the text again: Open Press Desk is asked to reconfirm.
    await deniz.page.goto(`/statements/${id}/edit`);
    const finalText = both.replace('and to observers', 'and to international observers');
    await textArea(deniz.page).fill(finalText);
    await save(deniz.page, 4);

    await kerem.page.reload();
    const keremPanel = signOnOf(kerem.page, 'Open Press Desk');
    await keremPanel.getByText(T('statements.signOn.NEEDS_RECONFIRMATION')).waitFor();
    await captureVariants(browser, app, DEMO.kerem, `/statements/${id}`, 'statement-sign-on', async (page) =>
      page.getByRole('button', { name: text(await languageOf(page), 'statements.signOn.reconfirm', { number: 4 }) }).waitFor());
    await keremPanel.getByRole('button', { name: T('statements.signOn.reconfirm', { number: 4 }) }).click();
    await keremPanel.getByText(T('statements.signOn.doneSign', { organisation: 'Open Press Desk', number: 4 })).waitFor();

    // Workers' Ledger and Lantern Lawyers sign revision 4.
    await nazli.page.goto(`/statements/${id}`);
    await sign(nazli.page, "Workers' Ledger Union Forum", 4, true);
    await deniz.page.goto(`/statements/${id}`);
    await sign(deniz.page, 'Lantern Lawyers Collective', 4, false);

    // Deniz closes it for signatures; the preview lists the three signatories in alphabetical order.
    await deniz.page.getByRole('button', { name: T('statements.lead.close') }).click();
    await deniz.page.getByRole('button', { name: T('statements.lead.closeConfirm') }).click();
    await deniz.page.getByText(T('statements.status.CLOSED')).first().waitFor();
    await deniz.page.getByRole('link', { name: T('statements.preview.link') }).first().click();
    await deniz.page.getByRole('heading', { name: T('statements.preview.signatories', { count: 3 }) }).waitFor();
    expect(await deniz.page.locator('ol.signatories > li strong').allInnerTexts()).toEqual([
      'Lantern Lawyers Collective',
      'Open Press Desk',
      "Workers' Ledger Union Forum",
    ]);
    const exported = deniz.page.locator('.statement-export');
    await exported.getByText('international observers').waitFor();
    await exported.getByText("Workers' Ledger Union Forum").waitFor();

    await captureVariants(browser, app, DEMO.deniz, `/statements/${id}/preview`, 'statement-preview', async (page) =>
      page.getByRole('heading', { name: text(await languageOf(page), 'statements.preview.signatories', { count: 3 }) }).waitFor());
    await captureVariants(browser, app, DEMO.nazli, '/statements', 'statements', (page) =>
      page.getByRole('link', { name: 'Release the journalists of the Kestrel trial' }).waitFor());

    // Deniz publishes it now.
    await deniz.page.getByRole('button', { name: T('statements.preview.publish') }).click();
    await deniz.page.getByRole('button', { name: T('statements.preview.publishConfirm') }).click();
    const publishedOn = T('statements.preview.publishedOn', { date: '' }).replace(/\.$/, '').trim();
    await deniz.page.getByRole('status').filter({ hasText: publishedOn }).waitFor();
    expectNoBrowserProblems();
  }, 600_000);
});

/** The interface language the page was opened in (the harness sets it before every page). */
async function languageOf(page: Page): Promise<'en' | 'tr'> {
  return (await page.evaluate("localStorage.getItem('sw.language')")) === 'tr' ? 'tr' : 'en';
}
