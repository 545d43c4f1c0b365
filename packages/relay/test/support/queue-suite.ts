/**
 * One behavioural suite for every queue adapter: the adapters hold storage, not policy, so each must keep the
 * same promises (identity by idempotency key, fenced leases, take-over of expired leases, replay and discard
 * of finished deliveries only, a durable pause).
 */
import { describe, expect, it } from 'vitest';
import type { NewDelivery, RelayQueue } from '../../src/index.js';

type Make = () => Promise<{ queue: RelayQueue; reopen?: () => Promise<RelayQueue> }>;

const T0 = 1_700_000_000_000;
let n = 0;

export function newDelivery(overrides: Partial<NewDelivery> = {}): NewDelivery {
  n++;
  return {
    id: `d-${n}-${Math.random().toString(36).slice(2)}`,
    idempotencyKey: `key-${n}-${Math.random().toString(36).slice(2)}`,
    operation: 'campaigns.subscribe',
    product: 'campaigns',
    input: { listKey: 'k', email: `u${n}@example.com` },
    payloadHash: 'h1',
    now: T0,
    ...overrides,
  };
}

const error = (code: string) => ({
  kind: 'validation' as const,
  code,
  status: 422,
  summary: 'refused',
  fix: 'fix it',
  outcome: 'permanent' as const,
  at: T0,
});

