// `pnpm adopt` end to end, in a temporary copy of the files it reads and writes (never the repo's own).
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import type { ConfigDefaults } from '../packages/model/src/adopt/index.js';
import {
  adoptDefaults,
  DataError,
  parseSpecSchema,
  repoRoot,
  trainFromConfig,
} from '../packages/model/src/index.js';
import { adopt, defaultsFor } from './adopt.js';
import { generatedFiles, staleFiles } from './generate.js';

let root: string;
let defaults: ConfigDefaults;

/** Every file under `root` with its content, to show that a refused adoption changed nothing. */
async function snapshot(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(root, path), await readFile(path, 'utf8'));
  }
  return files;
}

/** A synthetic table: two numeric features, a categorical one between them, string labels. */
function synthetic(rows = 60): string {
  const lines = ['length,colour,weight,kind'];
  const colours = ['red', 'green', 'Blue'];
  for (let i = 0; i < rows; i++) {
    const kind = ['oak', 'ash', 'birch'][i % 3] as string;
    const length = (10 + (i % 3) * 5 + (i % 7) * 0.3).toFixed(1);
    const weight = (i % 3) * 2 + (i % 5);
    lines.push(`${length},${colours[(i + Math.floor(i / 3)) % 3]},${weight},${kind}`);
  }
  return `${lines.join('\n')}\n`;
}

