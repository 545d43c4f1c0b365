import type { Hono } from 'hono';
import type { EmulatorEnv } from '../connection.js';
import type { EmulatorContext } from '../emulator-context.js';
import type { Fault } from '../fault-queue.js';
import { enqueueFaults } from '../fault-queue.js';
import { isControlPath } from '../route-key.js';
import { controlError, readInput } from './read-input.js';
import { faultSpecSchema } from './schemas.js';
import type { FaultQueueSummary } from './types.js';

const summarize = (ctx: EmulatorContext): FaultQueueSummary[] =>
  ctx.state.faults.map((q) => ({
    method: q.method,
    path: q.path,
    sequence: q.sequence.map((f) => ({ ...f })),
    activeUntil: q.activeUntil,
  }));

/** Scripted fault sequences per route ("429 with Retry-After 1, then 500, then pass"), DESIGN.md §4. */
export function registerFaultRoutes(app: Hono<EmulatorEnv>, ctx: EmulatorContext): void {
  app.post('/__emulator/faults', async (c) => {
    const input = await readInput(c, faultSpecSchema);
    if (!input.ok) return input.response;
    const { method, path } = input.data;
    if (!path.endsWith('*') && isControlPath(path)) {
      return controlError(400, `path: control routes are never faulted (${path})`);
    }
    // zod's output types optional keys as `T | undefined`; drop them so a queued fault is exactly what was sent.
    const sequence = input.data.sequence.map(
      (fault) => Object.fromEntries(Object.entries(fault).filter(([, v]) => v !== undefined)) as Fault,
    );
    const queue = enqueueFaults(ctx.state, { ...(method ? { method } : {}), path, sequence });
    return c.json(
      { method: queue.method, path: queue.path, sequence: queue.sequence, activeUntil: queue.activeUntil },
      201,
    );
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
