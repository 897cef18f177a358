// `pnpm validate [--artifact path] [--baseline card.json] [--config path] [--report path] [--holdout csv]`:
// the model quality gate. Loads and verifies the artifact, applies the thresholds of model.config.json
// (and, with a baseline card, the allowed regression) to the card's holdout metrics, or with --holdout to
// the model measured on that labelled CSV, writes artifacts/report.md, appends it to
// $GITHUB_STEP_SUMMARY when set, and exits non-zero with the reasons when a check fails.
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  artifactMagic,
  type BaselineCard,
  ConfigError,
  checkGate,
  DataError,
  defaultArtifactPath,
  defaultReportPath,
  evaluate,
  type GateResult,
  holdoutTarget,
  loadModel,
  type Model,
  type ModelCard,
  ModelLoadError,
  parseArtifact,
  readConfig,
  readHoldout,
  renderFailureReport,
  renderReport,
  repoRoot,
} from '../packages/model/src/index.js';
import { parseCli } from './cli.js';

export interface ValidateOptions {
  /** Defaults to artifacts/model.bin. */
  artifactPath?: string;
  /** A card (model-card.json) or artifact of an earlier model to compare against. */
  baselinePath?: string;
  /** Defaults to model.config.json. */
  configPath?: string;
  /** Defaults to artifacts/report.md. */
  reportPath?: string;
  /** A file to append the report to (the CLI passes $GITHUB_STEP_SUMMARY). */
  summaryPath?: string;
  /**
   * A labelled CSV to measure the model on, in place of the card's own holdout metrics: the model's
   * features and target as columns (any order, others ignored), labels among the model's.
   */
  holdoutPath?: string;
}

export interface ValidateResult {
  passed: boolean;
  /** Why it failed, one sentence each; empty when it passed. */
  reasons: string[];
  report: string;
  reportPath: string;
  /** Absent when the artifact, config or baseline could not be used. */
  card?: ModelCard;
  gate?: GateResult;
  baseline?: BaselineCard;
}

/** The baseline file is missing or is not a model card. */
export class BaselineError extends Error {
  override name = 'BaselineError';
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a baseline: a model card (JSON), or a whole artifact (its verified card is used). */
export async function readBaseline(path: string): Promise<BaselineCard> {
  let card: unknown;
  try {
    const bytes = await readFile(path);
    const isArtifact = bytes.subarray(0, artifactMagic.length).toString('latin1') === artifactMagic;
    card = isArtifact ? parseArtifact(bytes, path).card : JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    const reason =
      error instanceof ModelLoadError
        ? error.message
        : ((error as NodeJS.ErrnoException).code ?? (error as Error).message);
    throw new BaselineError(`Cannot read the baseline card ${path} (${reason}).`);
  }
  const metrics = isRecord(card) ? card.metrics : undefined;
  if (
    !isRecord(card) ||
    typeof card.version !== 'string' ||
    !isRecord(metrics) ||
    typeof metrics.accuracy !== 'number' ||
    typeof metrics.macroF1 !== 'number'
  ) {
    throw new BaselineError(
      `The baseline ${path} is not a model card (it needs version, metrics.accuracy and metrics.macroF1).`,
    );
  }
  return { version: card.version, metrics: { accuracy: metrics.accuracy, macroF1: metrics.macroF1 } };
}

/** The model's metrics on a labelled CSV (see readHoldout); throws DataError. */
async function measure(model: Model, path: string): Promise<{ path: string; metrics: ModelCard['metrics'] }> {
  const file = shown(path);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(path));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'not UTF-8 text';
    throw new DataError(file, undefined, undefined, `cannot be read as the holdout (${reason})`);
  }
  const { card } = model;
  const names = card.features.map((f) => f.name);
  // The card's target, or the table's one column that is not a feature (a model adopted without a holdout
  // may not know its label column's name).
  const target = holdoutTarget(text, file, names, card.target);
  const { X, y } = readHoldout(text, file, { features: card.features, labels: card.labels, target });
  const predicted = model.predict(X).map((prediction) => prediction.labelIndex);
  return { path, metrics: evaluate(y, predicted, card.labels) };
}

/** A path as the report shows it: repo-relative when inside the repo. */
const shown = (path: string) => {
  const inside = relative(repoRoot, path);
  return inside === '' || inside.startsWith('..') || isAbsolute(inside) ? path : inside;
};

