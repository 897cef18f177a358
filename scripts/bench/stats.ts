// Small statistics for benchmark samples. The machine is shared and noisy, so figures are medians and
// percentiles of several samples, and comparisons are ratios of figures taken in the same run.

/** The q-quantile (0..1) of `values` by nearest rank; NaN when there are none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

/** The median of `values` (mean of the middle two for an even count); NaN when there are none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * The exponent k of `y ≈ c * x^k`, fitted by least squares on log y against log x: how a cost grows
 * with size (1 = linear). NaN with fewer than two distinct sizes.
 */
export function growthExponent(points: ReadonlyArray<{ x: number; y: number }>): number {
  const logs = points.filter((p) => p.x > 0 && p.y > 0).map((p) => ({ x: Math.log(p.x), y: Math.log(p.y) }));
  if (logs.length < 2) return Number.NaN;
  const mx = logs.reduce((sum, p) => sum + p.x, 0) / logs.length;
  const my = logs.reduce((sum, p) => sum + p.y, 0) / logs.length;
  let sxx = 0;
  let sxy = 0;
  for (const p of logs) {
    sxx += (p.x - mx) ** 2;
    sxy += (p.x - mx) * (p.y - my);
  }
  return sxx === 0 ? Number.NaN : sxy / sxx;
}

/** Runs `run` `rounds` times and returns each wall time in milliseconds (awaiting each run). */
export async function sample(rounds: number, run: () => unknown): Promise<number[]> {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return times;
}

/**
 * Median over `rounds` of the mean time per call of `calls` calls, in milliseconds: for operations too
 * short to time one by one. `run(i)` gets the call index, so calls can cycle through inputs.
 */
export function perCall(calls: number, rounds: number, run: (i: number) => unknown): number {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) run(i);
    times.push((performance.now() - start) / calls);
  }
  return median(times);
}
