// `pnpm adopt <csv> --target <column> [--name <name>]`: makes a CSV the model's table. Writes the model's
// part of spec/openapi.yaml from the data, model.config.json, the CSV's copy in data/ with a provenance
// stub, and every generated file, all or nothing. Then `pnpm train` trains on it.
// `pnpm adopt --sklearn <dump.json> [--name <name>] [--holdout <csv>] [--target <column>]`: serves a
// scikit-learn forest as it is, from the dump scripts/export_sklearn.py wrote: the spec's model part, a
// config that imports the dump (copied into models/), the artifact and its card, all or nothing.
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  type AdoptionPlan,
  type ConfigDefaults,
  planAdoption,
  planSklearnAdoption,
  type SklearnAdoptionPlan,
  writeFilesTogether,
} from '../packages/model/src/adopt/index.js';
import {
  adoptDefaults,
  ConfigError,
  DataError,
  SklearnDumpError,
  SpecError,
} from '../packages/model/src/index.js';
import { generatedFiles } from './generate.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export interface AdoptCommandOptions {
  /** The repository to adopt into; defaults to this one. */
  root?: string;
  csv: string;
  target: string;
  name?: string;
  /** A new dataset's hyperparameters, holdout and gate; defaults to `defaultsFor(root)`. */
  defaults?: ConfigDefaults;
}

export interface AdoptCommandResult {
  plan: AdoptionPlan;
  /** The files that changed, absolute. */
  written: string[];
}

/**
 * A new dataset's starting hyperparameters (`adoptDefaults`, chosen from measurements: see
 * docs/hyperparameters.md), the current config's holdout, and a gate whose minAccuracy adopt sets from
 * the table (beat the most common class); the other thresholds start open for a person to set.
 */
export async function defaultsFor(root: string): Promise<ConfigDefaults> {
  const path = join(root, 'model.config.json');
  let holdout: ConfigDefaults['holdout'] = { fraction: 0.2, seed: 42 };
  try {
    holdout = (JSON.parse(await readFile(path, 'utf8')) as ConfigDefaults).holdout ?? holdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new ConfigError(path, `${path} gives the holdout for a new dataset: ${(error as Error).message}`);
  }
  return {
    hyperparameters: structuredClone(adoptDefaults) as Record<string, unknown>,
    holdout,
    gate: { minAccuracy: 0, minMacroF1: 0, minPerClassRecall: 0, maxRegression: 0.02 },
  };
}

/** Plans the adoption, generates from the new spec, and writes everything together (or nothing). */
export async function adopt(options: AdoptCommandOptions): Promise<AdoptCommandResult> {
  const root = options.root ?? repoRoot;
  const plan = await planAdoption({
    root,
    csv: options.csv,
    target: options.target,
    ...(options.name === undefined ? {} : { name: options.name }),
    defaults: options.defaults ?? (await defaultsFor(root)),
  });
  const files = new Map(plan.files);
  for (const [path, content] of await generatedFiles({ root, specText: plan.specText }))
    files.set(path, content);
  return { plan, written: await writeFilesTogether(files) };
}

export interface SklearnAdoptCommandOptions {
  /** The repository to adopt into; defaults to this one. */
  root?: string;
  /** The dump scripts/export_sklearn.py wrote. */
  sklearn: string;
  name?: string;
  /** A labelled CSV to measure the model on (the gate's holdout). */
  holdout?: string;
  target?: string;
  defaults?: ConfigDefaults;
}

export interface SklearnAdoptCommandResult {
  plan: SklearnAdoptionPlan;
  written: string[];
}

/** Plans importing a scikit-learn forest, generates from the new spec, and writes everything together (or nothing). */
export async function adoptSklearn(options: SklearnAdoptCommandOptions): Promise<SklearnAdoptCommandResult> {
  const root = options.root ?? repoRoot;
  const plan = await planSklearnAdoption({
    root,
    dump: options.sklearn,
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.holdout === undefined ? {} : { holdout: options.holdout }),
    ...(options.target === undefined ? {} : { target: options.target }),
    defaults: options.defaults ?? (await defaultsFor(root)),
  });
  const files = new Map(plan.files);
  for (const [path, content] of await generatedFiles({ root, specText: plan.specText }))
    files.set(path, content);
  return { plan, written: await writeFilesTogether(files) };
}

const usage = [
  'usage: pnpm adopt <file.csv> --target <column> [--name <model name>]',
  '       pnpm adopt --sklearn <dump.json> [--name <model name>] [--holdout <labelled.csv>] [--target <column>]',
].join('\n');

type Request =
  | { kind: 'csv'; csv: string; target: string; name?: string }
  | { kind: 'sklearn'; sklearn: string; name?: string; holdout?: string; target?: string };

