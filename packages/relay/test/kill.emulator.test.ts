/**
 * The kill proof's short version (issue 11; the full one is `npm run bench -- relay-kill`): a relay process
 * (intake + worker over SQLite) SIGKILLed while it works and restarted each time loses nothing and makes no
 * duplicate, counted in the emulator.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { killRun } from './support/kill-run.js';
import { type RelayTenant, startRelayTenant } from './support/relay-tenant.js';

let tenant: RelayTenant | undefined;
afterEach(async () => {
  await tenant?.close();
  tenant = undefined;
});

describe('relay reliability: SIGKILL', () => {
  it('200 deliveries over HTTP, the relay process SIGKILLed 3 times mid-work: 0 lost, 0 duplicate tickets', async () => {
    const t = await startRelayTenant();
    tenant = t;
    // Each create takes 20 ms, so every kill finds calls in flight (and some that Desk already answered).
    await t.emulator.control.queueFaults({
      method: 'POST',
      path: '/api/v1/tickets',
      mix: { faults: [{ pass: true, delayMs: 20, weight: 1 }] },
    });
    const result = await killRun({
      control: t.emulator.control,
      endpoints: t.emulator.endpoints,
      client: t.client,
      refreshToken: t.refreshToken,
      deliveries: 200,
      kills: 3,
      timeoutMs: 25_000,
    });
    expect(result).toMatchObject({
      accepted: 200,
      delivered: 200,
      lost: 0,
      dead: 0,
      duplicates: 0,
      tickets: 200,
      distinctKeys: 200,
    });
    expect(result.restartMs).toHaveLength(3);
    expect(result.inFlightAtKills).toBeGreaterThan(0);
    // A killed worker's deliveries came back "maybe sent" and were reconciled, not sent blindly again.
    expect(result.reconciled).toBeGreaterThan(0);
    // One refresh for the whole run: each restart read the access token from the token file.
    expect((await t.emulator.control.counters()).tokenCalls.refresh_token).toBe(1);
  }, 30_000);
});
