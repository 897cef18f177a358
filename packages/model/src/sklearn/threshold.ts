// scikit-learn reads features as float32 (`check_array(X, dtype=np.float32)`) and sends a row left when
// `float32(x) <= threshold`, the threshold a double (a midpoint of two float32 values). The compiled
// predictor sends a row left when `x < threshold` on the double it was given. `float32Boundary` turns one
// test into the other exactly, so an imported forest walks the same loop as a native one.
//
// float32(x) <= t holds exactly when float32(x) <= f, f the largest float32 not above t; and float32(x)
// rounds to nearest, ties to even, so that holds exactly for x below the midpoint m of f and the next
// float32 up, plus m itself when f's significand is even (the tie rounds down to f). m is exact in a
// double (two float32 values one float32 step apart), and "x <= m" is "x < the next double after m".

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** The largest finite float32. */
export const maxFloat32 = 3.4028234663852886e38;
/** Where float32 rounding overflows: 2^128 - 2^103 and above (a tie rounds to infinity) become Infinity. */
const float32Overflow = 2 ** 128 - 2 ** 103;

/** The float32 after `value` (a finite float32), towards +Infinity. */
function nextFloat32Up(value: number): number {
  if (value === 0) return 2 ** -149;
  f32[0] = value;
  u32[0] = value > 0 ? (u32[0] as number) + 1 : (u32[0] as number) - 1;
  return f32[0] as number;
}

/** The float32 before `value` (a finite float32), towards -Infinity. */
function nextFloat32Down(value: number): number {
  return -nextFloat32Up(-value);
}

/** The double after `value` (finite, non-zero), towards +Infinity. */
function nextDoubleUp(value: number): number {
  f64[0] = value;
  u64[0] = value > 0 ? (u64[0] as bigint) + 1n : (u64[0] as bigint) - 1n;
  return f64[0] as number;
}

/**
 * The double `b` for which, for every number x, `x < b` holds exactly when `Math.fround(x) <= threshold`:
 * scikit-learn's split test, on the float32 it makes of a feature, as a test on the double itself.
 * `threshold` must be within the float32 range, as every threshold scikit-learn grows is.
 */
export function float32Boundary(threshold: number): number {
  if (!(Math.abs(threshold) <= maxFloat32)) {
    throw new RangeError(`a scikit-learn threshold is a finite float32-range number, got ${threshold}`);
  }
  let below = Math.fround(threshold);
  if (below > threshold) below = nextFloat32Down(below);
  // Every finite float32 rounds to at most the largest one: only overflow to Infinity goes right.
  if (below === maxFloat32) return float32Overflow;
  const above = nextFloat32Up(below);
  const midpoint = (below + above) / 2;
  f32[0] = below;
  const even = ((u32[0] as number) & 1) === 0;
  return even ? nextDoubleUp(midpoint) : midpoint;
}
