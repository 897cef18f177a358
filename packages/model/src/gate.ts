import type { GateThresholds } from './config.js';
import { round4 } from './metrics.js';
import type { ModelCard } from './types.js';

/** One check of the quality gate: `actual` must be at least `minimum`. */
export interface GateCheck {
  /** What is checked, for people: "Accuracy", "Recall (setosa)", "Accuracy vs baseline". */
  name: string;
  actual: number;
  minimum: number;
  passed: boolean;
  /** For a regression check: the baseline's figure (the minimum is it minus `maxRegression`). */
  baseline?: number;
}

export interface GateResult {
  passed: boolean;
  checks: GateCheck[];
  /** One readable sentence per failed check. */
  failures: string[];
}

/** Only what the gate reads from a baseline card (an older `model-card.json`). */
export interface BaselineCard {
  version: string;
  metrics: { accuracy: number; macroF1: number };
}

// Metrics are rounded to 4 decimals; the tolerance keeps float noise in `baseline - maxRegression` from failing an exact tie.
const tolerance = 1e-9;

/**
 * Applies the thresholds of `model.config.json` to a card: minimum accuracy, macro F1 and recall of every
 * class, and, given a baseline card, a drop of accuracy or macro F1 of at most `maxRegression`.
 */
export function checkGate(card: ModelCard, gate: GateThresholds, baseline?: BaselineCard): GateResult {
  const checks: GateCheck[] = [];
  const failures: string[] = [];
  const add = (check: Omit<GateCheck, 'passed'>, failure: string) => {
    const passed = check.actual >= check.minimum - tolerance;
    checks.push({ ...check, passed });
    if (!passed) failures.push(failure);
  };
  const { accuracy, macroF1, perClass, holdoutRows } = card.metrics;
  if (holdoutRows === 0) {
    // An imported model adopted without a holdout table: there is nothing to hold to the thresholds.
    add(
      { name: 'Holdout rows', actual: 0, minimum: 1 },
      'the model was measured on no holdout rows: give the gate a labelled table (`pnpm validate --holdout <csv>`, or `pnpm adopt --sklearn <dump> --holdout <csv>`)',
    );
  }
  add(
    { name: 'Accuracy', actual: accuracy, minimum: gate.minAccuracy },
    `holdout accuracy ${accuracy} is below the minimum ${gate.minAccuracy}`,
  );
  add(
    { name: 'Macro F1', actual: macroF1, minimum: gate.minMacroF1 },
    `holdout macro F1 ${macroF1} is below the minimum ${gate.minMacroF1}`,
  );
  for (const label of card.labels) {
    const recall = perClass[label]?.recall ?? 0;
    add(
      { name: `Recall (${label})`, actual: recall, minimum: gate.minPerClassRecall },
      `recall of "${label}" ${recall} is below the minimum ${gate.minPerClassRecall}`,
    );
  }
  if (baseline) {
    for (const [name, key] of [
      ['Accuracy', 'accuracy'],
      ['Macro F1', 'macroF1'],
    ] as const) {
      const before = baseline.metrics[key];
      const now = card.metrics[key];
      add(
        {
          name: `${name} vs baseline`,
          actual: now,
          minimum: round4(before - gate.maxRegression),
          baseline: before,
        },
        `${name.toLowerCase()} dropped from ${before} (baseline ${baseline.version}) to ${now}: ${round4(now - before)}, more than the allowed ${gate.maxRegression}`,
      );
    }
  }
  return { passed: failures.length === 0, checks, failures };
}
