/**
 * The status page in a real browser (Debian's chromium, driven by playwright-core; no browser download), on a
 * real relay whose worker delivers to the real emulator over HTTP: the key is asked for and a wrong one refused,
 * the counts, a dead letter with Zoho's reason and fix, retry one and discard all, a cross-site form that cannot
 * act, and the pause with its cause. A screenshot of each step goes to test-output/relay-status/.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DESK_SUPPORT_DEPARTMENT_ID } from '@zohokit/emulator';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { AdminDeliveryView } from '../../src/index.js';
import { type RelayTenant, startRelayTenant, until } from '../support/relay-tenant.js';
import { rawRequest, startIntake, type TestIntake } from './support/intake.js';

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
const OUT = fileURLToPath(new URL('../../../../test-output/relay-status/', import.meta.url));
/** The page's ES modules: every one must load, as JavaScript, without an error. */
const MODULES = readdirSync(fileURLToPath(new URL('../../src/http/status-page/', import.meta.url)))
  .filter((f) => f.endsWith('.js'))
  .sort();
/** The browser's own line for an answer the page expected (the refused key): not a fault of the page. */
const REFUSED_KEY_LINE = /Failed to load resource: the server responded with a status of 40[13]/;

let tenant: RelayTenant | undefined;
let intake: TestIntake | undefined;
let browser: Browser | undefined;
let attacker: Server | undefined;

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (attacker ? attacker.close(resolve) : resolve(undefined)));
  await intake?.close();
  await tenant?.close();
});

async function watchedPage(origin: string): Promise<{ page: Page; problems: string[] }> {
  if (!browser) throw new Error('no browser');
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !REFUSED_KEY_LINE.test(message.text())) {
      problems.push(`console: ${message.text()}`);
    }
  });
  page.on('request', (request) => {
    if (new URL(request.url()).origin !== origin) problems.push(`external request: ${request.url()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return { page, problems };
}

const form = (n: number, departmentId?: string) => ({
  email: `customer${n}@example.com`,
  subject: `Order #${n} has not arrived`,
  message: 'I ordered last week and nothing came.',
  lastName: `Customer ${n}`,
  ...(departmentId ? { departmentId } : {}),
});

async function deliveries(i: TestIntake, state: string): Promise<AdminDeliveryView[]> {
  return (await i.call(`/v1/deliveries?state=${state}`)).json.deliveries;
}

/** A page on another origin with a plain HTML form that posts to the relay, as a hostile site would. */
async function startAttacker(target: string): Promise<string> {
  const html = `<!doctype html><form method="POST" action="${target}/v1/deliveries/discard">
    <input name="all" value="true"><button id="go" type="submit">Win a prize</button></form>`;
  attacker = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html));
  await new Promise<void>((resolve) => attacker?.listen(0, '127.0.0.1', resolve));
  // `localhost`, not 127.0.0.1: another site as the browser counts sites, whatever port.
  return `http://localhost:${(attacker.address() as AddressInfo).port}/`;
}

