import { describe, expect, it } from 'vitest';
import type { GateThresholds } from './config.js';
import { checkGate } from './gate.js';
import type { ModelCard } from './types.js';

const card = {
  version: 'aaaaaaaaaaaaaaaa',
  labels: ['a', 'b'],
  metrics: {
    accuracy: 0.9,
    macroF1: 0.88,
    holdoutRows: 20,
    perClass: {
      a: { precision: 1, recall: 0.8, f1: 0.8889, support: 10 },
      b: { precision: 0.8333, recall: 1, f1: 0.9091, support: 10 },
    },
    confusionMatrix: [
      [8, 2],
      [0, 10],
    ],
  },
} as unknown as ModelCard;
const gate: GateThresholds = {
  minAccuracy: 0.9,
  minMacroF1: 0.85,
  minPerClassRecall: 0.8,
  maxRegression: 0.02,
};

describe('checkGate', () => {
  it('fails a card measured on no rows (an imported model adopted without a holdout), even with open thresholds', () => {
    const unmeasured = { ...card, metrics: { ...card.metrics, accuracy: 0, macroF1: 0, holdoutRows: 0 } };
    const open = { minAccuracy: 0, minMacroF1: 0, minPerClassRecall: 0, maxRegression: 1 };
    const result = checkGate(unmeasured as ModelCard, open);
    expect(result.passed).toBe(false);
    expect(result.failures).toEqual([
      expect.stringMatching(/^the model was measured on no holdout rows: .*--holdout/),
    ]);
  });

  it('passes a card that meets every threshold, including exact ties', () => {
    const result = checkGate(card, gate);
    expect(result.passed).toBe(true);
    expect(result.failures).toEqual([]);
    expect(result.checks.map((c) => [c.name, c.actual, c.minimum, c.passed])).toEqual([
      ['Accuracy', 0.9, 0.9, true],
      ['Macro F1', 0.88, 0.85, true],
      ['Recall (a)', 0.8, 0.8, true],
      ['Recall (b)', 1, 0.8, true],
    ]);
  });

  it('fails each threshold that is not met, saying which', () => {
    const result = checkGate(card, { ...gate, minAccuracy: 0.95, minPerClassRecall: 0.9 });
    expect(result.passed).toBe(false);
    expect(result.failures).toEqual([
      'holdout accuracy 0.9 is below the minimum 0.95',
      'recall of "a" 0.8 is below the minimum 0.9',
    ]);
  });

  it('allows a drop of up to maxRegression against a baseline, and no more', () => {
    const within = checkGate(card, gate, {
      version: 'bbbbbbbbbbbbbbbb',
      metrics: { accuracy: 0.92, macroF1: 0.89 },
    });
    expect(within.passed).toBe(true);
    expect(within.checks.slice(-2).map((c) => [c.name, c.baseline, c.minimum])).toEqual([
      ['Accuracy vs baseline', 0.92, 0.9],
      ['Macro F1 vs baseline', 0.89, 0.87],
    ]);
    const beyond = checkGate(card, gate, {
      version: 'bbbbbbbbbbbbbbbb',
      metrics: { accuracy: 0.9201, macroF1: 0.95 },
    });
    expect(beyond.passed).toBe(false);
    expect(beyond.failures).toEqual([
      'accuracy dropped from 0.9201 (baseline bbbbbbbbbbbbbbbb) to 0.9: -0.0201, more than the allowed 0.02',
      'macro f1 dropped from 0.95 (baseline bbbbbbbbbbbbbbbb) to 0.88: -0.07, more than the allowed 0.02',
    ]);
  });
});
