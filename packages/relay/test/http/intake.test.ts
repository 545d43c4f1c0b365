/**
 * The HTTP intake over real HTTP on 127.0.0.1, on a relay of the real emulator: every status it answers,
 * the honeypot, CORS, the rate limit, and a form's ticket reaching Desk exactly once.
 */
import { CAMPAIGNS_SEED_LISTS, DESK_SUPPORT_DEPARTMENT_ID } from '@zohokit/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RelayTenant, startRelayTenant, until } from '../support/relay-tenant.js';
import { call, rawRequest, SITE, startIntake, type TestIntake } from './support/intake.js';

let tenant: RelayTenant;
let intake: TestIntake | undefined;
beforeAll(async () => {
  tenant = await startRelayTenant();
});
afterAll(async () => {
  await tenant.close();
});
afterEach(async () => {
  await intake?.close();
  intake = undefined;
});

async function open(options: Parameters<typeof startIntake>[1] = {}): Promise<TestIntake> {
  intake = await startIntake(tenant, { defaultDepartmentId: DESK_SUPPORT_DEPARTMENT_ID, ...options });
  return intake;
}

const form = (n: number, extra: Record<string, unknown> = {}) => ({
  email: `customer${n}@example.com`,
  subject: `Order #${n} has not arrived`,
  message: 'I ordered last week and nothing came.',
  lastName: `Customer ${n}`,
  ...extra,
});

