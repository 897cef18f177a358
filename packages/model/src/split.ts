import { createRandom } from './prng.js';

/** Row indices of each side of a split, ascending (dataset order). */
export interface Split {
  train: number[];
  holdout: number[];
}

/**
 * Holds out `fraction` of each class (rounded, at least one row when the class has two or more, never all
 * of it), chosen by a seeded shuffle: same labels, fraction and seed give the same split.
 */
export function stratifiedSplit(labels: readonly number[], fraction: number, seed: number): Split {
  if (!(fraction > 0 && fraction < 1))
    throw new RangeError(`holdout fraction must be between 0 and 1, got ${fraction}`);
  const random = createRandom(seed);
  const byClass = new Map<number, number[]>();
  labels.forEach((label, row) => {
    const rows = byClass.get(label);
    if (rows) rows.push(row);
    else byClass.set(label, [row]);
  });
  const holdout: number[] = [];
  // Classes in ascending order so the split does not depend on which class comes first in the data.
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = byClass.get(label) as number[];
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [rows[i], rows[j]] = [rows[j] as number, rows[i] as number];
    }
    const take = Math.min(
      rows.length - 1,
      Math.max(rows.length > 1 ? 1 : 0, Math.round(rows.length * fraction)),
    );
    holdout.push(...rows.slice(0, take));
  }
  const held = new Set(holdout);
  return {
    train: labels.map((_, row) => row).filter((row) => !held.has(row)),
    holdout: holdout.sort((a, b) => a - b),
  };
}
