// Importing scikit-learn forests end to end, against scikit-learn itself: forests fitted in Python
// (fit_forests.py, seeded), exported with scripts/export_sklearn.py, adopted with `pnpm adopt --sklearn`
// into a temporary copy of the files it writes (never the repo's own), loaded from the artifact, and
// compared with scikit-learn's `predict` and `predict_proba` on every holdout row, including rows whose
// values sit on and around the thresholds. Needs Debian's python3-sklearn (.ci/run installs it); skipped,
// saying so, where it is absent.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ConfigDefaults } from '../../packages/model/src/adopt/index.js';
import {
  loadModel,
  readConfig,
  readHoldout,
  readSpecSchema,
  repoRoot,
  SklearnDumpError,
  trainFromConfig,
} from '../../packages/model/src/index.js';
import { createService } from '../../packages/service/src/index.js';
import { adopt, adoptSklearn, defaultsFor } from '../../scripts/adopt.js';
import { generatedFiles } from '../../scripts/generate.js';
import { validate } from '../../scripts/validate.js';

const run = promisify(execFile);
/** numpy's order of strings (by code point), which `classes_` follows. */
const byCodePoints = (a: string, b: string) => {
  const [x, y] = [
    [...a].map((c) => c.codePointAt(0) as number),
    [...b].map((c) => c.codePointAt(0) as number),
  ];
  for (let i = 0; i < Math.min(x.length, y.length); i++)
    if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return x.length - y.length;
};
/** The interpreter with scikit-learn; FORESTFN_SKLEARN_PYTHON overrides Debian's. */
const python = process.env.FORESTFN_SKLEARN_PYTHON || '/usr/bin/python3';
const exporter = resolve(repoRoot, 'scripts/export_sklearn.py');
const fixtures = resolve(repoRoot, 'test/sklearn/fit_forests.py');
const singleThread = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' };

const sklearn = await run(python, ['-c', 'import sklearn, joblib; print(sklearn.__version__)'], {
  timeout: 60_000,
})
  .then(({ stdout }) => ({ available: true as const, version: stdout.trim() }))
  .catch(() => ({ available: false as const, version: '' }));

interface Case {
  id: string;
  estimator?: 'RandomForestClassifier' | 'ExtraTreesClassifier';
  classes: 2 | 3;
  labels: 'str' | 'int';
  max_features: 'sqrt' | null;
  min_samples_leaf: number;
  n_estimators: number;
  max_depth?: number;
  bootstrap?: boolean;
  seed: number;
  fitted_on: 'frame' | 'array';
  rows: number;
  features: number;
}

// max_features sqrt and None, min_samples_leaf 1 and above, 2 and 3 classes, string and integer labels,
// names from feature_names_in_ and from a CSV header; a forest of few trees, whose soft votes often tie.
const cases: Case[] = [
  {
    id: 'sqrt-3-str-frame',
    classes: 3,
    labels: 'str',
    max_features: 'sqrt',
    min_samples_leaf: 1,
    n_estimators: 30,
    seed: 1,
    fitted_on: 'frame',
    rows: 500,
    features: 6,
  },
  {
    id: 'none-2-int-array-leaf3',
    classes: 2,
    labels: 'int',
    max_features: null,
    min_samples_leaf: 3,
    n_estimators: 20,
    seed: 2,
    fitted_on: 'array',
    rows: 400,
    features: 5,
  },
  {
    id: 'sqrt-2-str-leaf5-depth6',
    classes: 2,
    labels: 'str',
    max_features: 'sqrt',
    min_samples_leaf: 5,
    n_estimators: 25,
    max_depth: 6,
    seed: 3,
    fitted_on: 'frame',
    rows: 400,
    features: 8,
  },
  {
    id: 'none-3-int-leaf2',
    classes: 3,
    labels: 'int',
    max_features: null,
    min_samples_leaf: 2,
    n_estimators: 15,
    seed: 4,
    fitted_on: 'array',
    rows: 450,
    features: 4,
  },
  {
    id: 'extra-trees-3-str',
    estimator: 'ExtraTreesClassifier',
    classes: 3,
    labels: 'str',
    max_features: 'sqrt',
    min_samples_leaf: 1,
    n_estimators: 20,
    seed: 5,
    fitted_on: 'frame',
    rows: 400,
    features: 6,
  },
  {
    id: 'ties-4-trees',
    classes: 2,
    labels: 'str',
    max_features: 'sqrt',
    min_samples_leaf: 1,
    n_estimators: 4,
    seed: 6,
    fitted_on: 'array',
    rows: 300,
    features: 4,
  },
];

