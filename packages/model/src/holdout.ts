import { type CsvCell, DataError, parseCsv } from './csv.js';
import { checkWidth, headerNames, parseDecimal } from './dataset.js';
import type { FeatureStats } from './types.js';

/** What a labelled table is read against: the model's features (in its order), labels and target column. */
export interface HoldoutSchema {
  features: ReadonlyArray<Pick<FeatureStats, 'name' | 'categories'>>;
  labels: readonly string[];
  target: string;
  /**
   * The labels' original values (an imported model's `classes_`), so a cell "1.0" matches the class 1 and
   * "true" the class True; without them a cell must be the label's text.
   */
  classes?: ReadonlyArray<string | number | boolean>;
}

/** A labelled table in model order: rows of feature values and each row's label index. */
export interface Holdout {
  X: number[][];
  y: number[];
  /** Columns that are neither a feature nor the target, ignored. */
  ignored: string[];
}

/**
 * The label column of a labelled CSV: `preferred` when the header has it, else the header's one column
 * that is not a feature. Throws DataError when there is none or more than one to choose from.
 */
export function holdoutTarget(
  text: string,
  file: string,
  features: readonly string[],
  preferred: string | undefined,
): string {
  const { header } = parseCsv(text, file);
  const names = headerNames(header, file);
  if (preferred !== undefined && names.includes(preferred)) return preferred;
  const others = names.filter((name) => !features.includes(name));
  if (others.length === 1) return others[0] as string;
  throw new DataError(
    file,
    header.line,
    undefined,
    `cannot tell the label column: ${preferred === undefined ? '' : `there is no column "${preferred}" and `}${others.length === 0 ? 'every column is a feature' : `${others.join(', ')} are not features`}; name it with --target`,
  );
}

/**
 * Reads a labelled CSV to measure a model on: every feature of `schema` and its target must be columns
 * (in any order; other columns are ignored), feature cells plain numbers (or a categorical feature's
 * categories, as the number the model sees), labels among the model's. Unlike training data, a holdout
 * need not show every label. Throws DataError at file:line:column.
 */
export function readHoldout(text: string, file: string, schema: HoldoutSchema): Holdout {
  const { header, records } = parseCsv(text, file);
  const names = headerNames(header, file);
  const at = (cell: CsvCell, problem: string) => new DataError(file, cell.line, cell.column, problem);
  const column = (name: string, role: string) => {
    const index = names.indexOf(name);
    if (index < 0)
      throw new DataError(
        file,
        header.line,
        undefined,
        `the header has no column "${name}" (${role}; columns: ${names.join(', ')})`,
      );
    return index;
  };
  const featureColumns = schema.features.map((f) => column(f.name, 'a feature of the model'));
  const targetColumn = column(schema.target, "the model's target");
  const codes = schema.features.map((f) => f.categories && new Map(f.categories.map((c, i) => [c, i])));
  const labelIndex = new Map(schema.labels.map((label, i) => [label, i]));
  const labelOf = (value: string): number | undefined => {
    const exact = labelIndex.get(value);
    if (exact !== undefined || schema.classes === undefined) return exact;
    const number = parseDecimal(value);
    const lower = value.toLowerCase();
    const index = schema.classes.findIndex((c) =>
      typeof c === 'number' ? number === c : typeof c === 'boolean' ? lower === String(c) : false,
    );
    return index < 0 ? undefined : index;
  };

  const X: number[][] = [];
  const y: number[] = [];
  for (const record of records) {
    checkWidth(record, names, file);
    X.push(
      featureColumns.map((c, f) => {
        const cell = record.cells[c] as CsvCell;
        const value = cell.value.trim();
        const name = schema.features[f]?.name as string;
        const categories = codes[f];
        if (categories) {
          const code = categories.get(value);
          if (code === undefined)
            throw at(cell, `column "${name}" holds "${value}", which is not one of the model's categories`);
          return code;
        }
        const number = parseDecimal(value);
        if (number === undefined) throw at(cell, `column "${name}" holds "${value}", which is not a number`);
        return number;
      }),
    );
    const cell = record.cells[targetColumn] as CsvCell;
    const label = labelOf(cell.value.trim());
    if (label === undefined) {
      throw at(
        cell,
        `label "${cell.value.trim()}" in column "${schema.target}" is not one of the model's labels (${schema.labels.join(', ')})`,
      );
    }
    y.push(label);
  }
  const used = new Set([...featureColumns, targetColumn]);
  return { X, y, ignored: names.filter((_, i) => !used.has(i)) };
}
