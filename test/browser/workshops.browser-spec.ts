import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type BrowserApp, captureVariants, DEMO, expectNoBrowserProblems, launchBrowser, openAs, startBrowserApp, text } from './support/harness.js';

const t = (key: string, values?: Record<string, string | number>) => text('en', key, values);
const TITLE = 'Documenting hearings in İzmir';

/** A `datetime-local` value some weeks ahead, in the browser's own time zone. */
function local(daysAhead: number, hour: number): string {
  const d = new Date(Date.now() + daysAhead * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hour)}:00`;
}

async function register(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.getByRole('link', { name: t('workshops.mine.register'), exact: true }).click();
  await page.getByLabel(t('workshops.protected.phone')).fill('+90 555 010 20 30');
  await page.getByLabel(t('workshops.protected.travelNeeds')).fill('Arriving the evening before by bus');
  await page.getByRole('button', { name: t('workshops.register.submit'), exact: true }).click();
  await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
}

describe('registering for a full workshop and being promoted from the waiting list', () => {
  let app: BrowserApp;
  let browser: Browser;
  let path = '';
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    app = await startBrowserApp();
    browser = await launchBrowser();
  }, 360_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await app?.stop();
  });

  it('seats two, waitlists the third with their place, and seats them when someone cancels', async () => {
    // Deniz, admin of Lantern Lawyers, creates the workshop for 2 and opens it to the Kestrel network.
    const deniz = await openAs(browser, app, DEMO.deniz);
    contexts.push(deniz.context);
    const organiser = deniz.page;
    await organiser.goto('/workshops');
    await organiser.getByRole('link', { name: t('workshops.list.create') }).click();
    await organiser.getByLabel(t('workshops.form.title')).fill(TITLE);
    await organiser.getByLabel(t('workshops.form.description')).fill('A **working** meeting on trial monitoring.');
    await organiser.getByLabel(t('workshops.form.startsAt'), { exact: true }).fill(local(40, 8));
    await organiser.getByLabel(t('workshops.form.endsAt'), { exact: true }).fill(local(41, 17));
    await organiser.getByLabel(t('workshops.form.city')).fill('İzmir');
    await organiser.getByLabel(t('workshops.form.capacity')).fill('2');
    await organiser.getByRole('button', { name: t('workshops.create.submit') }).click();
    await organiser.getByText(t('workshops.create.done')).waitFor();
    path = new URL(organiser.url()).pathname.replace(/\/edit$/, '');

    await organiser.getByRole('checkbox', { name: 'Kestrel Rights Network' }).check();
    await organiser.getByRole('button', { name: t('workshops.audience.save') }).click();
    await organiser.getByText(t('workshops.audience.saved')).waitFor();

    const sessionForm = organiser.getByRole('form', { name: t('workshops.agenda.add') });
    await sessionForm.getByLabel(t('workshops.agenda.sessionTitle')).fill('Opening circle');
    await sessionForm.getByLabel(t('workshops.agenda.startsAt'), { exact: true }).fill(local(40, 9));
    await sessionForm.getByLabel(t('workshops.agenda.endsAt'), { exact: true }).fill(local(40, 10));
    await sessionForm.getByRole('button', { name: t('workshops.agenda.addSubmit') }).click();
    await organiser.getByText(t('workshops.agenda.saved')).waitFor();
    await organiser.locator('.ws-session').filter({ hasText: 'Opening circle' }).waitFor();

    await organiser.getByRole('button', { name: t('workshops.statusAction.OPEN') }).click();
    await organiser.getByRole('status').filter({ hasText: t('workshops.status.OPEN') }).waitFor();

    // Ece (Lantern Lawyers) and Kerem (Open Press Desk) take the two places.
    const ece = await openAs(browser, app, DEMO.ece);
    const kerem = await openAs(browser, app, DEMO.kerem);
    const baran = await openAs(browser, app, DEMO.baran);
    contexts.push(ece.context, kerem.context, baran.context);
    for (const member of [ece.page, kerem.page]) {
      await register(member, path);
      await member.getByText(t('workshops.mine.sentence.CONFIRMED')).waitFor();
    }

    // Baran (Campus Voices) finds it full and is told their place on the waiting list.
    await register(baran.page, path);
    await baran.page.getByText(t('workshops.mine.waitlisted', { place: 1, capacity: 2 })).waitFor();

    // Ece cancels; the freed place goes to Baran, who sees it after a reload.
    await ece.page.getByRole('button', { name: t('workshops.mine.cancel') }).click();
    await ece.page.getByRole('button', { name: t('workshops.mine.cancelYes') }).click();
    await ece.page.getByText(t('workshops.mine.sentence.CANCELLED')).waitFor();
    await baran.page.reload();
    await baran.page.getByText(t('workshops.mine.sentence.CONFIRMED')).waitFor();

    // The organiser sees the table, and the protected details once asked for (the reading is audited).
    await organiser.goto(`${path}/participants`);
    await organiser.getByText(t('workshops.participants.auditNote')).waitFor();
    await organiser.getByRole('button', { name: t('workshops.participants.showProtected') }).click();
    const table = organiser.getByRole('table', { name: t('workshops.participants.caption') });
    await table.getByRole('columnheader', { name: t('workshops.protected.phone') }).waitFor();
    await table.getByRole('cell', { name: '+90 555 010 20 30' }).first().waitFor();
    await table.getByRole('row').filter({ hasText: 'Baran' }).getByText(t('workshops.state.CONFIRMED')).waitFor();

    // Tasks: add one for an organiser, then tick it off.
    await organiser.goto(`${path}/tasks`);
    const taskForm = organiser.getByRole('form', { name: t('workshops.tasks.add') });
    await taskForm.getByLabel(t('workshops.tasks.taskTitle')).fill('Book the interpreters');
    await taskForm.getByLabel(t('workshops.tasks.assignee')).selectOption({ label: 'Deniz Avcı' });
    await taskForm.getByRole('button', { name: t('workshops.tasks.addSubmit') }).click();
    await organiser.getByRole('checkbox', { name: 'Book the interpreters' }).check();
    await organiser.getByText(t('workshops.tasks.done'), { exact: true }).waitFor();
    expectNoBrowserProblems();
  }, 300_000);

  it('captures the workshop screens in both languages at both widths', async () => {
    const heading = (page: Page) => page.locator('h1').waitFor();
    await captureVariants(browser, app, DEMO.deniz, '/workshops', 'workshops-list', async (page) => {
      await heading(page);
      await page.locator('ul.list li').first().waitFor();
    });
    await captureVariants(browser, app, DEMO.baran, path, 'workshops-detail', async (page) => {
      await page.locator('.ws-session').first().waitFor();
    });
    await captureVariants(browser, app, DEMO.selin, `${path}/register`, 'workshops-register', async (page) => {
      await page.locator('fieldset.ws-protected').waitFor();
    });
    await captureVariants(browser, app, DEMO.deniz, `${path}/participants`, 'workshops-participants', async (page) => {
      await page.locator('table.ws-table').waitFor();
      await page.locator('.ws-audit button').click();
      await page.locator('th.ws-protected-col').first().waitFor();
    });
    await captureVariants(browser, app, DEMO.deniz, `${path}/tasks`, 'workshops-tasks', async (page) => {
      await page.locator('.ws-task').first().waitFor();
    });
  }, 600_000);
});
