import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ClassMetrics,
  decodeArtifact,
  defaultConfigPath,
  encodeArtifact,
  type ModelCard,
  repoRoot,
  round4,
  trainToFile,
} from '../packages/model/src/index.js';
import { validate } from './validate.js';

const run = promisify(execFile);
let dir: string;
let artifactPath: string;
let card: ModelCard;
/** The repo's allowed drop against a baseline, and a baseline figure just above what that allows. */
let maxRegression: number;
const aboveAllowed = (figure: number) => round4(figure + maxRegression + 0.01);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'forestfn-validate-'));
  ({ artifactPath, card } = await trainToFile({ outPath: join(dir, 'model.bin') }));
  maxRegression = JSON.parse(await readFile(defaultConfigPath, 'utf8')).gate.maxRegression;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A copy of the card with other metrics, as a baseline file. */
async function baselineWith(metrics: Partial<ModelCard['metrics']>): Promise<string> {
  const path = join(dir, `baseline-${Object.values(metrics).join('-')}.json`);
  await writeFile(
    path,
    JSON.stringify({ ...card, version: '0000000000000000', metrics: { ...card.metrics, ...metrics } }),
  );
  return path;
}

describe('validate', () => {
  it('passes the trained model with the repo thresholds, writes the report and appends it to the summary', async () => {
    const reportPath = join(dir, 'pass', 'report.md');
    const summaryPath = join(dir, 'summary.md');
    await writeFile(summaryPath, 'earlier step\n');
    const result = await validate({ artifactPath, reportPath, summaryPath });
    expect(result.passed).toBe(true);
    expect(result.reasons).toEqual([]);
    expect(await readFile(reportPath, 'utf8')).toBe(result.report);
    expect(result.report.startsWith(`## ✅ Model quality gate passed: ${card.name} `)).toBe(true);
    expect(await readFile(summaryPath, 'utf8')).toBe(`earlier step\n${result.report}\n`);
  });

  it('fails when a threshold is not met, saying which', async () => {
    // The trained forest, sealed again with a card whose holdout figures fall below the repo's gate (the
    // real figures pass it, and may all be 1): half the minimum accuracy, and half the minimum recall for
    // the first class. Each threshold above 0 then fails, and is named.
    const { gate } = JSON.parse(await readFile(defaultConfigPath, 'utf8'));
    const half = (minimum: number) => round4(minimum / 2);
    const [weak = ''] = card.labels;
    const perClass = card.metrics.perClass;
    const worse: ModelCard = {
      ...card,
      metrics: {
        ...card.metrics,
        accuracy: half(gate.minAccuracy),
        perClass: {
          ...perClass,
          [weak]: { ...(perClass[weak] as ClassMetrics), recall: half(gate.minPerClassRecall) },
        },
      },
    };
    const expected = [
      ...(gate.minAccuracy > 0
        ? [`holdout accuracy ${half(gate.minAccuracy)} is below the minimum ${gate.minAccuracy}`]
        : []),
      ...(gate.minPerClassRecall > 0
        ? [
            `recall of "${weak}" ${half(gate.minPerClassRecall)} is below the minimum ${gate.minPerClassRecall}`,
          ]
        : []),
    ];
    expect(expected.length, 'a gate with a threshold above 0').toBeGreaterThan(0);
    const weakPath = join(dir, 'weak.bin');
    await writeFile(weakPath, encodeArtifact(worse, decodeArtifact(await readFile(artifactPath)).forest));
    const result = await validate({ artifactPath: weakPath, reportPath: join(dir, 'fail', 'report.md') });
    expect(result.passed).toBe(false);
    expect(result.reasons).toEqual(expected);
    expect(result.report).toMatch(/^## ❌ Model quality gate failed/);
  });

  it('fails when accuracy dropped more than maxRegression below the baseline, and passes within it', async () => {
    const reportPath = join(dir, 'baseline', 'report.md');
    const higher = await baselineWith({ accuracy: aboveAllowed(card.metrics.accuracy) });
    const dropped = await validate({ artifactPath, baselinePath: higher, reportPath });
    expect(dropped.passed).toBe(false);
    expect(dropped.reasons).toEqual([
      expect.stringMatching(/^accuracy dropped from [0-9.]+ \(baseline 0000000000000000\) to /),
    ]);
    expect(dropped.report).toContain('### Against the baseline');
    const close = await baselineWith({ accuracy: round4(card.metrics.accuracy + maxRegression / 2) });
    expect((await validate({ artifactPath, baselinePath: close, reportPath })).passed).toBe(true);
  });

  it('fails with the reason when the artifact was tampered with or the baseline is not a card', async () => {
    const tampered = join(dir, 'tampered.bin');
    const bytes = await readFile(artifactPath);
    // One digit of the card's macro F1, changed.
    const at = bytes.indexOf('"macroF1":') + '"macroF1":'.length;
    bytes[at] = bytes[at] === 0x31 ? 0x30 : 0x31;
    await writeFile(tampered, bytes);
    const result = await validate({ artifactPath: tampered, reportPath: join(dir, 'tampered.md') });
    expect(result.passed).toBe(false);
    expect(result.reasons[0]).toMatch(/tampered\.bin: its content hash is [0-9a-f]{16} but its header says/);
    expect(result.report).toContain('> Cannot load the model artifact');
    const notCard = await validate({
      artifactPath,
      baselinePath: artifactPath.replace('model.bin', 'nope.json'),
      reportPath: join(dir, 'x.md'),
    });
    expect(notCard.reasons[0]).toMatch(/Cannot read the baseline card .*nope\.json \(ENOENT\)/);
    expect(
      (await validate({ artifactPath, baselinePath: artifactPath, reportPath: join(dir, 'y.md') })).passed,
    ).toBe(true);
  });
});

describe('pnpm validate', () => {
  it('exits non-zero with the reasons, the figures side by side, and appends to GITHUB_STEP_SUMMARY', async () => {
    const summary = join(dir, 'cli-summary.md');
    const reportPath = join(dir, 'cli', 'report.md');
    const before = aboveAllowed(card.metrics.macroF1);
    const args = [
      '--import',
      'tsx',
      'scripts/validate.ts',
      '--artifact',
      artifactPath,
      '--baseline',
      await baselineWith({ macroF1: before }),
      '--report',
      reportPath,
    ];
    const failure = await run(process.execPath, args, {
      cwd: repoRoot,
      env: { ...process.env, GITHUB_STEP_SUMMARY: summary },
    }).then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(
      failure?.stderr.startsWith(
        `quality gate FAILED\n  - macro f1 dropped from ${before} (baseline 0000000000000000) to `,
      ),
    ).toBe(true);
    expect(failure?.stderr).toMatch(
      new RegExp(
        `FAIL Macro F1 vs baseline +baseline 0000000000000000 ${before} {2}-> {2}this model ${card.metrics.macroF1}`,
      ),
    );
    const report = await readFile(reportPath, 'utf8');
    expect(await readFile(summary, 'utf8')).toBe(`${report}\n`);
  });
});
