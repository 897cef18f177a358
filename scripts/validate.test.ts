import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfigPath, type ModelCard, repoRoot } from '../packages/model/src/index.js';
import { train } from './train.js';
import { validate } from './validate.js';

const run = promisify(execFile);
let dir: string;
let artifactPath: string;
let card: ModelCard;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'forestfn-validate-'));
  ({ artifactPath, card } = await train({ outPath: join(dir, 'model.json') }));
});

/** A config like the repo's with other gate thresholds. */
async function configWithGate(gate: Record<string, number>): Promise<string> {
  const config = JSON.parse(await readFile(defaultConfigPath, 'utf8'));
  const path = join(dir, `config-${Object.values(gate).join('-')}.json`);
  await writeFile(
    path,
    JSON.stringify({
      ...config,
      spec: join(repoRoot, 'spec/openapi.yaml'),
      dataset: join(repoRoot, 'data/iris.csv'),
      gate: { ...config.gate, ...gate },
    }),
  );
  return path;
}

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
    expect(result.report).toMatch(/^## ✅ Model quality gate passed: iris-species/);
    expect(await readFile(summaryPath, 'utf8')).toBe(`earlier step\n${result.report}\n`);
  });

  it('fails when a threshold is not met, saying which', async () => {
    const configPath = await configWithGate({ minAccuracy: 1, minPerClassRecall: 0.95 });
    const result = await validate({ artifactPath, configPath, reportPath: join(dir, 'fail', 'report.md') });
    expect(result.passed).toBe(false);
    expect(result.reasons).toContain(`holdout accuracy ${card.metrics.accuracy} is below the minimum 1`);
    expect(result.reasons.some((r) => r.startsWith('recall of "virginica"'))).toBe(true);
    expect(result.report).toMatch(/^## ❌ Model quality gate failed/);
  });

  it('fails when accuracy dropped more than maxRegression below the baseline, and passes within it', async () => {
    const reportPath = join(dir, 'baseline', 'report.md');
    const higher = await baselineWith({ accuracy: Math.min(1, card.metrics.accuracy + 0.03) });
    const dropped = await validate({ artifactPath, baselinePath: higher, reportPath });
    expect(dropped.passed).toBe(false);
    expect(dropped.reasons).toEqual([
      expect.stringMatching(/^accuracy dropped from [0-9.]+ \(baseline 0000000000000000\) to /),
    ]);
    expect(dropped.report).toContain('### Against the baseline');
    const close = await baselineWith({ accuracy: card.metrics.accuracy + 0.01 });
    expect((await validate({ artifactPath, baselinePath: close, reportPath })).passed).toBe(true);
  });

  it('fails with the reason when the artifact was tampered with or the baseline is not a card', async () => {
    const tampered = join(dir, 'tampered.json');
    await writeFile(
      tampered,
      (await readFile(artifactPath, 'utf8')).replace('"macroF1":0.', '"macroF1":0.1'),
    );
    const result = await validate({ artifactPath: tampered, reportPath: join(dir, 'tampered.md') });
    expect(result.passed).toBe(false);
    expect(result.reasons[0]).toMatch(
      /tampered\.json: its content hash is [0-9a-f]{16} but card\.version says/,
    );
    expect(result.report).toContain('> Cannot load the model artifact');
    const notCard = await validate({
      artifactPath,
      baselinePath: artifactPath.replace('model.json', 'nope.json'),
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
    const args = [
      '--import',
      'tsx',
      'scripts/validate.ts',
      '--artifact',
      artifactPath,
      '--baseline',
      await baselineWith({ macroF1: 1 }),
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
    expect(failure?.stderr).toMatch(
      /^quality gate FAILED\n {2}- macro f1 dropped from 1 \(baseline 0000000000000000\) to /,
    );
    expect(failure?.stderr).toMatch(
      new RegExp(
        `FAIL Macro F1 vs baseline +baseline 0000000000000000 1 {2}-> {2}this model ${card.metrics.macroF1}`,
      ),
    );
    const report = await readFile(reportPath, 'utf8');
    expect(await readFile(summary, 'utf8')).toBe(`${report}\n`);
  });
});
