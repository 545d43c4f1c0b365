/**
 * `--verbose`: zohokit's events as one stderr line each. Events are already redacted by the SDK; every line
 * goes through `redact` again with the secrets this run knows, so a request log can be pasted into an issue.
 */
import pc from 'picocolors';
import type { ZohoEvent } from 'zohokit';
import type { Context } from '../context.js';
import { note } from './print.js';

/** How often --verbose says it is still waiting for an answer (a hung Zoho must not look like a hung CLI). */
export const WAITING_EVERY_MS = 5_000;

export function verboseListener(ctx: Context, timeoutMs?: number): ((event: ZohoEvent) => void) | undefined {
  if (!ctx.globals.verbose) return undefined;
  const waiting = new Map<string, NodeJS.Timeout>();
  const stopWaiting = (callId: string | undefined) => {
    if (callId === undefined) return;
    clearInterval(waiting.get(callId));
    waiting.delete(callId);
  };
  return (event) => {
    note(ctx, pc.dim(describeEvent(event)));
    if (event.type === 'request') {
      stopWaiting(event.callId);
      const started = Date.now();
      const timer = setInterval(() => {
        const waited = Math.round((Date.now() - started) / 1000);
        const limit = timeoutMs === undefined ? '' : ` of ${Math.round(timeoutMs / 1000)} s (--timeout)`;
        note(ctx, pc.dim(`* still waiting for ${event.method} ${event.url} (${event.callId}): ${waited} s${limit}`));
      }, WAITING_EVERY_MS);
      // Never the reason the process stays alive.
      timer.unref();
      waiting.set(event.callId, timer);
    } else if (event.type === 'response' || event.type === 'retry' || event.type === 'error') {
      stopWaiting(event.callId);
    }
  };
}

export function verboseLog(ctx: Context, message: string): void {
  if (ctx.globals.verbose) note(ctx, pc.dim(`* ${message}`));
}

export function describeEvent(event: ZohoEvent): string {
  switch (event.type) {
    case 'request':
      return `> ${event.method} ${event.url} (${event.callId}, attempt ${event.attempt})`;
    case 'response':
      return `< ${event.status} ${event.method} ${event.url} in ${event.durationMs} ms${event.code ? ` [${event.code}]` : ''}`;
    case 'retry':
      return `~ retry ${event.callId} ${event.method} ${event.url} in ${event.delayMs} ms (${event.reason}${event.status ? ` ${event.status}` : ''}${event.code ? ` ${event.code}` : ''})`;
    case 'token.refresh':
      return `* token ${event.reason === 'exchange' ? 'exchange' : `refresh (${event.reason})`}: ${event.ok ? 'ok' : `failed ${event.code ?? ''}`} in ${event.durationMs} ms${event.expiresAt ? `, expires ${new Date(event.expiresAt).toISOString()}` : ''}`;
    case 'rate_limit.wait':
      return `* waited ${event.waitMs} ms for a ${event.product} ${event.limit} slot`;
    case 'error':
      return `! ${event.name}${event.code ? ` ${event.code}` : ''}${event.status ? ` HTTP ${event.status}` : ''}: ${event.message}`;
    case 'warning':
      return `! warning ${event.code}: ${event.message}`;
    default:
      return `* ${JSON.stringify(event)}`;
  }
}
