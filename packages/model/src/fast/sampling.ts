import { integerDistribution, MersenneTwister } from './mt19937.js';
import type { ForestOptions } from './types.js';

// ml-random-forest 2.1.0 draws everything random before and between trees, never inside one: per
// tree, a bootstrap of the rows (new engine seeded with the running seed, then the seed becomes the
// engine's next value) and the tree's columns (same again). Reproducing that sequence up front lets
// trees be grown in any order, on any thread, and still match the library.

const defaults = {
  maxFeatures: 1.0,
  replacement: true,
  nEstimators: 50,
  seed: 42,
  useSampleBagging: true,
  noOOB: false,
};

/** The random choices of one tree. */
export interface TreeDraw {
  /** Training rows of the tree in bootstrap order (indices into the rows used), or null for all rows in order. */
  bag: Int32Array | null;
  /** Dataset columns of the tree, in tree column order (may repeat when drawn with replacement). */
  columns: number[];
}

/** Options resolved the way `RandomForestBase#train` resolves them, and every tree's draws. */
export interface ForestPlan {
  /** The constructor options merged over the library defaults (`Object.assign` order). */
  options: ForestOptions & typeof defaults;
  /** `maxFeatures` after `this.maxFeatures || columns`. */
  maxFeatures: number;
  /** Columns per tree. */
  n: number;
  /** Rows trained on (the first `rows` rows; fewer than given only with `maxSamples`). */
  rows: number;
  draws: TreeDraw[];
}

function checkFloat(n: number): boolean {
  return n > 0.0 && n <= 1.0;
}

function engineFor(seed: unknown): MersenneTwister {
  // Unseeded, like the library: any 32-bit seed will do (the pipeline always passes one). Math.random
  // keeps this module free of Node built-ins, so the mock's browser bundle can include the package.
  if (seed === undefined) return new MersenneTwister(Math.floor(Math.random() * 0x100000000) - 0x80000000);
  if (typeof seed === 'number' && Number.isInteger(seed)) return new MersenneTwister(seed);
  throw new RangeError(`Expected seed must be undefined or integer not ${String(seed)}`);
}

/** Merges options over the library defaults exactly like `new RandomForestClassifier(options)`. */
export function mergeOptions(options: ForestOptions | undefined): ForestOptions & typeof defaults {
  return Object.assign({}, defaults, options);
}

/** Resolves options and draws every tree's rows and columns in ml-random-forest's order. */
export function planForest(rows: number, columns: number, options: ForestOptions | undefined): ForestPlan {
  const merged = mergeOptions(options);
  const maxFeatures = merged.maxFeatures || columns;
  let n: number;
  if (checkFloat(maxFeatures)) {
    n = Math.floor(columns * maxFeatures);
  } else if (Number.isInteger(maxFeatures)) {
    if (maxFeatures > columns)
      throw new RangeError(`The maxFeatures parameter should be less than ${columns}`);
    n = maxFeatures;
  } else {
    throw new RangeError(`Cannot process the maxFeatures parameter ${maxFeatures}`);
  }

  let used = rows;
  const maxSamples = merged.maxSamples;
  if (maxSamples) {
    if (maxSamples < 0) throw new RangeError('Please choose a positive value for maxSamples');
    if (Number(maxSamples) === maxSamples && maxSamples % 1 !== 0) {
      if (maxSamples > 1.0) {
        throw new RangeError(
          'Please choose either a float value between 0 and 1 or a positive integer for maxSamples',
        );
      }
      used = Math.floor(rows * maxSamples);
    } else if (Number.isInteger(maxSamples)) {
      if (maxSamples > rows) throw new RangeError(`The maxSamples parameter should be less than ${rows}`);
      used = maxSamples;
    }
  }

  const nEstimators = merged.nEstimators;
  if (!Number.isInteger(nEstimators) || nEstimators < 1) {
    throw new RangeError(`nEstimators must be a positive integer, got ${String(nEstimators)}`);
  }
  const rowDistribution = integerDistribution(Math.max(used - 1, 0));
  const columnDistribution = integerDistribution(Math.max(columns - 1, 0));
  const draws: TreeDraw[] = [];
  let seed: unknown = merged.seed;
  for (let t = 0; t < nEstimators; t++) {
    let bag: Int32Array | null = null;
    if (merged.useSampleBagging) {
      const engine = engineFor(seed);
      bag = new Int32Array(used);
      for (let i = 0; i < used; i++) bag[i] = rowDistribution(engine);
      seed = engine.next();
    }
    const engine = engineFor(seed);
    let picked: number[];
    if (merged.replacement) {
      picked = new Array<number>(n);
      for (let i = 0; i < n; i++) picked[i] = columnDistribution(engine);
    } else {
      // The library draws once before the loop and redraws only on a repeat; same here, same order.
      const set = new Set<number>();
      let index = columnDistribution(engine);
      for (let i = 0; i < n; i++) {
        while (set.has(index)) index = columnDistribution(engine);
        set.add(index);
      }
      picked = Array.from(set);
    }
    seed = engine.next();
    draws.push({ bag, columns: picked });
  }
  return { options: merged, maxFeatures, n, rows: used, draws };
}
