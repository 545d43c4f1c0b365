/**
 * examples/contact-form in a real browser (Debian's chromium through playwright-core, no download): the site
 * posts to a relay with a publishable key for its origin. Desk is down (an emulator outage) when the visitor
 * sends the form, the page says "received" at once, and once Desk is back exactly one ticket exists and the
 * delivery is `delivered` (GET /v1/deliveries/:id with a secret key, and on the relay's status page). Also: the
 * honeypot (a bot is told "received", nothing is stored), field errors on 400, and a page of another origin
 * (refused by CORS, nothing stored).
 */
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { type ContactFormDemo, startContactFormDemo } from '../../examples/contact-form/dev.js';
import { serveSite } from '../../examples/contact-form/serve.js';

const CHROMIUM = process.env.ZOHOKIT_CHROMIUM ?? '/usr/bin/chromium';
// The flags of ../shared/toolchain.md: headless, and no background connections to blocked hosts.
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

let demo: ContactFormDemo;
let browser: Browser;

let started: Promise<void> | undefined;

/** In each test, not in beforeAll: a failed hook would leave the tests "skipped", and a missing browser must fail. */
function setUp(): Promise<void> {
  started ??= (async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `the contact-form browser test needs Chromium at ${CHROMIUM}: 'sudo apt-get install -y chromium', or set ZOHOKIT_CHROMIUM; it never skips`,
      );
    }
    demo = await startContactFormDemo(
      {},
      { pollMs: 50, probeIntervalMs: 300, schedule: { baseDelayMs: 50, maxDelayMs: 300 } },
    );
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  })();
  return started;
}

afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out; last saw ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function fill(page: Page, fields: { name: string; email: string; subject: string; message: string }) {
  for (const [name, value] of Object.entries(fields)) await page.fill(`[name="${name}"]`, value);
}

const total = async () => Object.values((await demo.relay.status()).counts.byState).reduce((a, b) => a + b, 0);