/** What to adopt, from the arguments; undefined (after printing why) when there is nothing to do. */
function parseArguments(args: string[]): Request | undefined {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>;
  const options = {
    target: { type: 'string' },
    name: { type: 'string' },
    sklearn: { type: 'string' },
    holdout: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  } as const;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true });
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    process.exitCode = 2;
    return undefined;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(usage);
    return undefined;
  }
  const optional = <K extends 'name' | 'holdout' | 'target'>(key: K) =>
    values[key] === undefined ? {} : ({ [key]: values[key] } as { [P in K]: string });
  if (values.sklearn !== undefined) {
    if (positionals.length > 0) {
      console.error(`--sklearn adopts a dump, not a CSV: unexpected ${positionals.join(' ')}\n${usage}`);
      process.exitCode = 2;
      return undefined;
    }
    // Paths on the command line are relative to where pnpm was started.
    const cwd = process.env.INIT_CWD ?? process.cwd();
    return {
      kind: 'sklearn',
      sklearn: resolve(cwd, values.sklearn),
      ...optional('name'),
      ...(values.holdout === undefined ? {} : { holdout: resolve(cwd, values.holdout) }),
      ...optional('target'),
    };
  }
  if (values.holdout !== undefined) {
    console.error(`--holdout goes with --sklearn (a CSV's holdout comes from the config)\n${usage}`);
    process.exitCode = 2;
    return undefined;
  }
  const [csv, ...extra] = positionals;
  if (csv === undefined || values.target === undefined || extra.length > 0) {
    console.error(
      `${csv === undefined ? 'which CSV?' : values.target === undefined ? '--target is required' : `unexpected ${extra.join(' ')}`}\n${usage}`,
    );
    process.exitCode = 2;
    return undefined;
  }
  return { kind: 'csv', csv, target: values.target, ...optional('name') };
}

const shown = (path: string) => {
  const inside = relative(process.cwd(), path);
  return inside === '' || inside.startsWith('..') || isAbsolute(inside) ? path : inside;
};

async function mainSklearn(request: Extract<Request, { kind: 'sklearn' }>): Promise<void> {
  let result: SklearnAdoptCommandResult;
  try {
    result = await adoptSklearn(request);
  } catch (error) {
    if (
      error instanceof SklearnDumpError ||
      error instanceof DataError ||
      error instanceof SpecError ||
      error instanceof ConfigError
    ) {
      console.error(`adopt failed, nothing was changed: ${error.message}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
  const { plan, written } = result;
  const { card, dump, forest } = plan.imported;
  const from = card.importedFrom;
  const nodes = forest.treeStarts[forest.treeStarts.length - 1] ?? 0;
  console.log(
    `adopted ${from?.estimator.split('.').at(-1)} (${from?.library}, ${dump.trees.length} trees, ${nodes} nodes) from ${shown(request.sklearn)} as model ${card.name} ${card.version}`,
  );
  console.log(`  features (${from?.featureNames}): ${card.features.map((f) => f.name).join(', ')}`);
  console.log(`  labels (${card.target}): ${card.labels.join(', ')}`);
  console.log(
    card.metrics.holdoutRows > 0
      ? `  holdout ${card.dataset.path}: accuracy ${card.metrics.accuracy}, macro F1 ${card.metrics.macroF1} (${card.metrics.holdoutRows} rows)`
      : '  no holdout: the quality gate needs one (`pnpm validate --holdout <labelled.csv>`)',
  );
  console.log(
    written.length > 0 ? `wrote ${written.map(shown).join(', ')}` : 'everything was already up to date',
  );
  console.log(
    'next: `pnpm start` serves it; `pnpm validate` (with --holdout <csv> when adopted without one) gates it',
  );
}

async function main(args: string[]): Promise<void> {
  const request = parseArguments(args);
  if (!request) return;
  if (request.kind === 'sklearn') return mainSklearn(request);
  const { csv } = request;
  let result: AdoptCommandResult;
  try {
    result = await adopt(request);
  } catch (error) {
    if (error instanceof DataError || error instanceof SpecError || error instanceof ConfigError) {
      console.error(`adopt failed, nothing was changed: ${error.message}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
  const { plan, written } = result;
  const kinds = plan.table.features.map((f) =>
    f.kind === 'number' ? `${f.name} (number)` : `${f.name} (${f.categories.length} categories)`,
  );
  console.log(`adopted ${plan.table.rows} rows of ${csv} as model ${String(plan.config.name)}`);
  console.log(`  features: ${kinds.join(', ')}`);
  console.log(`  labels (${plan.table.target}): ${plan.table.labels.join(', ')}`);
  console.log(
    written.length > 0 ? `wrote ${written.map(shown).join(', ')}` : 'everything was already up to date',
  );
  console.log(
    'next: describe the features in spec/openapi.yaml and the data in data/README.md, then `pnpm train`',
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