export function queueSuite(name: string, make: Make): void {
  describe(`${name}: identity and durability`, () => {
    it('stores a delivery once per idempotency key, and flags another payload under the same key', async () => {
      const { queue } = await make();
      const first = await queue.add(newDelivery({ idempotencyKey: 'same' }));
      const again = await queue.add(newDelivery({ idempotencyKey: 'same' }));
      const other = await queue.add(newDelivery({ idempotencyKey: 'same', payloadHash: 'h2' }));
      expect(first).toMatchObject({ created: true, conflict: false, delivery: { state: 'pending', attempts: 0 } });
      expect(again).toMatchObject({ created: false, conflict: false, delivery: { id: first.delivery.id } });
      expect(other).toMatchObject({ created: false, conflict: true, delivery: { id: first.delivery.id } });
      expect((await queue.counts()).byState.pending).toBe(1);
      await queue.close();
    });

    it('resolves many concurrent adds, each once, with one delivery per key', async () => {
      const { queue } = await make();
      const keys = Array.from({ length: 60 }, (_, i) => `k${i % 30}`);
      const results = await Promise.all(keys.map((idempotencyKey) => queue.add(newDelivery({ idempotencyKey }))));
      expect(results.filter((r) => r.created)).toHaveLength(30);
      expect(new Set(results.map((r) => r.delivery.id)).size).toBe(30);
      expect((await queue.counts()).byState.pending).toBe(30);
      await queue.close();
    });

    it('keeps what was stored when reopened', async () => {
      const { queue, reopen } = await make();
      if (!reopen) return expect.fail('the adapter must be reopenable');
      const added = await queue.add(newDelivery());
      await queue.setControl({ paused: { reason: 'r', code: 'invalid_code', fix: 'f', product: 'desk', since: T0 } });
      await queue.close();
      const again = await reopen();
      expect(await again.get(added.delivery.id)).toMatchObject({ id: added.delivery.id, state: 'pending' });
      expect((await again.control()).paused?.code).toBe('invalid_code');
      await again.close();
    });
  });

  describe(`${name}: leases`, () => {
    it('leases only due deliveries, oldest due first, each with a new fence and one more attempt', async () => {
      const { queue } = await make();
      const a = await queue.add(newDelivery({ now: T0 }));
      const b = await queue.add(newDelivery({ now: T0 + 10 }));
      await queue.add(newDelivery({ now: T0 + 10_000 }));
      const leases = await queue.lease({ now: T0 + 100, leaseMs: 1_000, limit: 10 });
      expect(leases.map((l) => l.delivery.id)).toEqual([a.delivery.id, b.delivery.id]);
      expect(leases[0]).toMatchObject({ reconcile: false, delivery: { state: 'in_flight', attempts: 1 } });
      expect(await queue.lease({ now: T0 + 200, leaseMs: 1_000, limit: 10 })).toEqual([]);
      await queue.close();
    });

    it('skips or keeps to the products asked', async () => {
      const { queue } = await make();
      await queue.add(newDelivery({ product: 'desk', operation: 'desk.ticket.create' }));
      const c = await queue.add(newDelivery({ product: 'campaigns' }));
      const skip = await queue.lease({ now: T0, leaseMs: 1_000, limit: 10, skipProducts: ['desk'] });
      expect(skip.map((l) => l.delivery.id)).toEqual([c.delivery.id]);
      const only = await queue.lease({ now: T0, leaseMs: 1_000, limit: 10, onlyProducts: ['desk'] });
      expect(only.map((l) => l.delivery.product)).toEqual(['desk']);
      await queue.close();
    });

    it('takes over an expired lease, marks it maybe-sent, and refuses the old holder’s settle', async () => {
      const { queue } = await make();
      const { delivery } = await queue.add(newDelivery());
      const [first] = await queue.lease({ now: T0, leaseMs: 1_000, limit: 1 });
      const [second] = await queue.lease({ now: T0 + 1_001, leaseMs: 1_000, limit: 1 });
      expect(second?.delivery.id).toBe(delivery.id);
      expect(second?.fence).toBeGreaterThan(first?.fence ?? 0);
      expect(second).toMatchObject({ reconcile: true, delivery: { attempts: 2, maybeSent: true } });
      expect(await queue.settle(delivery.id, first!.fence, { state: 'delivered', result: 1 }, T0 + 1_002)).toBe(false);
      expect(await queue.extend(delivery.id, first!.fence, T0 + 9_999)).toBe(false);
      expect(
        await queue.settle(delivery.id, second!.fence, { state: 'delivered', result: { id: 't1' } }, T0 + 1_003),
      ).toBe(true);
      expect(await queue.get(delivery.id)).toMatchObject({
        state: 'delivered',
        result: { id: 't1' },
        deliveredAt: T0 + 1_003,
      });
      await queue.close();
    });

    it('keeps a lease alive while it is extended', async () => {
      const { queue } = await make();
      await queue.add(newDelivery());
      const [lease] = await queue.lease({ now: T0, leaseMs: 1_000, limit: 1 });
      expect(await queue.extend(lease!.delivery.id, lease!.fence, T0 + 5_000)).toBe(true);
      expect(await queue.lease({ now: T0 + 2_000, leaseMs: 1_000, limit: 1 })).toEqual([]);
      expect(await queue.lease({ now: T0 + 5_000, leaseMs: 1_000, limit: 1 })).toHaveLength(1);
      await queue.close();
    });

    it('settles pending with its next time, and an ambiguous outcome makes every later lease reconcile', async () => {
      const { queue } = await make();
      const { delivery } = await queue.add(newDelivery());
      const [lease] = await queue.lease({ now: T0, leaseMs: 1_000, limit: 1 });
      const err = { ...error('reset'), kind: 'connection' as const, outcome: 'ambiguous' as const };
      await queue.settle(
        delivery.id,
        lease!.fence,
        { state: 'pending', nextAttemptAt: T0 + 500, error: err, outcome: 'ambiguous' },
        T0,
      );
      expect(await queue.lease({ now: T0 + 499, leaseMs: 1_000, limit: 1 })).toEqual([]);
      const [next] = await queue.lease({ now: T0 + 500, leaseMs: 1_000, limit: 1 });
      expect(next).toMatchObject({
        reconcile: true,
        delivery: { lastOutcome: 'ambiguous', lastError: { code: 'reset' } },
      });
      const other = { ...error('refused'), kind: 'connection' as const, outcome: 'not_sent' as const };
      await queue.settle(
        delivery.id,
        next!.fence,
        { state: 'pending', nextAttemptAt: T0 + 600, error: other, outcome: 'not_sent' },
        T0,
      );
      const [third] = await queue.lease({ now: T0 + 600, leaseMs: 1_000, limit: 1 });
      expect(third?.reconcile).toBe(true);
      await queue.close();
    });

    it('gives a lease back without counting the attempt', async () => {
      const { queue } = await make();
      const { delivery } = await queue.add(newDelivery());
      const [lease] = await queue.lease({ now: T0, leaseMs: 60_000, limit: 1 });
      expect(await queue.release(delivery.id, lease!.fence, { now: T0 + 1, ambiguous: true })).toBe(true);
      expect(await queue.get(delivery.id)).toMatchObject({ state: 'pending', attempts: 0, maybeSent: true });
      await queue.close();
    });
  });

  describe(`${name}: dead letters`, () => {
    async function deadOnes(queue: RelayQueue) {
      const ids: string[] = [];
      for (const [code, operation] of [
        ['2004', 'campaigns.subscribe'],
        ['2004', 'campaigns.subscribe'],
        ['UNPROCESSABLE_ENTITY', 'desk.ticket.create'],
      ] as const) {
        const { delivery } = await queue.add(newDelivery({ operation }));
        const [lease] = await queue.lease({ now: T0, leaseMs: 1_000, limit: 1, onlyProducts: [delivery.product] });
        await queue.settle(delivery.id, lease!.fence, { state: 'dead', error: error(code) }, T0);
        ids.push(delivery.id);
      }
      return ids;
    }

    it('lists by state, operation and error code', async () => {
      const { queue } = await make();
      await deadOnes(queue);
      await queue.add(newDelivery());
      expect(await queue.list({ states: ['dead'] })).toHaveLength(3);
      expect(await queue.list({ states: ['dead'], code: '2004' })).toHaveLength(2);
      expect(await queue.list({ operation: 'desk.ticket.create' })).toHaveLength(1);
      expect((await queue.counts()).byState).toMatchObject({ dead: 3, pending: 1 });
      await queue.close();
    });

    it('replays and discards dead deliveries only, by filter', async () => {
      const { queue } = await make();
      const [a] = await deadOnes(queue);
      const { delivery: pending } = await queue.add(newDelivery());
      expect(await queue.replay({ ids: [a!, pending.id] }, T0 + 5)).toBe(1);
      expect(await queue.get(a!)).toMatchObject({ state: 'pending', nextAttemptAt: T0 + 5, ageFrom: T0 + 5 });
      expect(await queue.discard({ code: '2004' }, T0 + 6)).toBe(1);
      expect(await queue.discard({}, T0 + 7)).toBe(1);
      expect((await queue.counts()).byState).toMatchObject({ dead: 0, discarded: 2, pending: 2 });
      await queue.close();
    });
  });
}
