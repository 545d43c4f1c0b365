import type { Hono } from 'hono';
import type { EmulatorEnv } from '../connection.js';
import type { EmulatorContext } from '../emulator-context.js';
import type { Fault, WeightedFault } from '../fault-queue.js';
import { currentOutage, enqueueFaults } from '../fault-queue.js';
import { isControlPath } from '../route-key.js';
import { controlError, readInput } from './read-input.js';
import { faultSpecSchema, outageSchema } from './schemas.js';
import type { FaultQueueSummary } from './types.js';

const summarize = (ctx: EmulatorContext): FaultQueueSummary[] =>
  ctx.state.faults.map((q) => ({
    method: q.method,
    path: q.path,
    sequence: q.sequence.map((f) => ({ ...f })),
    activeUntil: q.activeUntil,
    mix: q.mix ? { ...q.mix, faults: q.mix.faults.map((f) => ({ ...f })) } : null,
  }));

// zod's output types optional keys as `T | undefined`; drop them so a queued fault is exactly what was sent.
const defined = <T>(fault: object) => Object.fromEntries(Object.entries(fault).filter(([, v]) => v !== undefined)) as T;

/** Scripted fault sequences per route ("429 with Retry-After 1, then 500, then pass"), DESIGN.md §4. */
export function registerFaultRoutes(app: Hono<EmulatorEnv>, ctx: EmulatorContext): void {
  app.post('/__emulator/faults', async (c) => {
    const input = await readInput(c, faultSpecSchema);
    if (!input.ok) return input.response;
    const { method, path, mix } = input.data;
    if (!path.endsWith('*') && isControlPath(path)) {
      return controlError(400, `path: control routes are never faulted (${path})`);
    }
    const sequence = (input.data.sequence ?? []).map((fault) => defined<Fault>(fault));
    const queue = enqueueFaults(ctx.state, {
      ...(method ? { method } : {}),
      path,
      sequence,
      ...(mix
        ? {
            mix: {
              faults: mix.faults.map((fault) => defined<WeightedFault>(fault)),
              ...(mix.seed === undefined ? {} : { seed: mix.seed }),
            },
          }
        : {}),
    });
    const { mix: queued, activeUntil } = queue;
    return c.json({ method: queue.method, path: queue.path, sequence: queue.sequence, activeUntil, mix: queued }, 201);
  });
  /** A full outage: every non-control route answers `status` (503) for `forMs` from now, ahead of queued faults. */
  app.post('/__emulator/outage', async (c) => {
    const input = await readInput(c, outageSchema);
    if (!input.ok) return input.response;
    const { forMs, status, retryAfter } = input.data;
    ctx.state.outage = {
      until: ctx.now() + forMs,
      status: status ?? 503,
      ...(retryAfter === undefined ? {} : { retryAfter }),
    };
    return c.json({ outage: ctx.state.outage }, 201);
  });
  app.get('/__emulator/outage', (c) => c.json({ outage: currentOutage(ctx.state, ctx.now()) ?? null }));
  app.delete('/__emulator/outage', (c) => {
    ctx.state.outage = null;
    return c.json({ outage: null });
  });
  app.get('/__emulator/faults', (c) => c.json({ queues: summarize(ctx) }));
  /** Clears every queue, or with `?path=` (and `&method=`, else the any-method queue) the queue of one route. */
  app.delete('/__emulator/faults', (c) => {
    const path = c.req.query('path');
    const method = c.req.query('method')?.toUpperCase() || null;
    if (path === undefined) ctx.state.faults = [];
    else ctx.state.faults = ctx.state.faults.filter((q) => !(q.path === path && q.method === method));
    return c.json({ queues: summarize(ctx) });
  });
}
