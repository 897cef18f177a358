import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../test/tempDirs.js';
import { ConfigError, parseConfig } from '../config.js';
import { repoRoot } from '../paths.js';
import {
  type ConfigDefaults,
  formatJson,
  planAdoption,
  withProvenanceStub,
  writeFilesTogether,
} from './index.js';

const tempDir = useTempDirs('adopt-plan');
describe('formatJson', () => {
  it('puts plain objects and lists on one line when they fit, as the formatter leaves them', () => {
    expect(formatJson({ a: 1, b: { c: null, d: 'x' }, e: [1, 2], f: [] })).toBe(
      '{\n  "a": 1,\n  "b": { "c": null, "d": "x" },\n  "e": [1, 2],\n  "f": []\n}',
    );
    const long = { key: 'x'.repeat(120) };
    expect(formatJson({ long })).toBe(`{\n  "long": {\n    "key": "${'x'.repeat(120)}"\n  }\n}`);
  });

  it("writes the repository's config as it is", async () => {
    const text = await readFile(resolve(repoRoot, 'model.config.json'), 'utf8');
    expect(`${formatJson(JSON.parse(text))}\n`).toBe(text);
  });
});

describe('withProvenanceStub', () => {
  it('adds a section for a new file before the closing section, once', () => {
    const readme = '# Data\n\n## `a.csv`\n\nFrom A.\n\n## Using your own dataset\n\nSee the README.\n';
    const once = withProvenanceStub(readme, 'b.csv');
    expect(once).toMatch(
      /From A\.\n\n## `b\.csv`\n\nTODO \(added by `pnpm adopt`\): [^#]*\n\n## Using your own dataset/,
    );
    expect(withProvenanceStub(once, 'b.csv')).toBe(once);
    expect(withProvenanceStub(readme, 'a.csv')).toBe(readme);
    expect(withProvenanceStub('', 'b.csv')).toMatch(/^# Training data\n\n## `b\.csv`\n/);
  });
});

describe('writeFilesTogether', () => {
  it('writes only what changed', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'same.txt'), 'same');
    const written = await writeFilesTogether(
      new Map([
        [join(dir, 'same.txt'), 'same'],
        [join(dir, 'sub', 'new.txt'), 'new'],
      ]),
    );
    expect(written).toEqual([join(dir, 'sub', 'new.txt')]);
    expect(await readFile(join(dir, 'sub', 'new.txt'), 'utf8')).toBe('new');
  });

  it('changes nothing when one file cannot be written, and leaves no temporary file', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'a.txt'), 'old');
    await writeFile(join(dir, 'blocker'), 'a file where a folder would be');
    const files = new Map([
      [join(dir, 'a.txt'), 'new'],
      [join(dir, 'blocker', 'b.txt'), 'b'],
    ]);
    await expect(writeFilesTogether(files)).rejects.toThrow();
    expect(await readFile(join(dir, 'a.txt'), 'utf8')).toBe('old');
    expect((await readdir(dir)).sort()).toEqual(['a.txt', 'blocker']);
  });
});

describe('planAdoption', () => {
  const defaults: ConfigDefaults = {
    hyperparameters: {
      nEstimators: 20,
      maxFeatures: 1,
      replacement: true,
      useSampleBagging: true,
      seed: 1,
      treeOptions: { minNumSamples: 3, maxDepth: null, gainThreshold: 0.01 },
    },
    holdout: { fraction: 0.25, seed: 1 },
    gate: { minAccuracy: 0.5, minMacroF1: 0.5, minPerClassRecall: 0.5, maxRegression: 0.1 },
  };

  async function repo(): Promise<string> {
    const root = await tempDir();
    await mkdir(join(root, 'spec'));
    await cp(resolve(repoRoot, 'spec/openapi.yaml'), join(root, 'spec/openapi.yaml'));
    await cp(resolve(repoRoot, 'model.config.json'), join(root, 'model.config.json'));
    await writeFile(
      join(root, 'Sales Data.csv'),
      'size,region,won\n1,north,yes\n2,south,no\n3,north,yes\n4,south,no\n',
    );
    return root;
  }

  it('names the model after the file and starts a new dataset from the defaults', async () => {
    const root = await repo();
    const plan = await planAdoption({ root, csv: join(root, 'Sales Data.csv'), target: 'won', defaults });
    expect(plan.config).toEqual({
      name: 'sales-data',
      spec: 'spec/openapi.yaml',
      dataset: 'data/Sales Data.csv',
      target: 'won',
      ...defaults,
      // A new table's gate starts at beating its most common class (half of these 4 rows), a point up.
      gate: { ...defaults.gate, minAccuracy: 0.51 },
    });
    expect(() => parseConfig(plan.files.get(plan.configPath) as string, plan.configPath)).not.toThrow();
    expect([...plan.files.keys()].map((path) => path.slice(root.length + 1)).sort()).toEqual(
      ['data/README.md', 'data/Sales Data.csv', 'model.config.json', 'spec/openapi.yaml'].sort(),
    );
    // The example card says how many rows the trainer fits on: 2 of 4, as each class holds one out.
    expect(plan.specText).toMatch(/rows: 4\n\s+trainRows: 2\n/);
    const named = await planAdoption({
      root,
      csv: join(root, 'Sales Data.csv'),
      target: 'won',
      defaults,
      name: 'deals',
    });
    expect(named.config.name).toBe('deals');
  });

  it('refuses a config that is not JSON rather than replacing it', async () => {
    const root = await repo();
    await writeFile(join(root, 'model.config.json'), '{ nope');
    await expect(
      planAdoption({ root, csv: join(root, 'Sales Data.csv'), target: 'won', defaults }),
    ).rejects.toThrow(ConfigError);
  });
});