describe('POST /v1/tickets', () => {
  it('stores the ticket and answers 202 with its id and Location', async () => {
    const i = await open();
    const res = await i.call('/v1/tickets', { body: form(1, { firstName: 'Ada', phone: '+44 20 1234' }) });
    expect(res.status).toBe(202);
    expect(res.json).toEqual({ id: expect.any(String), state: 'pending' });
    expect(res.headers.get('location')).toBe(`/v1/deliveries/${res.json.id}`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const stored = await i.relay.list();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      id: res.json.id,
      operation: 'desk.ticket.create',
      input: {
        subject: 'Order #1 has not arrived',
        description: 'I ordered last week and nothing came.',
        departmentId: DESK_SUPPORT_DEPARTMENT_ID,
        contact: { email: 'customer1@example.com', firstName: 'Ada', lastName: 'Customer 1', phone: '+44 20 1234' },
      },
    });
  });

  it('gives the same delivery for the same Idempotency-Key (200), and 409 for another body under it', async () => {
    const i = await open();
    const first = await i.call('/v1/tickets', { body: form(1), idempotencyKey: 'form-1' });
    const again = await i.call('/v1/tickets', { body: form(1), idempotencyKey: 'form-1' });
    expect(first.status).toBe(202);
    expect(again.status).toBe(200);
    expect(again.json.id).toBe(first.json.id);
    expect(again.headers.get('location')).toBe(`/v1/deliveries/${first.json.id}`);
    const conflict = await i.call('/v1/tickets', { body: form(2), idempotencyKey: 'form-1' });
    expect(conflict.status).toBe(409);
    expect(conflict.json.error).toMatchObject({ code: 'idempotency_conflict', fix: expect.stringMatching(/new/) });
    expect(conflict.json.error.message).toContain(first.json.id);
    // Another key's "form-1" is its own delivery: keys cannot collide with, or probe, each other's.
    const other = await i.call('/v1/tickets', { key: i.publishable, body: form(2), idempotencyKey: 'form-1' });
    expect(other.status).toBe(202);
    expect(other.json.id).not.toBe(first.json.id);
    expect(await i.relay.list()).toHaveLength(2);
  });

  it('refuses bad fields with 400 naming each one, and stores nothing', async () => {
    const i = await open({ defaultDepartmentId: undefined });
    const cases: [unknown, { field: string; problem: RegExp }[]][] = [
      [{ subject: 's', message: 'm' }, [{ field: 'email', problem: /required/ }]],
      [form(1, { email: 'not-an-email' }), [{ field: 'email', problem: /email/ }]],
      [
        form(1, { subject: 42, mesage: 'typo' }),
        [
          { field: 'subject', problem: /string/ },
          { field: 'mesage', problem: /not a known field/ },
        ],
      ],
      [form(1, { message: '   ' }), [{ field: 'message', problem: /empty/ }]],
      [form(1, { customFields: { cf_size: 3 } }), [{ field: 'customFields.cf_size', problem: /string/ }]],
      // No department in the body and no default: the field is named.
      [form(1), [{ field: 'departmentId', problem: /required.*defaultDepartmentId/ }]],
      // The SDK's own checks, run by enqueue, come back as field errors too.
      [form(1, { departmentId: '1', subject: 'x'.repeat(300) }), [{ field: 'subject', problem: /longer than 255/ }]],
      [form(1, { departmentId: '1', customFields: { size: 'L' } }), [{ field: 'customFields.size', problem: /cf_/ }]],
      [
        form(1, { departmentId: '1', customFields: { cf_zohokit_key: 'forged' } }),
        [{ field: 'customFields.cf_zohokit_key', problem: /idempotency key/ }],
      ],
      [[form(1)], [{ field: '(body)', problem: /object/ }]],
    ];
    for (const [body, fields] of cases) {
      const res = await i.call('/v1/tickets', { body });
      expect(res.status, JSON.stringify(body).slice(120, 260)).toBe(400);
      expect(res.json.error.code).toBe('invalid_request');
      expect(res.json.error.fields).toEqual(
        fields.map((f) => ({ field: f.field, problem: expect.stringMatching(f.problem) })),
      );
      expect(res.json.error.message).toContain(`"${fields[0]?.field}"`);
    }
    const badKey = await i.call('/v1/tickets', { body: form(1, { departmentId: '1' }), idempotencyKey: 'has space' });
    expect(badKey.status).toBe(400);
    expect(badKey.json.error.fields).toEqual([{ field: 'Idempotency-Key', problem: expect.stringMatching(/1–80/) }]);
    expect(await i.relay.list()).toHaveLength(0);
  });

  it('answers 400 for invalid JSON, 415 for another content type, 413 for a large body; stores nothing', async () => {
    const i = await open();
    const broken = await i.call('/v1/tickets', { body: '{"email": "a@example.com",' });
    expect(broken.status).toBe(400);
    expect(broken.json.error.code).toBe('invalid_json');
    const form415 = await i.call('/v1/tickets', {
      body: 'email=a%40example.com',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form415.status).toBe(415);
    expect(form415.json.error.code).toBe('unsupported_media_type');
    const big = await i.call('/v1/tickets', { body: form(1, { subject: 'x'.repeat(1_000_000) }) });
    expect(big.status).toBe(413);
    expect(big.json.error).toMatchObject({ code: 'body_too_large', message: expect.stringContaining('65536') });
    // Without a Content-Length the body is counted as it streams; the limit is an option.
    const chunked = await rawRequest(i.url, {
      method: 'POST',
      path: '/v1/tickets',
      headers: { authorization: `Bearer ${i.secret}`, 'content-type': 'application/json' },
      chunks: [JSON.stringify(form(1)).slice(0, -1), `,"customFields":{"cf_a":"${'y'.repeat(70_000)}"}}`],
    });
    expect(chunked.status).toBe(413);
    expect(await i.relay.list()).toHaveLength(0);
  });

  it('refuses a 1 MB subject by its field under a raised body limit, and wrong types of every field', async () => {
    // The 413 above comes first by default; a deployment that raises the limit still gets the field's check.
    const i = await open({ bodyLimitBytes: 2_000_000 });
    const cases: [unknown, { field: string; problem: RegExp }[]][] = [
      [form(1, { subject: 'x'.repeat(1_000_000) }), [{ field: 'subject', problem: /longer than 255/ }]],
      [form(1, { email: 42 }), [{ field: 'email', problem: /string/ }]],
      [form(1, { message: { text: 'hi' } }), [{ field: 'message', problem: /string/ }]],
      [form(1, { customFields: ['cf_size'] }), [{ field: 'customFields', problem: /object|record/ }]],
      [
        form(1, { firstName: false, phone: 5 }),
        [
          { field: 'firstName', problem: /string/ },
          { field: 'phone', problem: /string/ },
        ],
      ],
      [null, [{ field: '(body)', problem: /object/ }]],
      ['"just a string"', [{ field: '(body)', problem: /object/ }]],
    ];
    for (const [body, fields] of cases) {
      const res = await i.call('/v1/tickets', { body: typeof body === 'string' ? body : JSON.stringify(body) });
      expect(res.status, JSON.stringify(body)?.slice(0, 120)).toBe(400);
      expect(res.json.error.code).toBe('invalid_request');
      expect(res.json.error.fields).toEqual(
        fields.map((f) => ({ field: f.field, problem: expect.stringMatching(f.problem) })),
      );
      expect(res.text.length).toBeLessThan(2_000);
    }
    expect(await i.relay.list()).toHaveLength(0);
  });

  it('answers 202 to a filled honeypot and stores nothing; an empty one is a real form', async () => {
    const i = await open();
    const bot = await i.call('/v1/tickets', { key: i.publishable, body: form(1, { website: 'http://spam.example' }) });
    expect(bot.status).toBe(202);
    expect(bot.json).toEqual({ id: expect.any(String), state: 'pending' });
    expect(bot.headers.get('location')).toBe(`/v1/deliveries/${bot.json.id}`);
    expect(await i.relay.list()).toHaveLength(0);
    expect((await i.call(`/v1/deliveries/${bot.json.id}`)).status).toBe(404);
    const person = await i.call('/v1/tickets', { key: i.publishable, body: form(2, { website: '' }) });
    expect(person.status).toBe(202);
    expect(await i.relay.list()).toHaveLength(1);
  });

  it('takes only the custom fields the options allow', async () => {
    const i = await open({ allowedCustomFields: ['cf_order'] });
    const other = await i.call('/v1/tickets', { body: form(1, { customFields: { cf_order: '42', cf_vip: 'yes' } }) });
    expect(other.status).toBe(400);
    expect(other.json.error.fields).toEqual([
      { field: 'customFields.cf_vip', problem: 'is not allowed here (allowed: cf_order)' },
    ]);
    expect(await i.relay.list()).toHaveLength(0);
    expect((await i.call('/v1/tickets', { body: form(1, { customFields: { cf_order: '42' } }) })).status).toBe(202);
    expect((await i.relay.list())[0]?.input).toMatchObject({ cf: { cf_order: '42' } });
  });

  it('takes another honeypot field name from the options', async () => {
    const i = await open({ honeypotField: 'fax' });
    expect((await i.call('/v1/tickets', { body: form(1, { fax: '123' }) })).status).toBe(202);
    expect((await i.call('/v1/tickets', { body: form(1, { website: 'x' }) })).status).toBe(400);
    expect(await i.relay.list()).toHaveLength(0);
  });
});

