import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EmulatorHandle } from '@zohokit/emulator';
import { CAMPAIGNS_SEED_LISTS, DESK_ORG_ID, DESK_SUPPORT_DEPARTMENT_ID, startEmulator } from '@zohokit/emulator';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { Zoho, type ZohoEvent } from 'zohokit';
import { describeFault } from '../../src/inspector/assets/describe-fault.js';

/*
 * The inspector in a real browser: Debian's chromium driven by playwright-core (no browser download). The
 * SDK talks to the emulator, the page shows what it did, and the page steers the emulator (a fault, a
 * double opt-in confirmation). A screenshot of every view goes to test-output/inspector/ at the repository root.
 */

const CHROMIUM = process.env.ZOHOKIT_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const OUT = join(ROOT, 'test-output', 'inspector');
/** The README's screenshot; rewritten only when missing or asked for, so a test run leaves the tree clean. */
const DOCS_SCREENSHOT = join(ROOT, 'docs', 'inspector.png');
const TOKEN_SHAPE = /1000\.[0-9a-f]{32}\.[0-9a-f]{32}/;
/** The page's ES modules: every one must load, as JavaScript, without an error. */
const MODULES = readdirSync(fileURLToPath(new URL('../../src/inspector/assets/', import.meta.url)))
  .filter((f) => f.endsWith('.js'))
  .sort();
const SCOPES = ['Desk.tickets.ALL', 'Desk.contacts.READ', 'Desk.basic.READ', 'ZohoCampaigns.contact.ALL'];

function chromiumMissing(): string {
  const where = `the inspector browser test needs Chromium at ${CHROMIUM}, and it is missing.`;
  if (process.env.CI === 'true') {
    return `${where} CI must install it (.ci/run runs 'apt-get install -y chromium' when 'command -v chromium' fails); this test never skips.`;
  }
  return `${where} Install it with 'sudo apt-get install -y chromium' (Debian/Ubuntu), or set ZOHOKIT_CHROMIUM to a Chromium binary. Playwright's own browser download is not used.`;
}

let emu: EmulatorHandle;
/** A second emulator with nothing in it, for the empty states. */
let blank: EmulatorHandle | undefined;
let browser: Browser;
let ready: Promise<void> | undefined;
let zoho: Zoho;
const sdkEvents: ZohoEvent[] = [];

/**
 * Inside the test, not in beforeAll: a failed hook would leave the test "skipped", and a missing browser must be
 * a failure.
 */
