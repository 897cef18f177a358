import { parseCli } from '../cli.js';
import { type SectionId, sectionIds } from './report.js';

/** How `pnpm bench` was asked to run. */
export interface BenchArgs {
  /** Smaller sizes, fewer trees and shorter runs: a smoke run of every section in about a minute. */
  quick: boolean;
  /** Sections to run, in run order. */
  sections: SectionId[];
  /** Compare with scikit-learn when it is installed. */
  sklearn: boolean;
  /** Time ml-random-forest's own trainer (about a minute at 1k rows). */
  library: boolean;
}

export const usage = `usage: pnpm bench [--quick] [--only ${sectionIds.join(',')}] [--no-sklearn] [--no-library]
  --quick        smaller sizes, fewer trees, shorter HTTP runs
  --only LIST    run only these sections (comma-separated)
  --no-sklearn   skip the scikit-learn columns
  --no-library   skip timing ml-random-forest's own trainer (about a minute)
Writes artifacts/bench.json and artifacts/bench.md.`;

/** The sections `--only` names, in run order (all when undefined); throws on an unknown or empty list. */
export function selectSections(only: string | undefined): SectionId[] {
  if (only === undefined) return [...sectionIds];
  const asked = only
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = asked.filter((name) => !(sectionIds as readonly string[]).includes(name));
  if (unknown.length > 0 || asked.length === 0) {
    throw new Error(
      `--only takes sections out of ${sectionIds.join(', ')}; got ${unknown.length > 0 ? unknown.join(', ') : 'none'}`,
    );
  }
  return sectionIds.filter((id) => asked.includes(id));
}

/**
 * Parses the command line. Returns undefined when there is nothing to run: after printing the usage for
 * --help, or the reason and the usage (exit code 2) for bad arguments.
 */
export function parseBenchArgs(args: string[]): BenchArgs | undefined {
  const values = parseCli(
    args,
    {
      quick: { type: 'boolean' },
      only: { type: 'string' },
      'no-sklearn': { type: 'boolean' },
      'no-library': { type: 'boolean' },
    },
    usage,
  );
  if (values === undefined) return undefined;
  let sections: SectionId[];
  try {
    sections = selectSections(values.only as string | undefined);
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    process.exitCode = 2;
    return undefined;
  }
  return {
    quick: values.quick === true,
    sections,
    sklearn: values['no-sklearn'] !== true,
    library: values['no-library'] !== true,
  };
}