const read = (path: string) => readFile(join(root, path), 'utf8');
const spec = async () => parse(await read('spec/openapi.yaml'));

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'forestfn-adopt-'));
  for (const path of ['spec/openapi.yaml', 'model.config.json', 'data/README.md', 'data/iris.csv']) {
    await mkdir(resolve(root, path, '..'), { recursive: true });
    await cp(resolve(repoRoot, path), join(root, path));
  }
  // Generated files as they are in the repository, so a refused adoption is seen to leave them alone.
  for (const [path, content] of await generatedFiles({ root })) {
    await mkdir(resolve(path, '..'), { recursive: true });
    await writeFile(path, content);
  }
  defaults = await defaultsFor(root);
  await mkdir(join(root, 'incoming'));
  await writeFile(join(root, 'incoming', 'trees.csv'), synthetic());
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('pnpm adopt', () => {
  it('writes the spec, the config, the data copy and the generated files from a table', async () => {
    const csv = join(root, 'incoming', 'trees.csv');
    const { plan, written } = await adopt({ root, csv, target: 'kind', defaults });
    expect(written.map((path) => relative(root, path)).sort()).toEqual(
      [
        'data/README.md',
        'data/trees.csv',
        'model.config.json',
        'packages/client/src/generated/openapi.ts',
        'packages/service/src/generated/spec.ts',
        'spec/openapi.yaml',
      ].sort(),
    );
    expect(plan.table.labels).toEqual(['ash', 'birch', 'oak']);

    const document = await spec();
    const { Instance, Label, FeatureRow, Probabilities } = document.components.schemas;
    expect(Object.keys(Instance.properties)).toEqual(['length', 'colour', 'weight']);
    expect(Instance.required).toEqual(['length', 'colour', 'weight']);
    expect(Instance.properties.length).toMatchObject({
      type: 'number',
      'x-observed-min': 10,
      'x-observed-max': 21.8,
    });
    expect(Instance.properties.length.examples).toHaveLength(2);
    // Categories in code-unit order: capitals first.
    expect(Instance.properties.colour).toMatchObject({ type: 'string', enum: ['Blue', 'green', 'red'] });
    expect(Instance.properties.weight).not.toHaveProperty('minimum');
    expect(Label.enum).toEqual(['ash', 'birch', 'oak']);
    expect(FeatureRow.prefixItems).toEqual(
      ['length', 'colour', 'weight'].map((name) => ({
        $ref: `#/components/schemas/Instance/properties/${name}`,
      })),
    );
    expect([FeatureRow.minItems, FeatureRow.maxItems]).toEqual([3, 3]);
    expect(Probabilities.required).toEqual(['ash', 'birch', 'oak']);
    expect(parseSpecSchema(await read('spec/openapi.yaml'), 'spec').categories).toEqual({
      colour: ['Blue', 'green', 'red'],
    });

    const config = JSON.parse(await read('model.config.json'));
    const { gate, ...rest } = defaults;
    expect(config).toMatchObject({ name: 'trees', dataset: 'data/trees.csv', target: 'kind', ...rest });
    // The gate starts at beating the most common class (a third of these rows each), a point up.
    expect(config.gate).toEqual({ ...gate, minAccuracy: 0.35 });
    expect(config.hyperparameters).toEqual(adoptDefaults);
    expect(await read('data/trees.csv')).toBe(synthetic());
    expect(await read('data/README.md')).toMatch(
      /## `trees\.csv`\n\nTODO \(added by `pnpm adopt`\): where this data comes from/,
    );
    expect(await read('data/README.md')).toContain('## `iris.csv`');

    // Every example that names features or labels matches its schema for the new table.
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addSchema(document, 'openapi');
    type Examples = Record<string, { value: unknown }>;
    const examplesAt = (path: string[]): Examples =>
      path.reduce((node, key) => node[key], document).content['application/json'].examples;
    const values = (path: string[], names: string) =>
      Object.values(examplesAt(path)).map(({ value }): [string, unknown] => [names, value]);
    const predict = ['paths', '/api/predict', 'post'];
    const examples: [string, unknown][] = [
      ...values([...predict, 'requestBody'], 'PredictRequest|PredictRowsRequest'),
      ...values([...predict, 'responses', '200'], 'PredictResponse|PredictRowsResponse'),
      ...values(['paths', '/api/model', 'get', 'responses', '200'], 'ModelCard'),
    ];
    for (const [names, value] of examples) {
      const validate = ajv.compile({
        oneOf: names.split('|').map((name) => ({ $ref: `openapi#/components/schemas/${name}` })),
      });
      expect(validate(value), `${names}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }

    // `pnpm generate:check` is clean, and the client's types name the features, categories and labels.
    expect(await staleFiles(await generatedFiles({ root }), root)).toEqual([]);
    const types = await read('packages/client/src/generated/openapi.ts');
    expect(types).toContain('colour: "Blue" | "green" | "red";');
    expect(types).toContain('Label: "ash" | "birch" | "oak";');
    expect(types).not.toContain('sepal_length');
  });

  it('trains on the adopted table, encoding categories in enum order', async () => {
    const { model } = await trainFromConfig({ configPath: join(root, 'model.config.json') });
    expect(model.card.features).toEqual([
      { name: 'length', min: expect.any(Number), max: expect.any(Number) },
      { name: 'colour', min: 0, max: 2, categories: ['Blue', 'green', 'red'] },
      { name: 'weight', min: expect.any(Number), max: expect.any(Number) },
    ]);
    expect(model.card.labels).toEqual(['ash', 'birch', 'oak']);
  });

  it('keeps what a person wrote when it runs again', async () => {
    const doc = parseDocument(await read('spec/openapi.yaml'));
    const colour = ['components', 'schemas', 'Instance', 'properties', 'colour'];
    doc.setIn([...colour, 'description'], 'The colour of the bark, as a ranger saw it.');
    doc.setIn([...colour, 'x-note'], 'kept');
    await writeFile(
      join(root, 'spec/openapi.yaml'),
      doc.toString({ lineWidth: 0, flowCollectionPadding: false }),
    );
    const config = JSON.parse(await read('model.config.json'));
    config.hyperparameters.nEstimators = 7;
    await writeFile(join(root, 'model.config.json'), JSON.stringify(config));

    const { plan } = await adopt({ root, csv: join(root, 'data', 'trees.csv'), target: 'kind', defaults });
    // Only the card example's copy of the hyperparameters follows the tuned config.
    expect(plan.specChanges).toEqual([
      'paths./api/model.get.responses.200.content.application/json.examples.card.value.hyperparameters',
    ]);
    const after = (await spec()).components.schemas.Instance.properties.colour;
    expect(after).toMatchObject({
      description: 'The colour of the bark, as a ranger saw it.',
      'x-note': 'kept',
    });
    expect(JSON.parse(await read('model.config.json')).hyperparameters.nEstimators).toBe(7);
    expect((await read('data/README.md')).match(/## `trees\.csv`/g)).toHaveLength(1);
  });

  const bad: [string, string, RegExp][] = [
    [
      'a missing target column',
      'length,colour\n1,red\n2,blue\n',
      /incoming\/bad\.csv:1: the header has no target/,
    ],
    [
      'a duplicate header',
      'length,length,kind\n1,2,a\n2,3,b\n',
      /incoming\/bad\.csv:1:8: column "length" appears twice/,
    ],
    ['an empty header', 'length,,kind\n1,2,a\n2,3,b\n', /incoming\/bad\.csv:1:8: column 2 has no name/],
    [
      'a constant column',
      'length,w,kind\n1,2,a\n2,2,b\n',
      /incoming\/bad\.csv:1:8: column "w" holds "2" in every row/,
    ],
    ['an empty column', 'length,w,kind\n1,,a\n2,,b\n', /incoming\/bad\.csv:1:8: column "w" is empty/],
    ['a single class', 'length,kind\n1,a\n2,a\n', /incoming\/bad\.csv:2:3: every row has the label "a"/],
    ['a ragged row', 'length,kind\n1,a\n2,b,3\n', /incoming\/bad\.csv:3:5: expected 2 cells/],
  ];
  it.each(bad)('refuses %s with file, line and column, and changes nothing', async (_, text, message) => {
    await writeFile(join(root, 'incoming', 'bad.csv'), text);
    const before = await snapshot();
    const csv = join(root, 'incoming', 'bad.csv');
    const failure = await adopt({ root, csv, target: 'kind', defaults }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DataError);
    expect((failure as DataError).message).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });

  it('runs as `pnpm adopt` and explains a refusal', async () => {
    const run = promisify(execFile);
    const script = resolve(repoRoot, 'scripts/adopt.ts');
    const tsx = resolve(repoRoot, 'node_modules/.bin/tsx');
    const failed = await run(tsx, [script, join(root, 'incoming', 'trees.csv'), '--target', 'species']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toMatch(
      /^adopt failed, nothing was changed: .*trees\.csv:1: the header has no target column "species"/,
    );
  });
});
