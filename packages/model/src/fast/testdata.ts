// Datasets for the fast trainer's differential tests and benchmark: the Iris fixture and seeded
// synthetic sets built to hit the hard cases of ml-cart's split rule (ties, duplicates, signed zeros,
// neighbouring doubles whose midpoint rounds down, midpoints that overflow).
import { readFileSync } from 'node:fs';
import { parseDataset } from '../dataset.js';
import { createRandom } from '../prng.js';

/** A labelled table: rows of numbers and integer labels 0..k-1. */
export interface Dataset {
  X: number[][];
  y: number[];
}

/**
 * The tests' own copy of Iris (test/fixtures/iris.csv, not the served data/ table `pnpm adopt` replaces):
 * its columns, and its species in the order they first appear.
 */
const irisFixture = {
  path: new URL('../../test/fixtures/iris.csv', import.meta.url),
  schema: {
    features: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
    labels: ['setosa', 'versicolor', 'virginica'],
  },
  target: 'species',
};

/** The Iris fixture (150 rows, 4 features, 3 species as labels 0..2), read as `pnpm train` reads a table. */
export function loadIris(): Dataset & { labels: string[] } {
  const { path, schema, target } = irisFixture;
  const { X, y, labels } = parseDataset(readFileSync(path, 'utf8'), path.pathname, schema, target);
  return { X, y, labels };
}

/** The package's seeded generator, under the name these tests use. */
export const seededRandom = createRandom;

/** How feature values are drawn. */
export type ValueKind =
  /** Uniform doubles in [-1, 1): almost no ties. */
  | 'continuous'
  /** Multiples of 0.5 in [0, 2]: many duplicates, label changes inside runs of equal values. */
  | 'coarse'
  /** Signed zeros, neighbouring doubles, subnormals and values near ±Number.MAX_VALUE. */
  | 'tricky';

const tricky = [
  0,
  -0,
  1,
  1 + Number.EPSILON,
  1 + 2 * Number.EPSILON,
  2 - Number.EPSILON,
  5e-324,
  1e-300,
  -1e-300,
  Number.MAX_VALUE,
  Number.MAX_VALUE * (1 - Number.EPSILON),
  -Number.MAX_VALUE,
  0.1,
  0.2,
  0.30000000000000004,
];

/** A seeded synthetic classification set whose labels depend on the features, with 10% label noise. */
export function syntheticDataset(options: {
  rows: number;
  columns: number;
  classes: number;
  seed: number;
  values?: ValueKind;
}): Dataset {
  const { rows, columns, classes, seed, values = 'continuous' } = options;
  const random = seededRandom(seed);
  const draw = (): number => {
    if (values === 'coarse') return Math.floor(random() * 5) / 2;
    if (values === 'tricky') return tricky[Math.floor(random() * tricky.length)] as number;
    return random() * 2 - 1;
  };
  const weights = Array.from({ length: columns }, () => random() * 2 - 1);
  const X: number[][] = [];
  const y: number[] = [];
  for (let r = 0; r < rows; r++) {
    const row = Array.from({ length: columns }, draw);
    // A bounded score of the row picks the class; rank-like transforms keep huge values usable.
    let score = 0;
    row.forEach((v, c) => {
      score += (weights[c] as number) * Math.tanh(v);
    });
    const bucket = Math.floor(((Math.tanh(score) + 1) / 2) * classes);
    const label = random() < 0.1 ? Math.floor(random() * classes) : Math.min(bucket, classes - 1);
    X.push(row);
    y.push(label);
  }
  // Every class appears at least once, so label indices are 0..classes-1 as the library expects.
  for (let c = 0; c < classes && c < rows; c++) y[c] = c;
  return { X, y };
}
