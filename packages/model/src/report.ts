import type { BaselineCard, GateResult } from './gate.js';
import { round4 } from './metrics.js';
import type { ModelCard } from './types.js';

export interface ReportInput {
  card: ModelCard;
  gate: GateResult;
  /** How to name the artifact in the report (e.g. a repo-relative path). */
  artifact: string;
  baseline?: BaselineCard;
  /** The labelled CSV the metrics were measured on, when not the card's own holdout (`validate --holdout`). */
  holdout?: { path: string; rows: number };
}

const cell = (value: string | number) => String(value).replaceAll('|', '\\|').replaceAll('\n', ' ');
const row = (cells: (string | number)[]) => `| ${cells.map(cell).join(' | ')} |`;
const table = (header: string[], align: string[], rows: (string | number)[][]) =>
  [row(header), `|${align.join('|')}|`, ...rows.map(row)].join('\n');
const mark = (passed: boolean) => (passed ? '✅ pass' : '❌ fail');
const signed = (value: number) => `${value >= 0 ? '+' : ''}${round4(value)}`;
// Mermaid strings cannot hold a double quote.
const quoted = (text: string) => `"${text.replaceAll('"', "'")}"`;

function barChart(title: string, axis: string, names: string[], values: number[]): string {
  return [
    '```mermaid',
    'xychart-beta',
    `    title ${quoted(title)}`,
    `    x-axis [${names.map(quoted).join(', ')}]`,
    `    y-axis ${quoted(axis)} 0 --> 1`,
    `    bar [${values.join(', ')}]`,
    '```',
  ].join('\n');
}

/** The quality report as Markdown for a GitHub job summary: verdict, checks, per-class metrics, confusion matrix, charts, baseline. */
export function renderReport({ card, gate, artifact, baseline, holdout }: ReportInput): string {
  const { metrics } = card;
  const lines: string[] = [
    `## ${gate.passed ? '✅' : '❌'} Model quality gate ${gate.passed ? 'passed' : 'failed'}: ${card.name} \`${card.version}\``,
    '',
  ];
  if (!gate.passed) lines.push(...gate.failures.map((failure) => `- ${failure}`), '');
  const imported = card.importedFrom;
  const provenance = imported
    ? `\`${artifact}\`: a ${imported.estimator.split('.').at(-1)} fitted with ${imported.library} (\`${imported.model.file}\`, sha256 \`${imported.model.sha256.slice(0, 12)}\`), imported from \`${imported.dump.path}\`${card.dataset.rows > 0 && !holdout ? `, evaluated on the ${card.dataset.rows} rows of \`${card.dataset.path}\` (sha256 \`${card.dataset.sha256.slice(0, 12)}\`)` : ''}.`
    : `\`${artifact}\`: trained with ${card.trainer.library} ${card.trainer.version} (forests as ${card.trainer.compatibleWith} grows them) on ${card.dataset.trainRows} of the ${card.dataset.rows} rows of \`${card.dataset.path}\` (sha256 \`${card.dataset.sha256.slice(0, 12)}\`)${holdout ? '' : `, evaluated on the other ${metrics.holdoutRows}`}.`;
  lines.push(provenance, '');
  if (holdout)
    lines.push(
      `Measured for this gate on the ${holdout.rows} rows of \`${holdout.path}\` (\`--holdout\`).`,
      '',
    );
  lines.push(
    '### Checks',
    '',
    table(
      ['Check', 'Value', 'Threshold', 'Result'],
      [' --- ', ' ---: ', ' ---: ', ' :---: '],
      gate.checks.map((check) => [check.name, check.actual, `≥ ${check.minimum}`, mark(check.passed)]),
    ),
    '',
    '### Per class',
    '',
    table(
      ['Class', 'Precision', 'Recall', 'F1', 'Support'],
      [' --- ', ' ---: ', ' ---: ', ' ---: ', ' ---: '],
      card.labels.map((label) => {
        const m = metrics.perClass[label];
        return [label, m?.precision ?? '', m?.recall ?? '', m?.f1 ?? '', m?.support ?? ''];
      }),
    ),
    '',
    '### Confusion matrix',
    '',
    'Rows are the true classes, columns the predicted ones.',
    '',
    table(
      ['true \\ predicted', ...card.labels],
      [' --- ', ...card.labels.map(() => ' ---: ')],
      card.labels.map((label, i) => [`**${label}**`, ...(metrics.confusionMatrix[i] ?? [])]),
    ),
    '',
    barChart(
      'Holdout recall per class',
      'Recall',
      card.labels,
      card.labels.map((label) => metrics.perClass[label]?.recall ?? 0),
    ),
    '',
    barChart(
      'Feature importance',
      'Share',
      card.features.map((f) => f.name),
      card.features.map((f) => card.featureImportance[f.name] ?? 0),
    ),
  );
  if (baseline) {
    const regressions = gate.checks.filter((check) => check.baseline !== undefined);
    lines.push(
      '',
      '### Against the baseline',
      '',
      table(
        [
          'Metric',
          `Baseline \`${baseline.version}\``,
          `This model \`${card.version}\``,
          'Change',
          'Allowed drop',
          'Result',
        ],
        [' --- ', ' ---: ', ' ---: ', ' ---: ', ' ---: ', ' :---: '],
        regressions.map((check) => [
          check.name.replace(' vs baseline', ''),
          check.baseline as number,
          check.actual,
          signed(check.actual - (check.baseline as number)),
          round4((check.baseline as number) - check.minimum),
          mark(check.passed),
        ]),
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The report when there is nothing to measure: the artifact, config or baseline could not be used. */
export function renderFailureReport(reason: string): string {
  return `## ❌ Model quality gate failed\n\n${reason
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n')}\n`;
}