describe('POST /v1/subscriptions', () => {
  it('enqueues campaigns.subscribe, with the default list or the body’s', async () => {
    const i = await open({ defaultListKey: CAMPAIGNS_SEED_LISTS.immediate.listKey });
    const res = await i.call('/v1/subscriptions', {
      key: i.publishable,
      body: { email: 'ada@example.com', firstName: 'Ada' },
    });
    expect(res.status).toBe(202);
    const own = await i.call('/v1/subscriptions', {
      body: { email: 'bob@example.com', listKey: 'c0de0000000000000000000000000002' },
    });
    expect(own.status).toBe(202);
    const stored = await i.relay.list();
    expect(stored.map((d) => [d.operation, d.input])).toEqual(
      expect.arrayContaining([
        [
          'campaigns.subscribe',
          { listKey: CAMPAIGNS_SEED_LISTS.immediate.listKey, email: 'ada@example.com', firstName: 'Ada' },
        ],
        ['campaigns.subscribe', { listKey: 'c0de0000000000000000000000000002', email: 'bob@example.com' }],
      ]),
    );
  });

  it('names listKey when there is no default, and stores nothing', async () => {
    const i = await open();
    const res = await i.call('/v1/subscriptions', { body: { email: 'ada@example.com' } });
    expect(res.status).toBe(400);
    expect(res.json.error.fields).toEqual([{ field: 'listKey', problem: expect.stringMatching(/defaultListKey/) }]);
    expect(await i.relay.list()).toHaveLength(0);
  });
});