describe('relay status page in chromium', () => {
  it('refuses a wrong key, shows counts and dead letters, retries and discards, and shows a pause', {
    timeout: 45_000,
  }, async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `the status page browser test needs Chromium at ${CHROMIUM}: install it (apt-get install -y chromium) or set ZOHOKIT_CHROMIUM; this test never skips`,
      );
    }
    mkdirSync(OUT, { recursive: true });
    const launching = chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    tenant = await startRelayTenant();
    const i = await startIntake(tenant, { defaultDepartmentId: DESK_SUPPORT_DEPARTMENT_ID, start: true });
    intake = i;
    browser = await launching;

    // Two tickets Desk takes, two it refuses for good (no such department).
    for (const n of [1, 2]) expect((await i.call('/v1/tickets', { body: form(n) })).status).toBe(202);
    for (const n of [3, 4]) expect((await i.call('/v1/tickets', { body: form(n, '999999999') })).status).toBe(202);
    await until(
      () => i.relay.status(),
      (s) => s.counts.byState.delivered === 2 && s.counts.byState.dead === 2,
    );
    const dead = await deliveries(i, 'dead');
    expect(dead).toHaveLength(2);
    const reason = dead[0]?.lastError;
    expect(reason?.code).toBeTruthy();
    expect(reason?.fix).toBeTruthy();

    const origin = new URL(i.url).origin;
    const { page, problems } = await watchedPage(origin);
    const answers: Record<string, string | undefined>[] = [];
    const modules = new Map<string, string>();
    page.on('response', (r) => {
      const { pathname } = new URL(r.url());
      if (pathname === '/') answers.push(r.headers());
      if (pathname.endsWith('.js'))
        modules.set(pathname.replace('/status-page/', ''), `${r.status()} ${r.headers()['content-type']}`);
    });
    try {
      await page.goto(`${i.url}/`);
      await page.locator('html[data-ready="true"]').waitFor();
      expect(answers[0]?.['content-security-policy']).toContain("default-src 'none'");
      expect(answers[0]?.['content-security-policy']).toContain("form-action 'none'");

      // A wrong key, then a publishable one: refused, with the relay's reason in words.
      const keyInput = page.getByLabel('Secret key');
      await keyInput.fill(`zr_sk_0123456789abcdef_${'A'.repeat(43)}`);
      await page.getByRole('button', { name: 'Open' }).click();
      await page.locator('#key-error').getByText('The relay refused the key: The API key is not valid').waitFor();
      expect(await page.locator('#dashboard').isHidden()).toBe(true);
      await keyInput.fill(i.publishable);
      await page.getByRole('button', { name: 'Open' }).click();
      await page.locator('#key-error').getByText('publishable key').waitFor();
      await page.screenshot({ path: join(OUT, 'sign-in-refused.png') });

      await keyInput.fill(i.secret);
      await page.getByRole('button', { name: 'Open' }).click();
      await page.locator('#dashboard').waitFor();
      const count = (state: string) => page.locator(`#counts [data-state="${state}"] dd`);
      expect(await count('delivered').textContent()).toBe('2');
      expect(await count('dead').textContent()).toBe('2');
      expect(await count('pending').textContent()).toBe('0');

      // Each dead letter with Zoho's code, its reason and the fix.
      const rows = page.locator('#dead-body tr[data-id]');
      expect(await rows.count()).toBe(2);
      const first = page.locator(`#dead-body tr[data-id="${dead[0]?.id}"]`);
      expect(await first.locator('td.reason').textContent()).toContain(reason?.code ?? '?');
      expect(await first.locator('td.reason').textContent()).toContain(reason?.summary ?? '?');
      expect(await first.locator('td.fix').textContent()).toBe(reason?.fix);
      await page.screenshot({ path: join(OUT, 'dead-letters.png'), fullPage: true });

      // Retry one: it goes again (and, the department still missing, dies again after a second attempt).
      const retried = dead[0]?.id ?? '';
      await page.getByRole('button', { name: `Retry ${retried}` }).click();
      await page.locator('#action-result').getByText(`Retried delivery ${retried}: 1 due now.`).waitFor();
      await until(
        () => i.relay.get(retried),
        (d) => d?.state === 'dead' && d.attempts === 2,
      );
      await page.locator(`#dead-body tr[data-id="${retried}"] td:nth-child(3)`).getByText('2').waitFor();
      expect((await i.relay.get(dead[1]?.id ?? ''))?.attempts).toBe(1);

      // A hostile site's form posting to the relay: no Authorization header, so refused, and nothing changes.
      const hostile = await startAttacker(i.url);
      const other = await browser.newPage();
      await other.goto(hostile);
      const [refused] = await Promise.all([
        other.waitForResponse((r) => r.url().endsWith('/v1/deliveries/discard')),
        other.click('#go'),
      ]);
      expect(refused.status()).toBe(401);
      await other.close();
      expect((await i.relay.status()).counts.byState).toMatchObject({ dead: 2, discarded: 0 });

      // Discard all, after an inline confirmation.
      await page.getByRole('button', { name: 'Discard all' }).click();
      await page.getByRole('alertdialog').getByText('Discard all 2 dead and expired deliveries').waitFor();
      await page.locator('#confirm-yes').click();
      await page.locator('#dead-body').getByText('No dead letters: nothing is waiting for a person.').waitFor();
      await page.locator('#counts [data-state="discarded"] dd').getByText('2').waitFor();
      expect((await i.relay.status()).counts.byState).toMatchObject({ dead: 0, discarded: 2 });

      // The login revoked in Zoho: the next delivery pauses the queue, and the page says why and what to do.
      await tenant.emulator.control.revokeToken(tenant.refreshToken);
      expect((await i.call('/v1/tickets', { body: form(5) })).status).toBe(202);
      const paused = await until(
        () => i.relay.status(),
        (s) => s.paused !== undefined,
      );
      const banner = page.getByRole('region', { name: 'The queue is paused' });
      await banner.waitFor();
      await banner.getByText(paused.paused?.reason ?? '?').waitFor();
      expect(await page.locator('#pause-fix').textContent()).toBe(paused.paused?.fix);
      expect(await page.locator('#pause-facts').textContent()).toContain(`code ${paused.paused?.code}`);
      await page.screenshot({ path: join(OUT, 'paused.png'), fullPage: true });

      // Customer addresses and keys never reach the page.
      const html = await page.content();
      expect(html).not.toMatch(/customer\d@example\.com/);
      expect(html).not.toContain(i.secret);
      expect(problems).toEqual([]);
      expect([...modules.keys()].sort()).toEqual(MODULES);
      expect(new Set(modules.values())).toEqual(new Set(['200 text/javascript; charset=utf-8']));
    } catch (error) {
      await page.screenshot({ path: join(OUT, 'failure.png'), fullPage: true }).catch(() => undefined);
      throw error;
    }

    // The Host check covers the page too (DNS rebinding).
    const rebound = await rawRequest(i.url, { method: 'GET', path: '/', headers: { host: 'evil.example' } });
    expect(rebound.status).toBe(403);
  });

  it('shows a loading state, then says in words when the relay does not answer', { timeout: 20_000 }, async () => {
    const i = intake;
    if (!i || !browser) throw new Error('the first test sets up the relay and the browser');
    const { page, problems } = await watchedPage(new URL(i.url).origin);
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let failing = false;
    await page.route('**/v1/status', async (route) => {
      await held;
      if (failing)
        await route.fulfill({
          status: 503,
          contentType: 'application/json',
          body: '{"error":{"code":"queue_unavailable","message":"The queue is not answering"}}',
        });
      else await route.continue();
    });
    await page.goto(`${i.url}/`);
    await page.getByLabel('Secret key').fill(i.secret);
    await page.getByRole('button', { name: 'Open' }).click();
    await page.locator('#connection-text').getByText('Checking the key…').waitFor();
    expect(await page.locator('#dashboard').isHidden()).toBe(true);
    failing = true;
    release();
    await page.getByRole('alert').getByText('Could not read the relay: The queue is not answering').waitFor();
    expect(await page.locator('#connection').getAttribute('data-state')).toBe('down');
    // The key was not refused, so it is kept: the page tries again on its own.
    expect(await page.evaluate(() => sessionStorage.getItem('zohokit-relay-key'))).toBe(i.secret);
    failing = false;
    await page.locator('#dashboard').waitFor({ timeout: 8_000 });
    await page.locator('#connection-text').getByText('Live').waitFor();
    expect(problems.filter((p) => !/status of 503/.test(p))).toEqual([]);
  });
});
