/**
 * The quickstart: everything a real Zoho integration does, against the embedded emulator, offline.
 *
 *   npm start
 *
 * Starts a local Zoho on a free port, creates a self client, mints a grant code (the API console's
 * "Generate code"), exchanges it, makes an authorized call, expires every token on the emulator, makes
 * another call (zohokit refreshes once and replays transparently). Then the classic job: a contact form's
 * message becomes a Desk ticket, and its sender is subscribed to a double opt-in Campaigns list. Last, the
 * fail-safe, measured: Desk goes down, 20 submissions are stored by a relay (a SQLite file), and once Desk is
 * back each becomes exactly one ticket. Prints what happened.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CAMPAIGNS_SEED_LISTS, type EmulatorHandle, startEmulator } from '@zohokit/emulator';
import { createRelay } from '@zohokit/relay';
import { Zoho, type ZohoEvent } from 'zohokit';

// Desk.search.READ lets tickets.create look up its idempotency key after a failure whose outcome is unknown.
const SCOPES = [
  'ZohoCRM.users.READ',
  'Desk.tickets.ALL',
  'Desk.basic.READ',
  'Desk.search.READ',
  'ZohoCampaigns.contact.ALL',
];

/** What a website's contact form posts. */
const form = {
  email: 'ada@example.com',
  subject: 'Where is my order #1042?',
  message: 'It was due on Monday and the tracking page has not changed since.',
  firstName: 'Ada',
  lastName: 'Lovelace',
};

async function main(): Promise<void> {
  const emulator = await startEmulator({ port: 0 });
  const events: ZohoEvent[] = [];
  try {
    say(`Local Zoho emulator listening on ${emulator.url}`);

    // 1. The API console: a self client and a grant code with the scopes the app needs.
    const client = await emulator.control.createClient({ type: 'self', name: 'quickstart' });
    const grant = await emulator.control.mintGrantCode({ clientId: client.clientId, scope: SCOPES });
    say(`Created a self client and a grant code valid for ${grant.expiresInSec} s`);

    // 2. The app: one client, pointed at the emulator instead of accounts.zoho.com & co.
    const zoho = new Zoho({
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      dc: 'us',
      endpoints: emulator.endpoints,
      onEvent: (event) => events.push(event),
    });

    // 3. Exchange the grant code: zohokit keeps the refresh token and caches the access token.
    const tokens = await zoho.tokens.exchangeCode({ code: grant.code });
    say(`Exchanged the grant code: refresh token received, access token valid until ${time(tokens.expiresAt)}`);

    // 4. An authorized call.
    const me = await zoho.request<{ user: { email: string } }>({ product: 'api', path: '/__emulator/whoami' });
    say(`Authorized call OK: signed in as ${me.user.email}`);

    // 5. Zoho invalidates the token (expiry, revocation of an older token, …): the next call gets a 401.
    const { expired } = await emulator.control.expireTokens();
    say(`Expired ${expired} access token(s) on the emulator`);
    const again = await zoho.request<{ user: { email: string } }>({ product: 'api', path: '/__emulator/whoami' });
    say(`Call after expiry OK: signed in as ${again.user.email} (refreshed once and replayed)`);

    // 6. Zoho Desk: the org is the one thing not known up front; organizations.list() is the call without one.
    const [org] = await zoho.desk.organizations.list().toArray({ limit: 1 });
    if (!org) throw new Error('this Zoho user has no Desk organization');
    const desk = zoho.desk.withOrg(org.id);
    const [department] = await desk.departments.list().toArray({ limit: 1 });
    if (!department) throw new Error(`Desk organization ${org.id} has no department`);
    // The submission id is the idempotency key: however the network fails, one message opens one ticket.
    const submissionId = crypto.randomUUID();
    const ticket = await desk.tickets.create(
      {
        subject: form.subject,
        description: form.message,
        departmentId: department.id,
        contact: { email: form.email, firstName: form.firstName, lastName: form.lastName },
        channel: 'Web',
      },
      { idempotencyKey: submissionId },
    );
    say(`Desk org "${org.companyName}" (${org.id}): opened ticket #${ticket.ticketNumber} in ${department.name}`);

    // 7. Zoho Campaigns: a double opt-in list keeps the new subscriber pending until they click the email.
    const list = CAMPAIGNS_SEED_LISTS.doubleOptIn;
    const subscription = await zoho.campaigns.subscribe({
      listKey: list.listKey,
      email: form.email,
      firstName: form.firstName,
      lastName: form.lastName,
      source: 'contact form',
    });
    say(`Subscribed ${form.email} to "${list.name}": ${subscription.status}`);

    // 8. What happened, from both sides.
    const counters = await emulator.control.counters();
    const count = (type: ZohoEvent['type']) => events.filter((e) => e.type === type).length;
    const retries = events.filter((e): e is Extract<ZohoEvent, { type: 'retry' }> => e.type === 'retry');
    say('');
    say('Summary');
    say(
      `  token calls seen by Zoho: ${counters.tokenCalls.total} (code exchange ${counters.tokenCalls.authorization_code}, refresh ${counters.tokenCalls.refresh_token})`,
    );
    say(`  API requests sent:        ${count('request')}`);
    say(
      `  retries:                  ${retries.length}${retries.length ? ` (${retries.map((r) => `${r.reason}${r.code ? ` after ${r.code}` : ''}`).join(', ')})` : ''}`,
    );
    say(`  errors surfaced:          ${count('error')}`);
    say(`  Desk ticket:              #${ticket.ticketNumber} (id ${ticket.id}, status ${ticket.status})`);
    say(`  Campaigns subscription:   ${subscription.status} (${list.name})`);

    // 9. The fail-safe: the app's client with its refresh token and Desk org, behind a relay.
    const app = {
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      refreshToken: tokens.refreshToken,
      endpoints: emulator.endpoints,
      desk: { orgId: org.id },
      // The relay retries on its own schedule, durably; a retry inside the call would only hold a worker slot.
      retry: { maxRetries: 0 },
    };
    await failSafe(emulator, new Zoho(app), department.id);
  } finally {
    await emulator.close();
  }
}