/** Runs the gate, writes the report (and appends it to the summary file), and says whether it passed. */
export async function validate(options: ValidateOptions = {}): Promise<ValidateResult> {
  const reportPath = resolve(options.reportPath ?? defaultReportPath);
  let result: Omit<ValidateResult, 'reportPath'>;
  try {
    const config = await readConfig(options.configPath);
    const artifactPath = resolve(options.artifactPath ?? defaultArtifactPath);
    const model = await loadModel(artifactPath);
    const baseline =
      options.baselinePath === undefined ? undefined : await readBaseline(resolve(options.baselinePath));
    const holdout =
      options.holdoutPath === undefined ? undefined : await measure(model, resolve(options.holdoutPath));
    const card = holdout ? { ...model.card, metrics: holdout.metrics } : model.card;
    const gate = checkGate(card, config.gate, baseline);
    const report = renderReport({
      card,
      gate,
      artifact: shown(artifactPath),
      ...(baseline === undefined ? {} : { baseline }),
      ...(holdout === undefined
        ? {}
        : { holdout: { path: shown(holdout.path), rows: holdout.metrics.holdoutRows } }),
    });
    result = {
      passed: gate.passed,
      reasons: gate.failures,
      report,
      card,
      gate,
      ...(baseline === undefined ? {} : { baseline }),
    };
  } catch (error) {
    if (
      !(
        error instanceof ConfigError ||
        error instanceof ModelLoadError ||
        error instanceof BaselineError ||
        error instanceof DataError
      )
    )
      throw error;
    result = { passed: false, reasons: [error.message], report: renderFailureReport(error.message) };
  }
  await mkdir(dirname(reportPath), { recursive: true });
  await writeFile(reportPath, result.report);
  if (options.summaryPath) await appendFile(options.summaryPath, `${result.report}\n`);
  return { ...result, reportPath };
}

const usage =
  'usage: pnpm validate [--artifact artifacts/model.bin] [--baseline model-card.json] [--config model.config.json] [--report artifacts/report.md] [--holdout labelled.csv]';

/** The checks as aligned text; regression checks show the baseline and this model side by side. */
function describeChecks(result: ValidateResult): string[] {
  const checks = result.gate?.checks ?? [];
  const width = Math.max(...checks.map((c) => c.name.length));
  return checks.map((check) => {
    const verdict = check.passed ? 'ok  ' : 'FAIL';
    const name = check.name.padEnd(width);
    if (check.baseline === undefined) return `  ${verdict} ${name}  ${check.actual} (min ${check.minimum})`;
    const change = check.actual - check.baseline;
    return `  ${verdict} ${name}  baseline ${result.baseline?.version} ${check.baseline}  ->  this model ${check.actual}  (${change >= 0 ? '+' : ''}${Math.round(change * 1e4) / 1e4}, min ${check.minimum})`;
  });
}

async function main(args: string[]): Promise<void> {
  const values = parseCli(
    args,
    {
      artifact: { type: 'string' },
      baseline: { type: 'string' },
      config: { type: 'string' },
      report: { type: 'string' },
      holdout: { type: 'string' },
    },
    usage,
  );
  if (!values) return;
  const option = (name: keyof typeof values) => (typeof values[name] === 'string' ? values[name] : undefined);
  const options: ValidateOptions = {};
  for (const [flag, key] of [
    ['artifact', 'artifactPath'],
    ['baseline', 'baselinePath'],
    ['config', 'configPath'],
    ['report', 'reportPath'],
    ['holdout', 'holdoutPath'],
  ] as const) {
    const value = option(flag);
    if (value !== undefined) options[key] = value;
  }
  const summary = process.env.GITHUB_STEP_SUMMARY;
  if (summary) options.summaryPath = summary;

  const result = await validate(options);
  const card = result.card;
  const lines = [
    card
      ? `${card.name} ${card.version}: holdout of ${card.metrics.holdoutRows} rows`
      : 'no model to measure',
    ...describeChecks(result),
    `report: ${shown(result.reportPath)}`,
  ];
  if (result.passed) {
    console.log(['quality gate passed', ...lines].join('\n'));
  } else {
    console.error(
      ['quality gate FAILED', ...result.reasons.map((reason) => `  - ${reason}`), ...lines].join('\n'),
    );
    process.exitCode = 1;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
