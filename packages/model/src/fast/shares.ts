// ml-cart computes class shares by adding `1 / n` once per sample (`counts[y[i]] += 1 / n`), so a
// share is the floating-point sum of k copies of 1/n, which is usually not k / n. Gains, thresholds
// and the JSON all depend on those exact bits, so the fast trainer needs that sum for any (n, k) in
// O(1)-ish time instead of O(k).
//
// Within one binade [2^e, 2^(e+1)) every sum is a multiple of ulp = 2^(e-52) and adding x = 1/n
// rounds to s + q or s + q + 1 ulps; the choice is fixed by x alone except for an exact tie, where
// round-half-even picks the even result, after which every step keeps the same even increment. So
// two steps after entering a binade the increment is constant until the binade ends: the sequence is
// piecewise linear with about four pieces per binade, and each piece evaluates exactly
// (start + t * step stays a representable multiple of the ulp). shares.test.ts checks this against
// the plain loop for every (n, k) up to a few thousand.

const bits = new DataView(new ArrayBuffer(8));

/** Binary exponent of a positive normal double, read from its bits (Math.log2 can round up near 2^e). */
function exponentOf(value: number): number {
  bits.setFloat64(0, value);
  return ((bits.getUint16(0) >>> 4) & 0x7ff) - 1023;
}

/** Largest t >= 0 with s + t * d < limit (d > 0), exact for the multiples of an ulp used here. */
function stepsBelow(s: number, d: number, limit: number): number {
  let t = Math.max(Math.floor((limit - s) / d), 0);
  while (t > 0 && s + t * d >= limit) t--;
  while (s + (t + 1) * d < limit) t++;
  return t;
}

/**
 * Calls `emit(start, value, step)` for each piece of k -> (sum of k copies of 1/n), k = 0..n, in
 * order: for k from `start` up to the next piece's start, the sum is value + (k - start) * step.
 * O(log n) simulated additions.
 */
export function forEachPiece(n: number, emit: (start: number, value: number, step: number) => void): void {
  const x = 1 / n;
  emit(0, 0, 0);
  let k = 0;
  let s = 0;
  let prev = Number.NaN;
  let prevPrev = Number.NaN;
  while (k < n) {
    if (k >= 2) {
      const e = exponentOf(s);
      if (exponentOf(prev) === e && exponentOf(prevPrev) === e) {
        // Three sums in one binade: the last increment repeats until the binade ends.
        const d = s - prev;
        const t = Math.min(stepsBelow(s, d, 2 ** (e + 1)), n - k);
        if (t > 0) {
          emit(k + 1, s + d, d);
          prevPrev = t >= 2 ? s + (t - 2) * d : prev;
          prev = s + (t - 1) * d;
          s += t * d;
          k += t;
          continue;
        }
      }
    }
    prevPrev = prev;
    prev = s;
    s += x;
    k++;
    emit(k, s, 0);
  }
}

/** The exact shares: `get(n, k)` is 0 + 1/n + 1/n + ... (k terms), as ml-cart computes it. */
export class ShareTable {
  /** Pieces of size n are pool entries first[n] .. end[n] - 1 (first[n] is -1 until built). */
  private first = new Int32Array(256).fill(-1);
  private end = new Int32Array(256);
  private starts = new Int32Array(1024);
  private values = new Float64Array(1024);
  private steps = new Float64Array(1024);
  private used = 0;

  /** Sum of k copies of 1/n (0 <= k <= n). */
  get(n: number, k: number): number {
    if (n >= this.first.length || (this.first[n] as number) < 0) this.build(n);
    const starts = this.starts;
    let lo = this.first[n] as number;
    let hi = (this.end[n] as number) - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= k) lo = mid;
      else hi = mid - 1;
    }
    return (this.values[lo] as number) + (k - (starts[lo] as number)) * (this.steps[lo] as number);
  }

  private build(n: number): void {
    if (n >= this.first.length) {
      const size = Math.max(n + 1, this.first.length * 2);
      const first = new Int32Array(size).fill(-1);
      first.set(this.first);
      const end = new Int32Array(size);
      end.set(this.end);
      this.first = first;
      this.end = end;
    }
    this.first[n] = this.used;
    forEachPiece(n, (start, value, step) => {
      if (this.used === this.starts.length) {
        const grow = <T extends Int32Array | Float64Array>(from: T, to: T): T => {
          to.set(from);
          return to;
        };
        this.starts = grow(this.starts, new Int32Array(this.used * 2));
        this.values = grow(this.values, new Float64Array(this.used * 2));
        this.steps = grow(this.steps, new Float64Array(this.used * 2));
      }
      this.starts[this.used] = start;
      this.values[this.used] = value;
      this.steps[this.used] = step;
      this.used++;
    });
    this.end[n] = this.used;
  }

  /** Number of pieces stored (for tests: O(log n) per size). */
  get size(): number {
    return this.used;
  }
}
