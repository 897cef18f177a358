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
  /** Per-split sampling: columns each split draws, and the seed of the tree's draws; null: per tree. */
  split: { count: number; seed: number } | null;
}

/** Options resolved the way `RandomForestBase#train` resolves them, and every tree's draws. */
export interface ForestPlan {
  /** The constructor options merged over the library defaults (`Object.assign` order). */
  options: ForestOptions & typeof defaults;
  /** `maxFeatures` after `this.maxFeatures || columns`. */
  maxFeatures: number;
  /** Columns per tree. */
  n: number;
  /** Columns drawn at each split (`splitFeatures` resolved), or 0 when columns are drawn per tree. */
  splitCount: number;
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

/** How many of `columns` features each split draws for `splitFeatures` (scikit-learn's rounding). */
export function splitFeatureCount(splitFeatures: unknown, columns: number): number {
  let count: number;
  if (splitFeatures === 'sqrt') count = Math.floor(Math.sqrt(columns));
  else if (splitFeatures === 'log2') count = Math.floor(Math.log2(columns));
  else if (typeof splitFeatures === 'number' && checkFloat(splitFeatures))
    count = Math.floor(columns * splitFeatures);
  else if (Number.isInteger(splitFeatures) && (splitFeatures as number) > 1) {
    if ((splitFeatures as number) > columns)
      throw new RangeError(`splitFeatures ${splitFeatures} is more than the ${columns} features`);
    count = splitFeatures as number;
  } else {
    throw new RangeError(
      `splitFeatures must be 'sqrt', 'log2', a fraction in (0, 1] or an integer count, got ${String(splitFeatures)}`,
    );
  }
  return Math.max(1, count);
}

/**
 * Resolves options and draws every tree's rows and columns in ml-random-forest's order. With
 * `splitFeatures`, every tree gets all columns in order and, in place of its column draw, the seed of
 * its per-split draws: the first value of the engine that would draw its columns, whose second value
 * seeds the next tree.
 */
export function planForest(rows: number, columns: number, options: ForestOptions | undefined): ForestPlan {
  const merged = mergeOptions(options);
  const perSplit = merged.splitFeatures !== undefined;
  let splitCount = 0;
  if (perSplit) {
    if (options?.maxFeatures !== undefined && options.maxFeatures !== 1) {
      throw new RangeError(
        `With splitFeatures every tree sees all features: maxFeatures must be unset or 1, got ${options.maxFeatures}`,
      );
    }
    if (options?.replacement === true) {
      throw new RangeError(
        'With splitFeatures each split draws features without replacement: unset replacement',
      );
    }
    splitCount = splitFeatureCount(merged.splitFeatures, columns);
    // What the forest's JSON then says: all features, none repeated.
    merged.maxFeatures = 1;
    merged.replacement = false;
  }
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
    if (perSplit) {
      const splitSeed = engine.next();
      seed = engine.next();
      draws.push({
        bag,
        columns: Array.from({ length: columns }, (_, c) => c),
        split: { count: splitCount, seed: splitSeed },
      });
      continue;
    }
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
    draws.push({ bag, columns: picked, split: null });
  }
  return { options: merged, maxFeatures, n, splitCount, rows: used, draws };
}
