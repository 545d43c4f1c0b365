/** The progress of an import: a bar on a terminal; elsewhere a line every 10 %, so logs of CI runs still show it. */
import type { Context } from '../context.js';
import { note } from '../output/print.js';

export interface Progress {
  advance(n: number): void;
  stop(): void;
}

export interface ProgressOptions {
  /** Rows the whole file has to send, and how many of them earlier runs did. */
  total: number;
  done: number;
  /** What is counted and what happened to it: `addresses` `added`, `rows` `sent`. */
  unit: string;
  verb: string;
}

export async function startProgress(ctx: Context, options: ProgressOptions): Promise<Progress> {
  const { total, done, unit, verb } = options;
  if (ctx.stderr.isTTY && !ctx.globals.json) {
    const { default: cliProgress } = await import('cli-progress');
    const bar = new cliProgress.SingleBar(
      { format: `importing [{bar}] {percentage}% {value}/{total} ${unit}, eta {eta_formatted}`, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, done);
    return { advance: (n) => bar.increment(n), stop: () => bar.stop() };
  }
  let value = done;
  let nextMark = Math.floor((done / Math.max(total, 1)) * 10) + 1;
  return {
    advance: (n) => {
      value += n;
      // One chunk may cross several 10 % marks (a small file): one line for all of them.
      let crossed = false;
      while (total > 0 && nextMark <= 10 && value >= (nextMark * total) / 10) {
        crossed = true;
        nextMark++;
      }
      if (crossed) note(ctx, `progress: ${value}/${total} ${unit} ${verb}`);
    },
    stop: () => undefined,
  };
}