// The repository's own table, when its features are all numbers (a forest scikit-learn can fit as it
// is) and scikit-learn orders its labels as the spec does: served through the API the service builds from
// the spec it embeds.
const repoConfig = await readConfig(resolve(repoRoot, 'model.config.json'));
const repoSchema = await readSpecSchema(repoConfig.spec);
const tableCase = {
  id: 'repo-table',
  csv: repoConfig.dataset,
  features: repoSchema.features,
  target: repoConfig.target,
  n_estimators: 40,
  seed: 7,
};
const servable =
  Object.keys(repoSchema.categories ?? {}).length === 0 &&
  JSON.stringify(repoSchema.labels) === JSON.stringify([...repoSchema.labels].sort(byCodePoints));

const cardExample = [
  'paths',
  '/api/model',
  'get',
  'responses',
  '200',
  'content',
  'application/json',
  'examples',
  'card',
  'value',
];

/** The spec's seed-form example rows and the labels its example answer gives them. */
function exampleRowsOf(spec: Record<string, unknown>): { rows: number[][]; labels: string[] } {
  const at = (path: string[]) =>
    path.reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], spec);
  const json = ['paths', '/api/predict', 'post'];
  return {
    rows: at([
      ...json,
      'requestBody',
      'content',
      'application/json',
      'examples',
      'rows',
      'value',
    ]) as number[][],
    labels: at([
      ...json,
      'responses',
      '200',
      'content',
      'application/json',
      'examples',
      'rows',
      'value',
    ]) as string[],
  };
}

let root: string;
let work: string;
let defaults: ConfigDefaults;