describe('keys', () => {
  it('answers 401 without a key, with an unknown, mistyped or revoked one', async () => {
    const i = await open();
    const none = await i.call('/v1/tickets', { key: null, body: form(1) });
    expect(none.status).toBe(401);
    expect(none.json.error.code).toBe('missing_key');
    const forged = `${i.secret.slice(0, -4)}AAAA`;
    for (const key of ['nonsense', forged, i.secret.replace('zr_sk_', 'zr_pk_')]) {
      const res = await i.call('/v1/tickets', { key, body: form(1) });
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe('unknown_key');
      expect(res.text).not.toContain(key);
    }
    const [, site] = await i.keys.list();
    expect(await i.keys.revoke(site?.id ?? '')).toBe(true);
    expect((await i.call('/v1/tickets', { key: i.publishable, body: form(1) })).status).toBe(401);
    expect(await i.relay.list()).toHaveLength(0);
  });

  it('answers 403 to a publishable key outside its two writes or its origins, and to a secret key from a page', async () => {
    const i = await open();
    const queued = await i.call('/v1/tickets', { body: form(1) });
    const read = await i.call(`/v1/deliveries/${queued.json.id}`, { key: i.publishable });
    expect(read.status).toBe(403);
    expect(read.json.error.code).toBe('wrong_key_kind');
    const elsewhere = await i.call('/v1/tickets', {
      key: i.publishable,
      origin: 'https://evil.example',
      body: form(2),
    });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.json.error).toMatchObject({ code: 'origin_not_allowed', fix: expect.stringContaining(SITE) });
    const fromPage = await i.call('/v1/tickets', { origin: SITE, body: form(3) });
    expect(fromPage.status).toBe(403);
    expect(fromPage.json.error.code).toBe('cross_origin_refused');
    expect(fromPage.headers.get('access-control-allow-origin')).toBeNull();
    // The intake's own origin is not cross-origin.
    expect((await i.call('/v1/tickets', { origin: i.url, body: form(4) })).status).toBe(202);
    expect(await i.relay.list()).toHaveLength(2);
  });
});

describe('GET /v1/deliveries/:id', () => {
  it('shows a secret key the state, attempts, Zoho’s result and the last error, never the input', async () => {
    const i = await open({ start: true });
    const ok = await i.call('/v1/tickets', { key: i.publishable, body: form(1) });
    await until(
      () => i.relay.get(ok.json.id),
      (d) => d?.state === 'delivered',
    );
    const view = await i.call(`/v1/deliveries/${ok.json.id}`);
    expect(view.status).toBe(200);
    expect(view.json).toEqual({
      id: ok.json.id,
      operation: 'desk.ticket.create',
      state: 'delivered',
      attempts: 1,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      deliveredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      lastError: null,
      result: expect.objectContaining({ id: expect.any(String), subject: 'Order #1 has not arrived' }),
    });
    // A department Desk does not have: Desk refuses it for good, and the view says why.
    const bad = await i.call('/v1/tickets', { body: form(2, { departmentId: '999999' }) });
    const dead = await until(
      () => i.relay.get(bad.json.id),
      (d) => d?.state === 'dead',
    );
    const deadView = await i.call(`/v1/deliveries/${bad.json.id}`);
    expect(deadView.json).toMatchObject({ state: 'dead', result: null });
    expect(deadView.json.lastError).toEqual({
      code: dead?.lastError?.code ?? null,
      summary: dead?.lastError?.summary,
      fix: dead?.lastError?.fix ?? null,
    });
    expect(deadView.json).not.toHaveProperty('input');
    expect(deadView.text).not.toContain('nothing came');
    expect((await i.call('/v1/deliveries/no-such-id')).status).toBe(404);
  });
});

