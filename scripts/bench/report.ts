// What each benchmark section hands back, and how the whole run is rendered as Markdown.

/** The sections of `pnpm bench`, in the order they run. */
export const sectionIds = [
  'train',
  'predict',
  'http',
  'hostile',
  'cold',
  'client',
  'scale',
  'interop',
] as const;
export type SectionId = (typeof sectionIds)[number];

/** A Markdown table: a header row and rows of already formatted cells. */
export interface Table {
  caption?: string;
  columns: string[];
  rows: string[][];
}

/** A target from the issue, checked against a figure of this run. `pass` is undefined when it could not be measured. */
export interface TargetResult {
  target: string;
  measured: string;
  pass: boolean | undefined;
}

/** One section's outcome: tables to print, notes, targets, and the raw figures for bench.json. */
export interface SectionReport {
  id: SectionId;
  title: string;
  tables: Table[];
  notes: string[];
  targets: TargetResult[];
  /** Raw figures (milliseconds, counts, ratios) for artifacts/bench.json. */
  data: Record<string, unknown>;
}

/** Facts about the machine and run that the figures depend on. */
export interface MachineFacts {
  cpu: string;
  cores: number;
  node: string;
  platform: string;
  loadAverageStart: number[];
  loadAverageEnd: number[];
  date: string;
  /** scikit-learn and numpy versions, or why they were not used. */
  sklearn: string;
}

/** A duration in the unit that keeps it readable: µs, ms or s. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 1) return `${ms.toFixed(ms >= 100 ? 0 : ms >= 10 ? 1 : 2)} ms`;
  return `${(ms * 1000).toFixed(ms >= 0.1 ? 0 : ms >= 0.01 ? 1 : 2)} µs`;
}

/** A ratio as "0.36x" or "120x"; n/a when it is not a finite number. */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return 'n/a';
  return `${ratio.toFixed(ratio >= 100 ? 0 : ratio >= 10 ? 1 : 2)}x`;
}

/** A count with thousands separators, e.g. requests per second. */
/** Bytes in megabytes (10^6), two decimals below 10 MB. */
export const formatMb = (bytes: number): string => `${(bytes / 1e6).toFixed(bytes >= 1e7 ? 1 : 2)} MB`;

export function formatCount(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a';
}

const escapeCell = (cell: string) => cell.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** A table as Markdown (with its caption as a paragraph above it). */
export function renderTable(table: Table): string {
  const lines: string[] = [];
  if (table.caption !== undefined) lines.push(table.caption, '');
  lines.push(`| ${table.columns.map(escapeCell).join(' | ')} |`);
  lines.push(`|${table.columns.map(() => '---').join('|')}|`);
  for (const row of table.rows) lines.push(`| ${row.map(escapeCell).join(' | ')} |`);
  return lines.join('\n');
}

/** A section as Markdown: heading, tables, then notes as a list. */
export function renderSection(section: SectionReport): string {
  const parts = [`### ${section.title}`, ...section.tables.map(renderTable)];
  if (section.notes.length > 0) parts.push(section.notes.map((note) => `- ${note}`).join('\n'));
  return parts.join('\n\n');
}

/** The targets of every section as one table. */
export function renderTargets(targets: readonly TargetResult[]): string {
  return renderTable({
    columns: ['target', 'measured', 'result'],
    rows: targets.map((t) => [
      t.target,
      t.measured,
      t.pass === undefined ? 'not measured' : t.pass ? 'pass' : 'MISS',
    ]),
  });
}

/** One line describing the machine and the run. */
export function renderMachine(machine: MachineFacts): string {
  const load = (values: number[]) => values.map((v) => v.toFixed(2)).join(' ');
  return (
    `Measured ${machine.date} on ${machine.cores} cores (${machine.cpu}), ${machine.platform}, Node ${machine.node}; ` +
    `${machine.sklearn}; load average ${load(machine.loadAverageStart)} at the start, ${load(machine.loadAverageEnd)} at the end.`
  );
}

/** What closes a report: the targets of every section, then the machine line. */
export function renderClosing(sections: readonly SectionReport[], machine: MachineFacts): string {
  const targets = sections.flatMap((s) => s.targets);
  const parts: string[] = [];
  if (targets.length > 0) parts.push('### Targets', renderTargets(targets));
  parts.push(renderMachine(machine));
  return parts.join('\n\n');
}

/** The heading a report starts with. */
export const reportHeading = '## Benchmarks';

/** The whole run as Markdown: heading, sections, targets, machine line. */
export function renderReport(sections: readonly SectionReport[], machine: MachineFacts): string {
  return `${[reportHeading, ...sections.map(renderSection), renderClosing(sections, machine)].join('\n\n')}\n`;
}
