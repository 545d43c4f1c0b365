/**
 * The one timing harness for request benchmarks: every case runs the same number of sequential calls, in many
 * short rounds whose order rotates, so a burst of noise from another process spoils a round or two for all
 * cases alike instead of one case's verdict. Ratios are the median of per-round ratios.
 */

export interface Interleaved {
  /** Mean wall time of one call of this case, in ms. */
  meanMs(name: string): number;
  /** Median over rounds of (time of `a`) / (time of `b`). */
  ratio(a: string, b: string): number;
}

export interface InterleaveOptions {
  /** Calls per case, over all rounds. */
  total: number;
  rounds: number;
  /** Untimed calls per case first (JIT, sockets, caches). */
  warmup: number;
}

export async function interleave(
  cases: Record<string, () => Promise<unknown>>,
  { total, rounds, warmup }: InterleaveOptions,
): Promise<Interleaved> {
  const names = Object.keys(cases);
  const run = (name: string) => cases[name] as () => Promise<unknown>;
  for (let i = 0; i < warmup; i++) for (const name of names) await run(name)();
  const perRound = Math.max(1, Math.round(total / rounds));
  const times = new Map<string, number[]>(names.map((n) => [n, []]));
  for (let round = 0; round < rounds; round++) {
    // Rotate the start and alternate the direction, so no case always runs first, last or after the same one.
    const rotated = names.map((_, i) => names[(round + i) % names.length] as string);
    const order = round % 2 === 0 ? rotated : rotated.reverse();
    for (const name of order) {
      const fn = run(name);
      const started = performance.now();
      for (let i = 0; i < perRound; i++) await fn();
      times.get(name)?.push(performance.now() - started);
    }
  }
  const of = (name: string) => {
    const t = times.get(name);
    if (!t) throw new Error(`no benchmark case named ${name}`);
    return t;
  };
  return {
    meanMs: (name) => of(name).reduce((a, b) => a + b, 0) / (perRound * rounds),
    ratio: (a, b) => {
      const ta = of(a);
      const tb = of(b);
      return median(ta.map((x, i) => x / (tb[i] as number)));
    },
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