const OUTAGE_MS = 2_500;
const SUBMISSIONS = 20;

/**
 * Desk answers 503 to every ticket create for a while; 20 submissions arrive meanwhile. The relay stores each
 * (durably: enqueue resolves after the commit) and delivers it once Desk is back; the emulator's own ticket
 * list proves one ticket per submission.
 */
async function failSafe(emulator: EmulatorHandle, zoho: Zoho, departmentId: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'zohokit-quickstart-'));
  // Short backoffs and cool-downs so the demo takes seconds; the defaults suit production (1 s doubling, 5 s).
  const relay = createRelay({
    zoho,
    queue: join(dir, 'relay.db'),
    worker: {
      pollMs: 50,
      schedule: { baseDelayMs: 200, maxDelayMs: 800 },
      circuit: { threshold: 3, coolDownMs: 400, maxCoolDownMs: 800 },
    },
  });
  try {
    say('');
    say('Fail-safe');
    const postsBefore = await ticketCreates(emulator);
    await emulator.control.queueFaults({
      method: 'POST',
      path: '/api/v1/tickets',
      sequence: [{ status: 503, retryAfter: 1, repeatForMs: OUTAGE_MS }],
    });
    say(`  ${now()} Desk is down: every ticket create answers 503 (Retry-After: 1) for ${OUTAGE_MS / 1000} s`);
    relay.start();
    const submissions = Array.from({ length: SUBMISSIONS }, (_, i) => ({
      key: `form-${i + 1}`,
      subject: `Contact form #${i + 1}: where is my order?`,
    }));
    const queued = await Promise.all(
      submissions.map((s) =>
        relay.enqueue(
          {
            type: 'desk.ticket.create',
            input: {
              subject: s.subject,
              description: form.message,
              departmentId,
              contact: { email: form.email, lastName: form.lastName },
            },
          },
          { idempotencyKey: s.key },
        ),
      ),
    );
    // Each is stored; the worker has tried some, Desk refused them, and they wait for their next attempt.
    const stored = await waitFor(
      () => relay.status(),
      (s) => s.counts.byState.pending === SUBMISSIONS,
    );
    say(`  ${now()} ${SUBMISSIONS} submissions taken while Desk is down; stored: ${states(stored.counts.byState)}`);

    const delivered = await waitFor(
      () => Promise.all(queued.map((q) => relay.get(q.id))),
      (all) => all.every((d) => d?.state === 'delivered'),
    );
    const status = await relay.status();
    say(`  ${now()} Desk is back, and the relay has delivered them: ${states(status.counts.byState)}`);

    const tickets = await emulator.control.desk.tickets();
    const subjects = new Set(submissions.map((s) => s.subject));
    const ours = tickets.filter((t) => subjects.has(String(t.subject)));
    const keys = new Set(ours.map((t) => String(t.cf?.cf_zohokit_key)));
    const waited = delivered.map((d) => (d?.deliveredAt ?? 0) - (d?.createdAt ?? 0)).sort((a, b) => a - b);
    const postsAfter = await ticketCreates(emulator);
    const answers = Object.entries(postsAfter).map(([code, n]) => `${n - (postsBefore[code] ?? 0)}×${code}`);
    say(`  delivered:                ${delivered.filter((d) => d?.state === 'delivered').length} of ${SUBMISSIONS}`);
    say(`  tickets in Desk:          ${ours.length} (${keys.size} distinct idempotency keys)`);
    say(`  duplicates:               ${ours.length - keys.size}`);
    say(`  ticket creates answered:  ${answers.join(', ')}`);
    say(
      `  time each waited:         min ${seconds(waited[0])}, median ${seconds(waited[Math.floor(waited.length / 2)])}, max ${seconds(waited.at(-1))}`,
    );
  } finally {
    await relay.close({ graceMs: 0 });
    rmSync(dir, { recursive: true, force: true });
  }
}

async function ticketCreates(emulator: EmulatorHandle): Promise<Record<string, number>> {
  return (await emulator.control.counters()).requests['POST /api/v1/tickets'] ?? {};
}

function states(byState: Record<string, number>): string {
  const nonZero = Object.entries(byState).filter(([, n]) => n > 0);
  return nonZero.length ? nonZero.map(([state, n]) => `${n} ${state}`).join(', ') : 'none';
}

async function waitFor<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`the relay did not get there in ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function seconds(ms: number | undefined): string {
  return `${((ms ?? 0) / 1000).toFixed(2)} s`;
}

function now(): string {
  return new Date().toISOString();
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function time(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

main().catch((error: unknown) => {
  process.stderr.write(`quickstart failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
