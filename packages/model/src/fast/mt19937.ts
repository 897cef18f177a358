// A port of random-js 2.1.0's MersenneTwister19937 and `integer(0, max)` distribution, the only
// randomness ml-random-forest 2.1.0 uses. Bootstrap rows and tree columns must be drawn from exactly
// the same sequence as the library, so this mirrors its arithmetic step for step (int32 state,
// `imul`, the same rejection loop), not just the algorithm.

const SIZE = 624;
const M = 397;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;
const A = 0x9908b0df;
const UINT32_SIZE = 0x100000000;

/** The Mersenne Twister engine of random-js: `seed(int)` then `next()` returns signed int32 values. */
export class MersenneTwister {
  private readonly data = new Int32Array(SIZE);
  private index = SIZE;

  /** Seeds like `MersenneTwister19937.seed(initial)` (the seed is truncated to int32 with `| 0`). */
  constructor(initial: number) {
    let previous = initial | 0;
    this.data[0] = previous;
    for (let i = 1; i < SIZE; i++) {
      previous = (Math.imul(previous ^ (previous >>> 30), 0x6c078965) + i) | 0;
      this.data[i] = previous;
    }
  }

  /** The next signed int32 of the sequence. */
  next(): number {
    if (this.index >= SIZE) {
      refresh(this.data);
      this.index = 0;
    }
    let value = this.data[this.index++] as number;
    value ^= value >>> 11;
    value ^= (value << 7) & 0x9d2c5680;
    value ^= (value << 15) & 0xefc60000;
    return (value ^ (value >>> 18)) | 0;
  }
}

function refresh(data: Int32Array): void {
  let k = 0;
  let tmp = 0;
  for (; k < SIZE - M; k++) {
    tmp = ((data[k] as number) & UPPER) | ((data[k + 1] as number) & LOWER);
    data[k] = (data[k + M] as number) ^ (tmp >>> 1) ^ (tmp & 1 ? A : 0);
  }
  for (; k < SIZE - 1; k++) {
    tmp = ((data[k] as number) & UPPER) | ((data[k + 1] as number) & LOWER);
    data[k] = (data[k - (SIZE - M)] as number) ^ (tmp >>> 1) ^ (tmp & 1 ? A : 0);
  }
  tmp = ((data[SIZE - 1] as number) & UPPER) | ((data[0] as number) & LOWER);
  data[SIZE - 1] = (data[M - 1] as number) ^ (tmp >>> 1) ^ (tmp & 1 ? A : 0);
}

/**
 * random-js `integer(0, max)` for 0 <= max < 2^32 - 1: a power-of-two range is a bit mask, any other
 * range rejects draws above the largest multiple of the range so every value is equally likely.
 */
export function integerDistribution(max: number): (engine: MersenneTwister) => number {
  if (!Number.isInteger(max) || max < 0 || max >= UINT32_SIZE - 1) {
    throw new RangeError(`integerDistribution supports 0 <= max < 2^32 - 1, got ${max}`);
  }
  if (max === 0) return () => 0;
  if (((max + 1) & max) === 0) return (engine) => engine.next() & max;
  const extended = max + 1;
  const maximum = extended * Math.floor(UINT32_SIZE / extended);
  return (engine) => {
    let value = 0;
    do {
      value = engine.next() >>> 0;
    } while (value >= maximum);
    return value % extended;
  };
}
