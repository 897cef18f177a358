import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { float32Boundary, maxFloat32 } from './threshold.js';

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
/** The double `steps` doubles away from `value` (positive: towards +Infinity). */
function doubleStep(value: number, steps: number): number {
  let v = value;
  for (let i = 0; i < Math.abs(steps); i++) {
    if (v === 0) v = steps > 0 ? 5e-324 : -5e-324;
    else {
      f64[0] = v;
      u64[0] = v > 0 === steps > 0 ? (u64[0] as bigint) + 1n : (u64[0] as bigint) - 1n;
      v = f64[0] as number;
    }
  }
  return v;
}

/** scikit-learn's test, literally: the feature as float32, compared with the double threshold. */
const sklearnLeft = (x: number, threshold: number) => Math.fround(x) <= threshold;

/** The probes where `x < boundary` and scikit-learn's test disagree (none, when the boundary is right). */
function mismatches(threshold: number, xs: number[]): string[] {
  const boundary = float32Boundary(threshold);
  return [...probes(threshold, boundary), ...xs]
    .filter((x) => x < boundary !== sklearnLeft(x, threshold))
    .map((x) => `x=${x} t=${threshold}`);
}

/** Every double within a few steps of the places where the answer can change. */
function probes(threshold: number, boundary: number): number[] {
  const centres = [threshold, boundary, Math.fround(threshold), Math.fround(boundary), 0];
  const out: number[] = [];
  for (const centre of centres) for (let s = -3; s <= 3; s++) out.push(doubleStep(centre, s));
  return out;
}

/** A threshold as scikit-learn makes one: the midpoint of two float32 feature values, in double. */
const midpoint = (a: number, b: number) => {
  const [lo, hi] = [Math.fround(Math.min(a, b)), Math.fround(Math.max(a, b))];
  const t = lo / 2 + hi / 2;
  return t === hi || !Number.isFinite(t) ? lo : t;
};

describe('float32Boundary', () => {
  it('turns float32(x) <= t into x < boundary for midpoints of float32 values', () => {
    fc.assert(
      fc.property(
        fc.float({ noNaN: true, noDefaultInfinity: true }),
        fc.float({ noNaN: true, noDefaultInfinity: true }),
        fc.array(fc.double({ noNaN: true }), { maxLength: 20 }),
        (a, b, xs) => {
          expect(mismatches(midpoint(a, b), xs)).toEqual([]);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('holds for any double threshold in the float32 range, subnormals and signed zeros included', () => {
    const thresholds = [
      0,
      -0,
      2 ** -149,
      -(2 ** -149),
      2 ** -150,
      -(2 ** -150),
      1e-45,
      -1e-50,
      1e-40,
      0.5,
      2.45,
      2.4500000476837158,
      4.8500001430511475,
      1 / 3,
      -7.25,
      16777217,
      maxFloat32,
      -maxFloat32,
      doubleStep(maxFloat32, -1),
    ];
    for (const threshold of thresholds)
      expect(mismatches(threshold, [1e39, -1e39, 2 ** 128 - 2 ** 103])).toEqual([]);
    fc.assert(
      fc.property(fc.double({ min: -maxFloat32, max: maxFloat32, noNaN: true }), (threshold) => {
        expect(mismatches(threshold, [])).toEqual([]);
      }),
      { numRuns: 5000 },
    );
  });

  it('refuses a threshold no float32 comparison can have', () => {
    expect(() => float32Boundary(Number.NaN)).toThrow(RangeError);
    expect(() => float32Boundary(1e39)).toThrow(/float32-range/);
  });
});