describe('examples/contact-form', () => {
  it('says "received" at once while Desk is down, and the ticket arrives once when Desk is back', async () => {
    await setUp();
    const page = await browser.newPage();
    try {
      await page.goto(demo.siteUrl);
      await fill(page, {
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        subject: 'My order has not arrived',
        message: 'Order 42, placed a week ago.',
      });
      await page.check('[name="newsletter"]');
      await demo.emulator.control.outage({ forMs: 60_000 });
      const ticketAnswer = page.waitForResponse(
        (r) => r.url().endsWith('/v1/tickets') && r.request().method() === 'POST',
      );
      const signUpAnswer = page.waitForResponse(
        (r) => r.url().endsWith('/v1/subscriptions') && r.request().method() === 'POST',
      );
      const sentAt = Date.now();
      await page.click('button[type="submit"]');
      await page.waitForSelector('#status.received', { timeout: 3000 });
      const shownMs = Date.now() - sentAt;
      expect(await page.textContent('#status')).toMatch(/Received.*newsletter/);
      expect(shownMs).toBeLessThan(3000);
      const ticket = (await (await ticketAnswer).json()) as { id: string; state: string };
      const signUp = (await (await signUpAnswer).json()) as { id: string };
      expect(ticket.state).toBe('pending');
      expect(await demo.emulator.control.desk.tickets()).toHaveLength(0);

      await demo.emulator.control.endOutage();
      const tickets = await until(
        () => demo.emulator.control.desk.tickets(),
        (all) => all.length > 0,
      );
      const read = async (id: string) => {
        const r = await fetch(`${demo.relayUrl}/v1/deliveries/${id}`, {
          headers: { authorization: `Bearer ${demo.secretKey}` },
        });
        return (await r.json()) as { state: string; result?: { id?: string } };
      };
      const delivery = await until(
        () => read(ticket.id),
        (d) => d.state === 'delivered',
      );
      await until(
        () => read(signUp.id),
        (d) => d.state === 'delivered',
      );
      const after = await demo.emulator.control.desk.tickets();
      expect(after).toHaveLength(1);
      expect(tickets[0]).toMatchObject({ subject: 'My order has not arrived' });
      expect(delivery.result?.id).toBe(after[0]?.id);

      // The relay's status page, signed in with the secret key, shows the delivery delivered.
      const status = await browser.newPage();
      try {
        await status.goto(`${demo.relayUrl}/`);
        await status.fill('#key-input', demo.secretKey);
        await status.press('#key-input', 'Enter');
        const row = status.locator(`#recent-body tr[data-id="${ticket.id}"]`);
        await row.waitFor({ timeout: 10_000 });
        await until(
          async () => (await row.textContent()) ?? '',
          (text) => /delivered/i.test(text),
          10_000,
        );
      } finally {
        await status.close();
      }
    } finally {
      await demo.emulator.control.endOutage();
      await page.close();
    }
  });

  it('a bot that fills the honeypot is told "received", and nothing is stored', async () => {
    await setUp();
    const before = await total();
    const page = await browser.newPage();
    try {
      await page.goto(demo.siteUrl);
      await fill(page, { name: 'Bot', email: 'bot@example.com', subject: 'Buy now', message: 'Cheap things' });
      // Hidden from people (off-screen, tabindex -1); a bot fills every input it finds.
      await page.evaluate(() => {
        (document.querySelector('[name="website"]') as HTMLInputElement).value = 'https://spam.example';
      });
      const answer = page.waitForResponse((r) => r.url().endsWith('/v1/tickets'));
      await page.click('button[type="submit"]');
      await page.waitForSelector('#status.received', { timeout: 3000 });
      expect((await answer).status()).toBe(202);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await total()).toBe(before);
    } finally {
      await page.close();
    }
  });

  it('shows the field errors of a 400, and stores nothing', async () => {
    await setUp();
    const before = await total();
    const page = await browser.newPage();
    try {
      await page.goto(demo.siteUrl);
      await fill(page, { name: 'Ada', email: 'not-an-address', subject: '', message: 'Hello' });
      await page.click('button[type="submit"]');
      await page.waitForSelector('#status.failed', { timeout: 3000 });
      expect(await page.textContent('[data-error-for="email"]')).toMatch(/E-mail must be an email address/);
      expect(await page.textContent('[data-error-for="subject"]')).toMatch(/Subject/);
      expect(await page.getAttribute('[name="email"]', 'aria-invalid')).toBe('true');
      expect(await total()).toBe(before);
    } finally {
      await page.close();
    }
  });

  it('the same page from an origin the key does not list is refused (CORS), and nothing is stored', async () => {
    await setUp();
    const before = await total();
    const other = await serveSite({
      config: () => ({ relayUrl: demo.relayUrl, publishableKey: demo.publishableKey }),
    });
    const page = await browser.newPage();
    try {
      expect(other.origin).not.toBe(demo.siteOrigin);
      await page.goto(other.url);
      await fill(page, { name: 'Eve', email: 'eve@example.com', subject: 'Hi', message: 'From elsewhere' });
      await page.click('button[type="submit"]');
      await page.waitForSelector('#status.failed', { timeout: 3000 });
      expect(await page.textContent('#status')).toMatch(/Could not reach us/);
      // And without the browser: the intake itself refuses that origin.
      const direct = await fetch(`${demo.relayUrl}/v1/tickets`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${demo.publishableKey}`,
          'content-type': 'application/json',
          origin: other.origin,
        },
        body: JSON.stringify({ email: 'eve@example.com', subject: 'Hi', message: 'From elsewhere', lastName: 'Eve' }),
      });
      expect(direct.status).toBe(403);
      expect(((await direct.json()) as { error: { code: string } }).error.code).toBe('origin_not_allowed');
      expect(await total()).toBe(before);
    } finally {
      await page.close();
      await other.close();
    }
  });
});
