import { describe, expect, it } from 'vitest';
import { balancedOrders } from '../../bench/interleave.js';

/** How often each case runs at each position, and straight after each other case within a round. */
function tally(n: number, rows: number[][]) {
  const at = Array.from({ length: n }, () => Array<number>(n).fill(0));
  const after = Array.from({ length: n }, () => Array<number>(n).fill(0));
  const bump = (table: number[][], i: number, j: number) => {
    const line = table[i] as number[];
    line[j] = (line[j] as number) + 1;
  };
  for (const row of rows) {
    row.forEach((c, i) => {
      bump(at, c, i);
      if (i > 0) bump(after, c, row[i - 1] as number);
    });
  }
  return { at, after };
}

describe('bench interleave round orders', () => {
  it.each([2, 3, 4, 5, 6])('with %i cases: each case once per round, every position and predecessor alike', (n) => {
    const rows = balancedOrders(n);
    expect(rows).toHaveLength(n % 2 === 0 ? n : 2 * n);
    for (const row of rows) expect([...row].sort()).toEqual(Array.from({ length: n }, (_, i) => i));
    const { at, after } = tally(n, rows);
    const each = rows.length / n;
    for (const counts of at) expect(counts).toEqual(Array(n).fill(each));
    // n - 1 neighbours per row over n (n - 1) ordered pairs: each pair rows / n times.
    after.forEach((counts, c) => {
      expect(counts.filter((_, p) => p !== c)).toEqual(Array(n - 1).fill(rows.length / n));
    });
  });

  it('with 2 cases the order alternates (it used to stay the same every round)', () => {
    expect(balancedOrders(2)).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it('with 3 cases, counting round boundaries, the first two follow the third equally often', () => {
    const rows = balancedOrders(3);
    // One cycle as it runs, then the next cycle's first case.
    const sequence = [...rows.flat(), rows[0]?.[0] as number];
    const followers = sequence.filter((_, i) => i > 0 && sequence[i - 1] === 2);
    expect([0, 1, 2].map((c) => followers.filter((f) => f === c).length)).toEqual([3, 3, 0]);
  });
});