describe('CORS for publishable keys', () => {
  it('answers a preflight for an allowed origin with that origin, and refuses others', async () => {
    const i = await open();
    const preflight = {
      method: 'OPTIONS',
      key: null,
      headers: {
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    };
    const allowed = await i.call('/v1/tickets', { ...preflight, origin: SITE });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(allowed.headers.get('access-control-allow-methods')).toBe('POST');
    expect(allowed.headers.get('access-control-allow-headers')).toBe('authorization, content-type, idempotency-key');
    expect(allowed.headers.get('vary')).toMatch(/Origin/);
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    for (const [path, origin] of [
      ['/v1/tickets', 'https://evil.example'],
      ['/v1/tickets', 'null'],
      ['/v1/deliveries/x', SITE],
    ] as const) {
      const refused = await i.call(path, { ...preflight, origin });
      expect(refused.status, `${path} from ${origin}`).toBe(403);
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
      expect(refused.headers.get('vary')).toMatch(/Origin/);
    }
    const post = await i.call('/v1/tickets', { key: i.publishable, origin: SITE, body: form(1) });
    expect(post.status).toBe(202);
    expect(post.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(post.headers.get('access-control-expose-headers')).toContain('location');
    expect(post.headers.get('vary')).toMatch(/Origin/);
    // A revoked key's origins stop being allowed.
    const [, site] = await i.keys.list();
    await i.keys.revoke(site?.id ?? '');
    expect((await i.call('/v1/tickets', { ...preflight, origin: SITE })).status).toBe(403);
  });

  it('never answers with CORS headers for a secret key or without an Origin', async () => {
    const i = await open();
    const server = await i.call('/v1/tickets', { body: form(1) });
    expect(server.status).toBe(202);
    expect(server.headers.get('access-control-allow-origin')).toBeNull();
    const noOrigin = await i.call('/v1/tickets', { key: i.publishable, body: form(2) });
    expect(noOrigin.status).toBe(202);
    expect(noOrigin.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After per publishable key and client IP; secret keys are not limited', async () => {
    const i = await open({ rateLimit: { requests: 2, perMs: 60_000 } });
    for (const n of [1, 2])
      expect((await i.call('/v1/tickets', { key: i.publishable, body: form(n) })).status).toBe(202);
    const limited = await i.call('/v1/tickets', { key: i.publishable, body: form(3) });
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe('rate_limited');
    // 2 a minute: the next token is back in 30 s.
    expect(limited.headers.get('retry-after')).toBe('30');
    const other = (await i.keys.create({ name: 'other site', kind: 'publishable', origins: [SITE] })).key;
    expect((await i.call('/v1/tickets', { key: other, body: form(4) })).status).toBe(202);
    for (const n of [5, 6, 7]) expect((await i.call('/v1/tickets', { body: form(n) })).status).toBe(202);
    expect(await i.relay.list()).toHaveLength(6);
  });
});

describe('Host, health and readiness', () => {
  it('refuses a Host that is not an IP, localhost or allowed', async () => {
    const i = await open({ allowedHosts: ['relay.example'] });
    const port = new URL(i.url).port;
    const asHost = (host: string) =>
      rawRequest(i.url, { method: 'GET', path: '/healthz', headers: { host } }).then((r) => r.status);
    expect(await asHost('evil.example')).toBe(403);
    expect(await asHost(`evil.example:${port}`)).toBe(403);
    expect(await asHost('relay.example')).toBe(200);
    expect(await asHost(`localhost:${port}`)).toBe(200);
    expect(await asHost(`127.0.0.1:${port}`)).toBe(200);
    const refused = await rawRequest(i.url, { method: 'GET', path: '/healthz', headers: { host: 'evil.example' } });
    expect(JSON.parse(refused.body).error).toMatchObject({
      code: 'host_not_allowed',
      fix: expect.stringContaining('allowedHosts'),
    });
  });

  it('is healthy while running, ready unless paused or the queue is gone', async () => {
    const i = await open();
    expect((await call(i.url, '/healthz')).status).toBe(200);
    const ready = await call(i.url, '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.json).toEqual({ ready: true });
    await i.relay.queue.setControl({
      paused: {
        reason: 'refresh token revoked',
        code: 'invalid_code',
        fix: 'authorize again',
        product: 'desk',
        since: 1,
      },
    });
    const paused = await call(i.url, '/readyz');
    expect(paused.status).toBe(503);
    expect(paused.json).toEqual({ ready: false, reason: 'paused', code: 'invalid_code' });
    await i.relay.queue.close();
    const gone = await call(i.url, '/readyz');
    expect(gone.status).toBe(503);
    expect(gone.json.reason).toBe('queue_unavailable');
    expect((await call(i.url, '/healthz')).status).toBe(200);
    // A write to a closed queue is a 503 that says to retry, not a crash.
    const write = await i.call('/v1/tickets', { body: form(1) });
    expect(write.status).toBe(503);
    expect(write.json.error.code).toBe('queue_unavailable');
  });
});

describe('delivery to Zoho', () => {
  it('delivers a ticket posted with a publishable key exactly once, however often the form is resent', async () => {
    const i = await open({ start: true });
    const subject = 'Exactly once from the web form';
    const body = form(9, { subject });
    const sends = await Promise.all(
      [1, 2, 3].map(() => i.call('/v1/tickets', { key: i.publishable, origin: SITE, body, idempotencyKey: 'web-9' })),
    );
    const ids = new Set(sends.map((s) => s.json.id));
    expect(ids.size).toBe(1);
    expect(sends.map((s) => s.status).sort()).toEqual([200, 200, 202]);
    const [id] = ids;
    await until(
      () => i.relay.get(String(id)),
      (d) => d?.state === 'delivered',
    );
    const again = await i.call('/v1/tickets', { key: i.publishable, origin: SITE, body, idempotencyKey: 'web-9' });
    expect(again).toMatchObject({ status: 200, json: { id, state: 'delivered' } });
    const tickets = (await tenant.emulator.control.desk.tickets()).filter((t) => t.subject === subject);
    expect(tickets).toHaveLength(1);
    expect(tickets[0]?.description).toBe('I ordered last week and nothing came.');
    expect(await i.relay.list()).toHaveLength(1);
  });

  it('subscribes a sign-up from the web form to the Campaigns list', async () => {
    const listKey = CAMPAIGNS_SEED_LISTS.immediate.listKey;
    const i = await open({ start: true, defaultListKey: listKey });
    const res = await i.call('/v1/subscriptions', {
      key: i.publishable,
      origin: SITE,
      body: { email: 'grace@example.com', firstName: 'Grace' },
    });
    expect(res.status).toBe(202);
    await until(
      () => i.relay.get(res.json.id),
      (d) => d?.state === 'delivered',
    );
    const active = await tenant.zoho().campaigns.subscribers({ listKey }).toArray({ limit: 50 });
    expect(active.filter((s) => s.contact_email === 'grace@example.com')).toHaveLength(1);
  });
});
