/**
 * Why an import stopped before the end, as both imports report it: the failure every later chunk would share
 * (a refused connection, with its host; a lock-out; a rejected login or scope), or Ctrl-C; and the exit code.
 */
import type { AnyZohoError } from 'zohokit';
import type { Context } from '../context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { describe, exitCodeFor } from '../output/errors.js';

/** `stoppedBy` of an import report: resume with the same command once the cause is gone. */
export interface StoppedBy {
  code: string;
  message: string;
  fix: string | null;
  retryAfterMs: number | null;
}

export function stoppedBy(ctx: Context, error: AnyZohoError | undefined): StoppedBy | null {
  if (!error) return null;
  const described = describe(error, ctx.session);
  return {
    code: error.code ?? error.kind,
    message: described.message,
    fix: described.fix ?? null,
    retryAfterMs: error.kind === 'rate_limit' ? (error.retryAfterMs ?? null) : null,
  };
}

/** The stop's code first (a lock-out is 4, a refused connection 1), then Ctrl-C (130), then the rows. */
export function importExitCode(stopError: AnyZohoError | undefined, interrupted: boolean, failed: boolean): ExitCode {
  if (stopError) return exitCodeFor(stopError);
  if (interrupted) return EXIT.interrupted;
  return failed ? EXIT.api : EXIT.ok;
}

/** The report lines for a stop and for Ctrl-C, aligned with the rest of an import report. */
export function stopLines(r: { stoppedBy: StoppedBy | null; interrupted: boolean }): string[] {
  const lines: string[] = [];
  if (r.stoppedBy) {
    const wait = r.stoppedBy.retryAfterMs ? ` Retry in ${Math.ceil(r.stoppedBy.retryAfterMs / 60_000)} min.` : '';
    lines.push(`  stopped:    ${r.stoppedBy.message.replace(/\.$/, '')} (${r.stoppedBy.code}).${wait}`);
    if (r.stoppedBy.fix) lines.push(`  fix:        ${r.stoppedBy.fix}`);
  }
  if (r.interrupted) lines.push('  stopped:    interrupted (Ctrl-C)');
  return lines;
}
