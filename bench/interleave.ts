/**
 * The one timing harness for request benchmarks: every case runs the same number of sequential calls, in many
 * short rounds whose order changes, so a burst of noise from another process spoils a round or two for all
 * cases alike instead of one case's verdict. Ratios are the median of per-round ratios.
 *
 * Round orders are the rows of a balanced Latin square (Williams design): over a cycle of n rounds (2n when
 * the number of cases n is odd) every case runs once in every position and, within rounds, straight after
 * every other case equally often. The rotate-and-alternate orders used before were not balanced: with 2 cases
 * the rotation and the flip cancelled (the same order every round); with 3, counting round boundaries, the
 * first case ran straight after the last one 4 times in 6 rounds and the second 2 times; with 4, cases 0 and 2
 * never ran second or last. A case's time carries over part of the case before it (garbage left for the next
 * scavenge, evicted caches, an idle socket): in bench/crm.ts bare fetch would have followed the official CRM
 * SDK, whose calls take ~8× as long and leave the most garbage, twice as often as zohokit. Side by side runs
 * showed no effect above this machine's noise, but the verdict should not rest on there being none. Now each
 * follows it 3 times in 6 (case 2 of 3: its boundaries are balanced too). A bench's number of rounds should be
 * a multiple of the cycle for an exact balance.
 *
 * Why the median of per-round ratios and not the ratio of means, though for an SDK against bare fetch the
 * median usually comes out higher: noise from other processes adds time (a preemption, a burst of another's
 * work) more than it scales it, and added time pulls a ratio of sums toward 1 from either side. Desk create in
 * one run: SDK / fetch 1.167× by median, 1.055× by means; node:http / fetch 0.657× by median, 0.689× by means.
 * The median of rounds is the less diluted of the two, and in A/A runs (one case under two names) it scatters
 * on both sides of 1.
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
  const orders = balancedOrders(names.length);
  for (let round = 0; round < rounds; round++) {
    for (const index of orders[round % orders.length] as number[]) {
      const name = names[index] as string;
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

/**
 * Williams' balanced Latin square on n cases: row r is the sequence 0, 1, n-1, 2, n-2, … shifted by r, in which
 * every ordered pair of different cases is adjacent exactly once; for odd n the mirrored rows are added.
 */
export function balancedOrders(n: number): number[][] {
  const first: number[] = [0];
  for (let low = 1, high = n - 1; first.length < n; ) first.push(first.length % 2 === 1 ? low++ : high--);
  const rows = Array.from({ length: n }, (_, r) => first.map((c) => (c + r) % n));
  return n % 2 === 0 ? rows : [...rows, ...rows.map((row) => [...row].reverse())];
}

export function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
