import type { ClassMetrics, ModelCard } from './types.js';

/** Rounds to 4 decimals, the precision the card keeps (so cards compare and hash deterministically). */
export const round4 = (value: number): number => Math.round(value * 10_000) / 10_000;

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

/**
 * Holdout metrics from true and predicted label indices: accuracy, macro F1 (mean of the per-class F1),
 * per-class precision/recall/F1/support (0 where undefined, as when a class is never predicted) and the
 * confusion matrix (rows true, columns predicted, both in `labels` order), rounded to 4 decimals.
 */
export function evaluate(
  actual: readonly number[],
  predicted: readonly number[],
  labels: readonly string[],
): ModelCard['metrics'] {
  if (actual.length === 0) throw new RangeError('cannot evaluate on an empty holdout');
  if (actual.length !== predicted.length) {
    throw new RangeError(`${actual.length} true labels but ${predicted.length} predictions`);
  }
  const k = labels.length;
  const matrix = labels.map(() => new Array<number>(k).fill(0));
  actual.forEach((truth, i) => {
    const row = matrix[truth];
    const guess = predicted[i] as number;
    if (row === undefined || !(guess >= 0 && guess < k))
      throw new RangeError(`label index out of range at row ${i}`);
    row[guess] = (row[guess] as number) + 1;
  });
  const perClass: Record<string, ClassMetrics> = {};
  let correct = 0;
  let f1Sum = 0;
  labels.forEach((label, c) => {
    const row = matrix[c] as number[];
    const tp = row[c] as number;
    const support = row.reduce((a, b) => a + b, 0);
    const predictedAs = matrix.reduce((sum, r) => sum + (r[c] as number), 0);
    const precision = ratio(tp, predictedAs);
    const recall = ratio(tp, support);
    const f1 = ratio(2 * precision * recall, precision + recall);
    correct += tp;
    f1Sum += f1;
    perClass[label] = { precision: round4(precision), recall: round4(recall), f1: round4(f1), support };
  });
  return {
    accuracy: round4(correct / actual.length),
    macroF1: round4(f1Sum / k),
    holdoutRows: actual.length,
    perClass,
    confusionMatrix: matrix,
  };
}
