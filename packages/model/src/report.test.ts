import { beforeAll, describe, expect, it } from 'vitest';
import { type GateThresholds, readConfig } from './config.js';
import { checkGate } from './gate.js';
import { renderFailureReport, renderReport } from './report.js';
import { trainFromConfig } from './train.js';
import type { ModelCard } from './types.js';

let card: ModelCard;
// The repo's own gate, which its trained model passes.
let gate: GateThresholds;
beforeAll(async () => {
  card = (await trainFromConfig()).model.card;
  gate = (await readConfig()).gate;
});

/** The table rows under a `### heading`, as arrays of trimmed cells. */
function tableUnder(markdown: string, heading: string): string[][] {
  const section = markdown.split(`### ${heading}\n`)[1]?.split('\n###')[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .slice(1, -1)
        .split(' | ')
        .map((c) => c.trim()),
    );
}

describe('renderReport', () => {
  it('opens with the verdict and tabulates checks, classes and the confusion matrix', () => {
    const report = renderReport({ card, gate: checkGate(card, gate), artifact: 'artifacts/model.json' });
    expect(report.split('\n')[0]).toBe(`## ✅ Model quality gate passed: ${card.name} \`${card.version}\``);
    expect(tableUnder(report, 'Checks')[2]).toEqual([
      'Accuracy',
      String(card.metrics.accuracy),
      `≥ ${gate.minAccuracy}`,
      '✅ pass',
    ]);
    // Header and rule, accuracy and macro F1, one recall per class.
    expect(tableUnder(report, 'Checks')).toHaveLength(2 + 2 + card.labels.length);
    expect(
      tableUnder(report, 'Per class')
        .slice(2)
        .map((r) => r[0]),
    ).toEqual(card.labels);
    const matrix = tableUnder(report, 'Confusion matrix');
    expect(matrix[0]).toEqual(['true \\ predicted', ...card.labels]);
    expect(matrix.slice(2).map((r) => r.slice(1).map(Number))).toEqual(card.metrics.confusionMatrix);
    expect(report).toContain(
      `\`\`\`mermaid\nxychart-beta\n    title "Holdout recall per class"\n    x-axis [${card.labels.map((l) => `"${l.replaceAll('"', "'")}"`).join(', ')}]`,
    );
    expect(report).toContain(
      `    bar [${card.labels.map((l) => card.metrics.perClass[l]?.recall).join(', ')}]`,
    );
    expect(report).not.toContain('Against the baseline');
  });

  it('lists the failures under the verdict and compares with the baseline side by side', () => {
    // A baseline more accurate by more than the allowed drop.
    const drop = Math.round((gate.maxRegression + 0.03) * 1e4) / 1e4;
    const accuracy = Math.round((card.metrics.accuracy + drop) * 1e4) / 1e4;
    const baseline = { version: '0123456789abcdef', metrics: { accuracy, macroF1: card.metrics.macroF1 } };
    const result = checkGate(card, gate, baseline);
    const report = renderReport({ card, gate: result, artifact: 'a.json', baseline });
    expect(report.split('\n')[0]).toMatch(/^## ❌ Model quality gate failed/);
    expect(report).toContain(`\n- ${result.failures[0]}\n`);
    const rows = tableUnder(report, 'Against the baseline');
    expect(rows[0]).toEqual([
      'Metric',
      'Baseline `0123456789abcdef`',
      `This model \`${card.version}\``,
      'Change',
      'Allowed drop',
      'Result',
    ]);
    expect(rows[2]).toEqual([
      'Accuracy',
      String(accuracy),
      String(card.metrics.accuracy),
      `-${drop}`,
      String(gate.maxRegression),
      '❌ fail',
    ]);
    expect(rows[3]).toEqual([
      'Macro F1',
      String(card.metrics.macroF1),
      String(card.metrics.macroF1),
      '+0',
      String(gate.maxRegression),
      '✅ pass',
    ]);
  });
});

describe('renderFailureReport', () => {
  it('quotes the reason under a failed verdict', () => {
    expect(renderFailureReport('no file\nrun it')).toBe(
      '## ❌ Model quality gate failed\n\n> no file\n> run it\n',
    );
  });
});
