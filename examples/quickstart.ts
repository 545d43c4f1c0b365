/**
 * The quickstart: everything a real Zoho integration does, against the embedded emulator, offline.
 *
 *   npm start
 *
 * Starts a local Zoho on a free port, creates a self client, mints a grant code (the API console's
 * "Generate code"), exchanges it, makes an authorized call, expires every token on the emulator, makes
 * another call (zohokit refreshes once and replays transparently). Then the classic job: a contact form's
 * message becomes a Desk ticket, and its sender is subscribed to a double opt-in Campaigns list. Prints what
 * happened.
 */
import { CAMPAIGNS_SEED_LISTS, startEmulator } from '@zohokit/emulator';
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
  } finally {
    await emulator.close();
  }
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function time(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(11, 19);
}

main().catch((error: unknown) => {
  process.stderr.write(`quickstart failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