beforeAll(async () => {
  if (!sklearn.available) return;
  root = await mkdtemp(join(tmpdir(), 'forestfn-sklearn-'));
  work = join(root, 'incoming');
  await mkdir(work, { recursive: true });
  for (const path of ['spec/openapi.yaml', 'model.config.json', 'data/README.md']) {
    await mkdir(resolve(root, path, '..'), { recursive: true });
    await cp(resolve(repoRoot, path), join(root, path));
  }
  for (const [path, content] of await generatedFiles({ root })) {
    await mkdir(resolve(path, '..'), { recursive: true });
    await writeFile(path, content);
  }
  defaults = await defaultsFor(root);
  await writeFile(
    join(work, 'job.json'),
    JSON.stringify({ cases: [...cases, ...(servable ? [tableCase] : [])] }),
  );
  await run(python, [fixtures, join(work, 'job.json'), work], { env: singleThread, timeout: 120_000 });
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

/** Exports a fitted case with the CLI, as a user would. */
async function exportCase(c: Case): Promise<string> {
  const dir = join(work, c.id);
  const dump = join(dir, `${c.id}.sklearn.json`);
  const names = c.fitted_on === 'array' ? ['--features-from', join(dir, 'train.csv'), '--target', 'y'] : [];
  await run(python, [exporter, join(dir, 'model.pkl'), dump, ...names], { env: singleThread });
  return dump;
}

describe.skipIf(!sklearn.available)(
  `scikit-learn forests imported as they are${sklearn.available ? ` (scikit-learn ${sklearn.version})` : ''}`,
  () => {
    it.each(cases)(
      '$id: labels equal predict and probabilities predict_proba on every holdout row',
      async (c) => {
        const dump = await exportCase(c);
        const holdout = join(work, c.id, 'holdout.csv');
        const { plan } = await adoptSklearn({ root, sklearn: dump, name: c.id, holdout, defaults });
        const expected = JSON.parse(await readFile(join(work, c.id, 'expected.json'), 'utf8')) as {
          labels: string[];
          proba: number[][];
          classes: string[];
        };
        // What a host loads: the artifact file adopt wrote.
        const model = await loadModel(join(root, 'artifacts', 'model.bin'));
        expect(model.card.labels).toEqual(expected.classes);
        expect(model.card.importedFrom).toMatchObject({
          voting: 'soft',
          library: `scikit-learn@${sklearn.version}`,
        });
        const { X } = readHoldout(await readFile(holdout, 'utf8'), 'holdout.csv', {
          features: model.card.features,
          labels: model.card.labels,
          target: 'kind',
        });
        expect(X).toHaveLength(expected.labels.length);
        const predictions = model.predict(X);
        let largest = 0;
        let exact = 0;
        const wrongLabels: number[] = [];
        predictions.forEach((prediction, r) => {
          if (prediction.label !== expected.labels[r]) wrongLabels.push(r);
          const want = expected.proba[r] as number[];
          let same = true;
          model.card.labels.forEach((label, k) => {
            const got = prediction.probabilities[label] as number;
            largest = Math.max(largest, Math.abs(got - (want[k] as number)));
            if (got !== want[k]) same = false;
          });
          if (same) exact++;
        });
        expect(wrongLabels).toEqual([]);
        expect(largest).toBeLessThanOrEqual(1e-9);
        // Same float64 operations in the same order: the same bits, not just within 1e-9.
        expect(exact).toBe(X.length);
        expect(plan.imported.card.metrics.holdoutRows).toBe(X.length);
      },
      60_000,
    );

    it('`pnpm train` rebuilds the same artifact from the config adopt wrote, and the gate runs on a holdout CSV', async () => {
      const c = cases[0] as Case;
      const dump = await exportCase(c);
      const holdout = join(work, c.id, 'holdout.csv');
      // Adopted without a holdout: the card has no metrics and the gate says so.
      const bare = await adoptSklearn({ root, sklearn: dump, name: 'bare', defaults });
      expect(bare.plan.imported.card.metrics.holdoutRows).toBe(0);
      const config = await readConfig(join(root, 'model.config.json'));
      expect(config.import?.sklearn).toBe(join(root, 'models', `${c.id}.sklearn.json`));
      const refused = await validate({
        configPath: config.path,
        artifactPath: join(root, 'artifacts', 'model.bin'),
        reportPath: join(root, 'report.md'),
      });
      expect(refused.passed).toBe(false);
      expect(refused.reasons.join('\n')).toMatch(/measured on no holdout rows/);
      const measured = await validate({
        configPath: config.path,
        artifactPath: join(root, 'artifacts', 'model.bin'),
        reportPath: join(root, 'report.md'),
        holdoutPath: holdout,
      });
      expect(measured.card?.metrics.holdoutRows).toBeGreaterThan(0);
      expect(measured.report).toMatch(/imported from `models\/sqrt-3-str-frame\.sklearn\.json`/);

      // Without a table, the spec's example rows are points the forest answers as the examples say.
      const bareModel = await loadModel(join(root, 'artifacts', 'model.bin'));
      const examples = exampleRowsOf(parse(await readFile(join(root, 'spec/openapi.yaml'), 'utf8')));
      expect(bareModel.predict(examples.rows).map((p) => p.label)).toEqual(examples.labels);

      const { plan } = await adoptSklearn({ root, sklearn: dump, name: c.id, holdout, defaults });
      const adopted = await readFile(join(root, 'artifacts', 'model.bin'));
      const trained = await trainFromConfig({ configPath: join(root, 'model.config.json') });
      expect(Buffer.from(trained.artifact).equals(adopted)).toBe(true);
      expect(trained.model.card.version).toBe(plan.imported.card.version);
      const gated = await validate({
        configPath: config.path,
        artifactPath: join(root, 'artifacts', 'model.bin'),
        reportPath: join(root, 'report.md'),
      });
      expect(gated.card?.metrics).toEqual(plan.imported.card.metrics);
    }, 60_000);

    it.skipIf(!servable)(
      "is served through the API on the repository's table as scikit-learn predicts, probabilities and all",
      async () => {
        const dir = join(work, tableCase.id);
        const dump = join(dir, 'repo-table.sklearn.json');
        await run(python, [exporter, join(dir, 'model.pkl'), dump], { env: singleThread });
        const holdout = join(dir, 'holdout.csv');
        await adoptSklearn({ root, sklearn: dump, holdout, defaults });
        const model = await loadModel(join(root, 'artifacts', 'model.bin'));
        const service = createService({ model });
        const expected = JSON.parse(await readFile(join(dir, 'expected.json'), 'utf8')) as {
          labels: string[];
          proba: number[][];
        };
        const { X } = readHoldout(await readFile(holdout, 'utf8'), 'holdout.csv', {
          features: model.card.features,
          labels: model.card.labels,
          target: repoConfig.target,
        });
        const rows = X.slice(0, 1000);
        const post = async (body: unknown) => {
          const response = await service.fetch(
            new Request('http://localhost/api/predict', {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(body),
            }),
          );
          expect(response.status).toBe(200);
          return response.json();
        };
        const instances = rows.map((row) =>
          Object.fromEntries(repoSchema.features.map((name, f) => [name, row[f]])),
        );
        const typed = (await post({ instances })) as {
          model: { version: string };
          predictions: Array<{ label: string; probabilities: Record<string, number> }>;
        };
        expect(typed.model.version).toBe(model.card.version);
        expect(typed.predictions.map((p) => p.label)).toEqual(expected.labels.slice(0, rows.length));
        expect(
          typed.predictions.map((p) => model.card.labels.map((label) => p.probabilities[label])),
        ).toEqual(expected.proba.slice(0, rows.length));
        expect(await post(rows)).toEqual(expected.labels.slice(0, rows.length));
      },
      60_000,
    );

    it('gives way to a table adopted afterwards: the config trains again, the spec no longer says imported', async () => {
      const c = cases[0] as Case;
      await adoptSklearn({
        root,
        sklearn: await exportCase(c),
        holdout: join(work, c.id, 'holdout.csv'),
        defaults,
      });
      expect(parse(await readFile(join(root, 'spec/openapi.yaml'), 'utf8'))).toHaveProperty(
        [...cardExample, 'importedFrom', 'voting'],
        'soft',
      );
      await adopt({ root, csv: join(work, c.id, 'train.csv'), target: 'y', defaults });
      const config = await readConfig(join(root, 'model.config.json'));
      expect(config.import).toBeUndefined();
      const spec = parse(await readFile(join(root, 'spec/openapi.yaml'), 'utf8'));
      expect(spec).not.toHaveProperty([...cardExample, 'importedFrom']);
      expect(spec).toHaveProperty([...cardExample, 'trainer', 'compatibleWith'], 'ml-random-forest@2.1.0');
    });

    it('refuses a dump it cannot serve, naming the place, and changes nothing', async () => {
      const dump = await exportCase(cases[1] as Case);
      const broken = JSON.parse(await readFile(dump, 'utf8'));
      broken.trees[0].children_left[0] = 0;
      await writeFile(join(work, 'broken.sklearn.json'), JSON.stringify(broken));
      const before = await readFile(join(root, 'model.config.json'), 'utf8');
      const failure = await adoptSklearn({
        root,
        sklearn: join(work, 'broken.sklearn.json'),
        defaults,
      }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(SklearnDumpError);
      expect((failure as Error).message).toMatch(
        /broken\.sklearn\.json: tree 0, node 0: children must be node ids/,
      );
      expect(await readFile(join(root, 'model.config.json'), 'utf8')).toBe(before);
    });
  },
);

if (!sklearn.available) {
  describe('scikit-learn forests imported as they are', () => {
    it.skip(`skipped: ${python} has no scikit-learn (apt-get install python3-sklearn; .ci/run does)`, () => {});
  });
}