async function setUp(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(chromiumMissing());
  mkdirSync(OUT, { recursive: true });
  rmSync(join(OUT, 'failure.png'), { force: true }); // left by an earlier failed run
  const launching = chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  emu = await startEmulator();

  // The classic setup: a self client, a console grant code, and the code exchanged at the token endpoint.
  const client = await emu.control.createClient({ type: 'self', name: 'Contact form' });
  const { code } = await emu.control.mintGrantCode({ clientId: client.clientId, scope: SCOPES });
  const exchanged = await fetch(`${emu.url}/oauth/v2/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: client.clientId,
      client_secret: client.clientSecret,
      code,
    }),
  });
  const { refresh_token: refreshToken } = (await exchanged.json()) as { refresh_token?: string };
  if (!refreshToken) throw new Error('test setup: the code exchange gave no refresh token');
  zoho = new Zoho({
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    refreshToken,
    endpoints: emu.endpoints,
    desk: { orgId: DESK_ORG_ID },
    retry: { baseDelayMs: 20, maxDelayMs: 100 },
    onEvent: (event) => sdkEvents.push(event),
  });
  browser = await launching;
}

/** Once for the file; every test awaits it, so a failed setup fails each test instead of skipping it. */
const setUpOnce = (): Promise<void> => {
  ready ??= setUp();
  return ready;
};

afterAll(async () => {
  // The emulators first, with the pages still connected: close() must end the event stream, not wait on it.
  await emu?.close();
  await blank?.close();
  await browser?.close();
});

/**
 * A page that records what went wrong: page errors, console errors (a refused module or a CSP violation is
 * one), requests to other origins, and CSP violation events seen by the page itself.
 */
async function watchedPage(origin: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  // Fail on the step that went wrong, with what it waited for, well inside the test's own timeout.
  page.setDefaultTimeout(8_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('request', (request) => {
    if (new URL(request.url()).origin !== origin) problems.push(`external request: ${request.url()}`);
  });
  // Injected by the browser, not by the page, so the page's own CSP does not apply to it.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return { page, problems };
}

/** Holds every answer to `path` until `release()`: the page's state in between is the loading state. */
async function holdRoute(page: Page, path: string): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(`**${path}`, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

async function shoot(page: Page, view: string): Promise<void> {
  await page.screenshot({ path: join(OUT, `${view}.png`) });
}

async function openTab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();
  await page.getByRole('tabpanel', { name }).waitFor();
}

describe('emulator inspector in chromium', () => {
  it('shows what the SDK did and steers the emulator from the page', { timeout: 30_000 }, async () => {
    await setUpOnce();
    const ticket = await zoho.desk.tickets.create({
      subject: 'Printer on fire',
      departmentId: DESK_SUPPORT_DEPARTMENT_ID,
      description: 'Smoke coming out of tray 2.',
      contact: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' },
    });

    const { page, problems } = await watchedPage(new URL(emu.url).origin);
    /** Every module the browser fetched, with what it was served as. */
    const modules = new Map<string, string>();
    page.on('response', (response) => {
      const { pathname } = new URL(response.url());
      if (pathname.startsWith('/__emulator/inspector/') && pathname.endsWith('.js')) {
        modules.set(
          pathname.slice('/__emulator/inspector/'.length),
          `${response.status()} ${response.headers()['content-type']}`,
        );
      }
    });

    try {
      await walkThrough(page, ticket);
    } catch (error) {
      await shoot(page, 'failure').catch(() => undefined);
      throw error;
    }
    expect(await page.content()).not.toMatch(TOKEN_SHAPE);
    expect(problems).toEqual([]);
    // Every module of the assets folder was loaded, as JavaScript: none is dead, none was refused.
    expect([...modules.keys()].sort()).toEqual(MODULES);
    expect(new Set(modules.values())).toEqual(new Set(['200 text/javascript; charset=utf-8']));
  });

  it('shows a loading state while a view loads, then says in words that it is empty', { timeout: 30_000 }, async () => {
    await setUpOnce();
    blank = await startEmulator();
    const { page, problems } = await watchedPage(new URL(blank.url).origin);
    const release = await holdRoute(page, '/__emulator/desk/tickets');
    await page.goto(`${blank.url}/#desk`);
    await page.locator('html[data-ready="true"]').waitFor();

    // The answer is held: the table says it is loading, not that there are no tickets.
    const desk = page.getByRole('tabpanel', { name: 'Desk' });
    await desk.locator('#tickets-body td.loading').getByText('Loading…').waitFor();
    expect(await desk.getAttribute('aria-busy')).toBe('true');
    expect(await desk.locator('td.empty').count()).toBe(0);
    await shoot(page, 'desk-loading');

    release();
    await desk.getByText('No tickets yet — create one with zoho.desk.tickets.create(…)').waitFor();
    await desk.getByText('No contacts yet').waitFor();
    expect(await desk.getAttribute('aria-busy')).toBeNull();
    expect(await desk.locator('.loading').count()).toBe(0);

    await openTab(page, 'Overview');
    await page.locator('#clients-body').getByText('No clients yet — create one with').waitFor();
    await page.locator('#refresh-body').getByText('No refresh tokens yet').waitFor();
    await openTab(page, 'Requests');
    await page.locator('#requests-body').getByText('No requests yet').waitFor();
    await openTab(page, 'Faults');
    await page.locator('#faults-body').getByText('No faults queued').waitFor();
    // The revoke list fills from the refresh-token load, not the faults load: wait for it, do not read once.
    await page.locator('#revoke-select').getByText('No live refresh tokens').waitFor({ state: 'attached' });
    expect(await page.getByRole('button', { name: 'Revoke' }).isDisabled()).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows a control API error in the view instead of swallowing it', { timeout: 30_000 }, async () => {
    await setUpOnce();
    const { page } = await watchedPage(new URL(emu.url).origin);
    await page.route('**/__emulator/desk/contacts', (route) =>
      route.fulfill({
        status: 500,
        contentType: 'application/json',
        body: JSON.stringify({ error: 'contacts are on fire' }),
      }),
    );
    await page.goto(`${emu.url}/#desk`);
    const desk = page.getByRole('tabpanel', { name: 'Desk' });
    await desk.getByRole('alert').getByText('Could not load this view: contacts are on fire').waitFor();
    expect(await desk.locator('#tickets-body').textContent()).toBe('Could not load: contacts are on fire');
    await page.locator('#toast').getByText('Could not load desk: contacts are on fire').waitFor();

    // The next load that works replaces the error with the data.
    await page.unroute('**/__emulator/desk/contacts');
    await openTab(page, 'Overview');
    await openTab(page, 'Desk');
    await desk.getByRole('row', { name: /Printer on fire/ }).waitFor();
    expect(await desk.getByRole('alert').count()).toBe(0);
    await page.close();
  });

  it('scripts, clears and refuses faults, expires, revokes and resets from the page', { timeout: 30_000 }, async () => {
    await setUpOnce();
    const { page, problems } = await watchedPage(new URL(emu.url).origin);
    await page.goto(`${emu.url}/#faults`);
    await page.locator('html[data-ready="true"]').waitFor();
    const faults = page.getByRole('tabpanel', { name: 'Faults' });
    const toast = page.locator('#toast');
    const revokeChoice = () => faults.getByLabel('Refresh token').textContent();
    await expect.poll(revokeChoice).toContain('Contact form');

    // A JSON sequence, shown in the server's words, then cleared by its row's button.
    await faults.getByLabel('Path').fill('/api/v1/contacts');
    await faults.getByText('Script a sequence as JSON').click();
    await faults
      .getByLabel('Sequence (JSON array of faults)')
      .fill('[{ "status": 429, "retryAfter": 1 }, { "pass": true, "delayMs": 50 }]');
    await faults.getByRole('button', { name: 'Add sequence' }).click();
    const row = faults.getByRole('row', { name: /\/api\/v1\/contacts/ });
    await row.getByText('status 429, Retry-After 1').waitFor();
    expect(await row.locator('.badge').allTextContents()).toEqual(['status 429, Retry-After 1', 'pass, delay 50 ms']);
    await row.getByRole('button', { name: 'Clear faults on any method /api/v1/contacts' }).click();
    await faults.getByText('No faults queued').waitFor();
    expect(await emu.control.listFaults()).toEqual([]);

    // A bad field is named and focused; nothing is queued.
    await faults.getByLabel('Status').fill('99');
    await faults.getByRole('button', { name: 'Add fault' }).click();
    await toast.getByText('Status must be a whole number from 200 to 599.').waitFor();
    expect(await faults.getByLabel('Status').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('fault-status');
    expect(await emu.control.listFaults()).toEqual([]);

    await faults.getByRole('button', { name: 'Expire all access tokens' }).click();
    await toast.getByText(/^Expired \d+ access tokens?\.$/).waitFor();
    expect((await emu.control.tokens()).accessTokens.filter((t) => t.state === 'live')).toEqual([]);

    await faults.getByRole('button', { name: 'Revoke' }).click();
    await toast.getByText(/^Revoked the refresh token and \d+ access tokens?\.$/).waitFor();
    expect((await emu.control.tokens()).refreshTokens.map((t) => t.state)).toEqual(['revoked']);
    await expect.poll(revokeChoice).toBe('No live refresh tokens');

    await faults.getByRole('button', { name: 'Reset emulator state…' }).click();
    await page.getByRole('dialog', { name: 'Reset the emulator?' }).getByRole('button', { name: 'Reset' }).click();
    await toast.getByText('The emulator is back to its just-started state.').waitFor();
    expect(await emu.control.listClients()).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('picks a list and status of subscribers, pauses the live log and clears it', { timeout: 30_000 }, async () => {
    await setUpOnce();
    const { listKey, name } = CAMPAIGNS_SEED_LISTS.immediate;
    await emu.control.campaigns.seedSubscribers({ listKey, emails: ['ann@example.com'], status: 'active' });
    await emu.control.campaigns.seedSubscribers({ listKey, emails: ['bob@example.com'], status: 'bounce' });
    const { page, problems } = await watchedPage(new URL(emu.url).origin);
    await page.goto(`${emu.url}/#campaigns`);
    await page.locator('html[data-ready="true"]').waitFor();
    const campaigns = page.getByRole('tabpanel', { name: 'Campaigns' });
    await campaigns.getByRole('button', { name: `${name}: show subscribers` }).click();
    const emails = () => page.locator('#subscribers-body th').allTextContents();
    await expect.poll(emails).toEqual(expect.arrayContaining(['ann@example.com', 'bob@example.com']));
    await campaigns.getByLabel('Status').selectOption('bounce');
    await expect.poll(emails).toEqual(['bob@example.com']);
    await campaigns.getByLabel('Status').selectOption('unsub');
    await campaigns.getByText(`No unsubscribed subscribers on ${name}.`).waitFor();

    // Paused: a new request is held and counted, and drawn once "Live" is on again.
    await openTab(page, 'Requests');
    const requests = page.getByRole('tabpanel', { name: 'Requests' });
    await requests.getByLabel('Live').uncheck();
    await fetch(`${emu.url}/held/while/paused`);
    await requests.getByText('1 new while paused.', { exact: false }).waitFor();
    expect(await requests.locator('#requests-body').textContent()).not.toContain('/held/while/paused');
    await requests.getByLabel('Live').check();
    await requests.getByRole('button', { name: /\/held\/while\/paused/ }).waitFor();
    await requests.getByRole('button', { name: 'Clear log' }).click();
    await requests.getByText('No requests yet — point your app at this emulator').waitFor();
    expect(await emu.control.requests()).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows CRM modules with record counts, recent records, credits and concurrency', { timeout: 30_000 }, async () => {
    await setUpOnce();
    await emu.control.crm.seedRecords({ module: 'Accounts', count: 3 });
    const client = await emu.control.createClient({ type: 'self', name: 'CRM sync' });
    const { accessToken } = await emu.control.issueRefreshToken({ ...client, scope: 'ZohoCRM.modules.ALL' });
    const inserted = await fetch(`${emu.url}/crm/v8/Leads`, {
      method: 'POST',
      headers: { authorization: `Zoho-oauthtoken ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ data: [{ First_Name: 'Ada', Last_Name: 'Lovelace' }] }),
    });
    expect(inserted.status).toBe(201);
    const { credits } = await emu.control.crm.overview();
    const { page, problems } = await watchedPage(new URL(emu.url).origin);
    await page.goto(`${emu.url}/#crm`);
    await page.locator('html[data-ready="true"]').waitFor();
    const crm = page.getByRole('tabpanel', { name: 'CRM' });
    await expect.poll(() => crm.locator('tr[data-module="Accounts"] td').first().textContent()).toBe('3');
    expect(await crm.locator('tr[data-module="Leads"] td').first().textContent()).toBe('1');
    await crm.getByRole('row', { name: /Ada Lovelace/ }).waitFor();
    expect(await crm.locator('#crm-credits').textContent()).toBe(`${credits.used} of 51,000`);
    expect(await crm.locator('#crm-concurrency').textContent()).toBe('0 of 20');
    await shoot(page, 'crm');
    expect(problems).toEqual([]);
    await page.close();
  });
});

async function walkThrough(page: Page, ticket: { id: string; ticketNumber: string }): Promise<void> {
  await page.goto(`${emu.url}/`);
  await page.locator('html[data-ready="true"]').waitFor();
  await page
    .locator('#clients-body')
    .getByRole('row', { name: /Contact form/ })
    .waitFor();

  // Desk: the ticket the SDK created, with its detail view.
  await openTab(page, 'Desk');
  const desk = page.getByRole('tabpanel', { name: 'Desk' });
  const row = desk.getByRole('row', { name: /Printer on fire/ });
  await row.waitFor();
  expect(await row.textContent()).toContain('ada@example.com');
  await shoot(page, 'desk');
  await desk.getByRole('button', { name: `Ticket ${ticket.ticketNumber}: details` }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('Smoke coming out of tray 2.').waitFor();
  await shoot(page, 'desk-ticket');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  // The dialog gives the focus back to the button that opened it, on its close event, a task after it hides: a
  // tab focused before that loses the focus again, and the arrow key below would go to the button.
  await page.waitForFunction(
    (label) => document.activeElement?.getAttribute('aria-label') === label,
    `Ticket ${ticket.ticketNumber}: details`,
  );

  // Tabs follow the arrow keys.
  await page.getByRole('tab', { name: /^Desk/ }).focus();
  await page.keyboard.press('ArrowRight');
  expect(await page.getByRole('tab', { name: /^Campaigns/ }).getAttribute('aria-selected')).toBe('true');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-campaigns');

  // Faults: two 503s on GET /api/v1/tickets, through the page's form.
  await openTab(page, 'Faults');
  const faults = page.getByRole('tabpanel', { name: 'Faults' });
  await faults.getByLabel('Method').selectOption('GET');
  await faults.getByLabel('Path').fill('/api/v1/tickets');
  await faults.getByLabel('Answer').selectOption('status');
  await faults.getByLabel('Status').fill('503');
  await faults.getByLabel('Times in a row').fill('2');
  await faults.getByRole('button', { name: 'Add fault' }).click();
  const queued = faults.getByRole('row', { name: /\/api\/v1\/tickets/ });
  await queued.getByText('503').first().waitFor();
  // The page describes a fault with the server's own describeFault: the same words as the request log.
  expect(await queued.locator('.badge').allTextContents()).toEqual([
    describeFault({ status: 503 }),
    describeFault({ status: 503 }),
  ]);
  expect(await emu.control.listFaults()).toEqual([
    {
      method: 'GET',
      path: '/api/v1/tickets',
      sequence: [{ status: 503 }, { status: 503 }],
      activeUntil: null,
      mix: null,
    },
  ]);
  await shoot(page, 'faults');

  // Requests: filtered to the route, then the SDK's call arrives live: 503, 503 (retried), then 200.
  await openTab(page, 'Requests');
  const requests = page.getByRole('tabpanel', { name: 'Requests' });
  await requests.getByLabel('Method').selectOption('GET');
  await requests.getByLabel('Path contains').fill('/api/v1/tickets');
  const listed = await zoho.desk.tickets.list().toArray({ limit: 10 });
  expect(listed.map((t) => t.id)).toContain(ticket.id);
  expect(sdkEvents.filter((e) => e.type === 'retry')).toHaveLength(2);
  const statuses = () =>
    page
      .locator('#requests-body tr[data-request-id]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
  await expect.poll(statuses, { timeout: 5_000 }).toEqual(['200', '503', '503']);

  // The full exchange of a 503, with the credentials masked.
  await requests.locator('tr[data-status="503"]').first().getByRole('button').click();
  await dialog.getByText('status 503').waitFor();
  const detail = (await dialog.textContent()) ?? '';
  expect(detail).toMatch(/Zoho-oauthtoken 1000\.[0-9a-f]{2}…[0-9a-f]{2}/);
  expect(detail).toContain('503 Service Unavailable');
  expect(detail).not.toMatch(TOKEN_SHAPE);
  await shoot(page, 'request-detail');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await requests.getByLabel('Method').selectOption('');
  await requests.getByLabel('Path contains').fill('');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await shoot(page, 'requests');

  // Campaigns: a double opt-in subscription waits for its confirmation; the page plays the click.
  const listKey = CAMPAIGNS_SEED_LISTS.doubleOptIn.listKey;
  const subscribed = await zoho.campaigns.subscribe({
    listKey,
    email: 'grace@example.com',
    firstName: 'Grace',
    lastName: 'Hopper',
    source: 'contact form',
  });
  expect(subscribed.status).toBe('pending_confirmation');
  await openTab(page, 'Campaigns');
  const campaigns = page.getByRole('tabpanel', { name: 'Campaigns' });
  const confirm = campaigns.getByRole('button', {
    name: `Confirm grace@example.com on ${CAMPAIGNS_SEED_LISTS.doubleOptIn.name}`,
  });
  await confirm.first().waitFor();
  await shoot(page, 'campaigns');
  await confirm.first().click();
  await campaigns.getByText('Nobody is waiting for a confirmation.').waitFor();
  const subscribers = await emu.control.campaigns.subscribers(listKey);
  expect(subscribers.find((s) => s.email === 'grace@example.com')?.status).toBe('active');

  // Overview last, with everything that happened; it is also the README's picture.
  await openTab(page, 'Overview');
  await page
    .getByRole('row', { name: /refresh_token|authorization_code/ })
    .first()
    .waitFor();
  await shoot(page, 'overview');
  if (!existsSync(DOCS_SCREENSHOT) || process.env.ZOHOKIT_UPDATE_SCREENSHOT === '1') {
    copyFileSync(join(OUT, 'overview.png'), DOCS_SCREENSHOT);
  }
}
