import { describe, expect, it } from 'vitest';
import { ShareTable } from './shares.js';

/** The sum as ml-cart computes it: k additions of 1/n. */
function loopSum(n: number, k: number): number {
  let s = 0;
  for (let i = 0; i < k; i++) s += 1 / n;
  return s;
}

function expectSameAsLoop(table: ShareTable, n: number): void {
  const x = 1 / n;
  let s = 0;
  for (let k = 0; k <= n; k++) {
    if (k > 0) s += x;
    const got = table.get(n, k);
    if (!Object.is(got, s)) expect({ n, k, got }).toEqual({ n, k, got: s });
  }
}

describe('ShareTable', () => {
  it('matches repeated addition bit for bit for every n <= 3000 and every k', () => {
    const table = new ShareTable();
    for (let n = 1; n <= 3000; n++) expectSameAsLoop(table, n);
  });

  it('matches repeated addition for large sizes', () => {
    const table = new ShareTable();
    for (const n of [4095, 4096, 4097, 9999, 10_000, 65536, 65537, 100_003, 1_000_000])
      expectSameAsLoop(table, n);
  });

  it('is not simply k / n, which is why it exists', () => {
    expect(loopSum(10, 10)).not.toBe(1);
    expect(new ShareTable().get(10, 10)).toBe(loopSum(10, 10));
  });

  it('stays compact: O(log n) pieces per size', () => {
    const table = new ShareTable();
    table.get(1_000_000, 12345);
    expect(table.size).toBeLessThan(120);
  });
});
