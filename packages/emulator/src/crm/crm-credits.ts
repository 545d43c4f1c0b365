import type { EmulatorContext } from '../emulator-context.js';
import type { CrmState } from './crm-state.js';

/*
 * API credits over a rolling 24-hour window per org (zoho-api.md §4 "Credits": most calls 1 credit; COQL 1, 2
 * or 3 by LIMIT). Kept per minute, so the window slides by the minute and the state stays small.
 */

const MINUTE = 60_000;
const WINDOW_MINUTES = 24 * 60;

export function creditLimit(ctx: EmulatorContext): number {
  return ctx.state.crm.creditLimit ?? ctx.options.crm.credits;
}

/** Credits used in the 24 hours before `now`; drops the buckets that fell out of the window. */
export function creditsUsed(crm: CrmState, now: number): number {
  const first = Math.floor(now / MINUTE) - WINDOW_MINUTES + 1;
  if (crm.credits.length > 0 && (crm.credits[0]?.minute ?? first) < first) {
    crm.credits = crm.credits.filter((b) => b.minute >= first);
  }
  return crm.credits.reduce((sum, b) => sum + b.credits, 0);
}

/** Whether `cost` more credits fit in the window now. */
export function creditsLeft(ctx: EmulatorContext, cost: number): boolean {
  return creditsUsed(ctx.state.crm, ctx.now()) + cost <= creditLimit(ctx);
}

export function spendCredits(ctx: EmulatorContext, cost: number): void {
  const minute = Math.floor(ctx.now() / MINUTE);
  const buckets = ctx.state.crm.credits;
  const last = buckets[buckets.length - 1];
  if (last && last.minute === minute) last.credits += cost;
  else buckets.push({ minute, credits: cost });
}

/** COQL costs by LIMIT: 1–200 one credit, 201–1,000 two, 1,001–2,000 three (Zoho's COQL overview). */
export function coqlCost(limit: number): number {
  if (limit <= 200) return 1;
  return limit <= 1000 ? 2 : 3;
}
