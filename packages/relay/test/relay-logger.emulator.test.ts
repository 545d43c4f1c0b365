/**
 * The relay service's log, captured line by line during a run against the real emulator: a request with a bad
 * key, a ticket from a customer, a ticket Zoho refuses quoting the address, a revoked login. Every expected line
 * is there, and no secret or address is, even when logged by mistake.
 */
import { Writable } from 'node:stream';
import { DESK_SUPPORT_DEPARTMENT_ID } from '@zohokit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRelayLogger, logRelayEvents } from '../src/index.js';
import { startIntake } from './http/support/intake.js';
import { type RelayTenant, startRelayTenant, until } from './support/relay-tenant.js';

let tenant: RelayTenant;
beforeAll(async () => {
  tenant = await startRelayTenant();
});
afterAll(async () => {
  await tenant.close();
});

function sink(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { stream, lines };
}

describe('relay logger', () => {
  it('logs requests and events as JSON lines, without secrets or e-mail addresses', async () => {
    const { stream, lines } = sink();
    const logger = createRelayLogger({ level: 'debug', destination: stream, secrets: [tenant.client.clientSecret] });
    const i = await startIntake(tenant, { defaultDepartmentId: DESK_SUPPORT_DEPARTMENT_ID, logger, start: true });
    const stop = logRelayEvents(i.relay, logger);
    try {
      const wrongKey = `zr_sk_0123456789abcdef_${'B'.repeat(43)}`;
      const refused = await i.call('/v1/tickets', {
        key: wrongKey,
        body: { email: 'ada@example.com', subject: 's', message: 'm' },
      });
      expect(refused.status).toBe(401);
      const good = await i.call('/v1/tickets', {
        body: { email: 'ada@example.com', subject: 'Printer', message: 'On fire', lastName: 'Lovelace' },
      });
      await until(
        () => i.relay.get(good.json.id),
        (d) => d?.state === 'delivered',
      );
      await tenant.emulator.control.queueFaults({
        method: 'POST',
        path: '/api/v1/tickets',
        sequence: [
          { status: 422, body: { errorCode: 'INVALID_DATA', message: 'grace@example.com may not raise tickets' } },
        ],
      });
      const bad = await i.call('/v1/tickets', {
        body: { email: 'grace@example.com', subject: 'Compiler', message: 'Bug', lastName: 'Hopper' },
      });
      await until(
        () => i.relay.get(bad.json.id),
        (d) => d?.state === 'dead',
      );
      expect((await i.relay.get(bad.json.id))?.lastError?.summary).toContain('grace@example.com');
      await i.call(`/v1/deliveries/${bad.json.id}`);
      // Logged by mistake, the way a hurried handler would.
      logger.warn(
        {
          headers: { authorization: `Bearer ${i.secret}` },
          refreshToken: tenant.refreshToken,
          contact: { email: 'ada@example.com' },
          note: `client ${tenant.client.clientSecret} key ${i.publishable}`,
        },
        `debugging ${i.secret} for ada@example.com with refresh_token=${tenant.refreshToken}`,
      );
      await tenant.emulator.control.revokeToken(tenant.refreshToken);
      await i.call('/v1/tickets', {
        body: { email: 'ada@example.com', subject: 'Again', message: 'm', lastName: 'L' },
      });
      await until(async () => lines.some((l) => l.includes('"queue.paused"')), Boolean);
    } finally {
      stop();
      await i.close();
    }

    const text = lines.join('\n');
    for (const secret of [i.secret, i.publishable, tenant.refreshToken, tenant.client.clientSecret]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toContain('BBBBBBBB');
    expect(text).not.toMatch(/[a-z]+@example\.com/);
    const records = lines.map((l) => JSON.parse(l));
    for (const r of records)
      expect(r).toMatchObject({ level: expect.any(String), time: expect.any(String), service: 'zohokit-relay' });

    const requests = records.filter((r) => r.msg === 'request');
    expect(requests[0]).toMatchObject({
      level: 'warn',
      method: 'POST',
      route: '/v1/tickets',
      status: 401,
      code: 'unknown_key',
    });
    expect(requests[0].durationMs).toBeGreaterThanOrEqual(0);
    expect(requests).toContainEqual(expect.objectContaining({ level: 'info', route: '/v1/tickets', status: 202 }));
    expect(requests).toContainEqual(expect.objectContaining({ route: '/v1/deliveries/:id', status: 200 }));
    for (const r of requests)
      expect(Object.keys(r).sort()).toEqual(
        ['code', 'durationMs', 'level', 'method', 'msg', 'route', 'service', 'status', 'time'].filter(
          (k) => k !== 'code' || 'code' in r,
        ),
      );

    const events = (type: string) => records.filter((r) => r.event === type);
    expect(events('delivery.delivered')[0]).toMatchObject({
      level: 'info',
      id: expect.any(String),
      operation: 'desk.ticket.create',
      attempts: 1,
    });
    expect(events('delivery.dead')[0]).toMatchObject({ level: 'error', code: 'INVALID_DATA' });
    expect(events('delivery.dead')[0].summary).toContain('<email>');
    expect(events('queue.paused')[0]).toMatchObject({ level: 'error', product: 'desk', code: 'invalid_code' });

    const mistake = records.find((r) => r.msg?.startsWith('debugging'));
    expect(mistake).toMatchObject({
      headers: { authorization: '[REDACTED]' },
      refreshToken: '[REDACTED]',
      contact: { email: '[REDACTED]' },
    });
    expect(mistake.msg).toContain('<email>');
    expect(mistake.note).toContain('[REDACTED]');
  });
});
