import type { CampaignsWindow } from './campaigns-options.js';
import type { CampaignsApiWindowState } from './campaigns-state.js';

/*
 * Campaigns limits are per API and per window, with a lock-out: one call over a window locks that API for the
 * lock period, every call meanwhile answers 2101, other APIs are unaffected (zoho-api.md §3.3, §3.6;
 * docs/zoho-behaviour.md).
 *
 * The windows slide over *arrival* times: a call is admitted when fewer than `max` served calls arrived in the
 * last `windowMs` (the span (now - windowMs, now]). A client that waits until fewer than `max` of its calls
 * *finished* in the last `windowMs` is therefore never locked out: a call always arrives before it finishes, so
 * the calls the emulator counts are a subset of those the client counts. Calls answered 2101 are not counted
 * (they were not served), and the history is kept through a lock: when the lock ends, a window that is still
 * full (e.g. listsubscribe's hour or day) locks the API again on the next call, as the limit is still exceeded.
 */

export type Admission = { ok: true } | { ok: false; lockedUntil: number };

/** Index of the first entry greater than `t` in an ascending array. */
function firstAfter(sorted: readonly number[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function usedInWindow(state: CampaignsApiWindowState, windowMs: number, now: number): number {
  return state.calls.length - firstAfter(state.calls, now - windowMs);
}

/** Decides one call at `now`: admits and records it, or refuses it, starting a lock if none is running. */
export function admitCall(
  state: CampaignsApiWindowState,
  windows: readonly CampaignsWindow[],
  lockMs: number,
  now: number,
): Admission {
  if (state.lockedUntil !== null) {
    if (now < state.lockedUntil) return { ok: false, lockedUntil: state.lockedUntil };
    state.lockedUntil = null;
  }
  const longest = Math.max(0, ...windows.map((w) => w.windowMs));
  const stale = firstAfter(state.calls, now - longest);
  if (stale > 0) state.calls.splice(0, stale);
  if (windows.some((w) => usedInWindow(state, w.windowMs, now) >= w.max)) {
    state.lockedUntil = now + lockMs;
    return { ok: false, lockedUntil: state.lockedUntil };
  }
  state.calls.push(now);
  return { ok: true };
}
