import { type CsvCell, DataError, parseCsv } from '../csv.js';
import { checkWidth, headerNames, parseDecimal } from '../dataset.js';

/** A feature column as adopt writes it into the spec. */
export type FeatureColumn =
  | {
      name: string;
      kind: 'number';
      /** Smallest and largest value in the whole file. */
      min: number;
      max: number;
      /** The values of the example rows (see `TableSummary.exampleRows`). */
      examples: number[];
    }
  | {
      name: string;
      kind: 'category';
      /** Distinct values in `canonicalOrder`: the model sees category i as the number i. */
      categories: string[];
      examples: string[];
    };

/** What adopt learns from a CSV: its features in column order, its classes, and example rows. */
export interface TableSummary {
  features: FeatureColumn[];
  target: string;
  /** Distinct target values in `canonicalOrder`. */
  labels: string[];
  rows: number;
  /** Each row's label, as its index in `labels`. */
  y: number[];
  /** Data rows (0-based) used as examples: the first row of `labels[0]`, then of `labels[1]`. */
  exampleRows: number[];
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The order adopt gives categories and labels, the same on every machine: by numeric value when every
 * value is a plain number (so "2" comes before "10"), otherwise by UTF-16 code units (as JavaScript
 * compares strings; no locale, so "B" comes before "a"). Ties between equal numbers go by code units.
 */
export function canonicalOrder(values: Iterable<string>): string[] {
  const distinct = [...new Set(values)];
  const numbers = distinct.map(parseDecimal);
  if (numbers.every((n) => n !== undefined)) {
    const value = new Map(distinct.map((v, i) => [v, numbers[i] as number]));
    return distinct.sort((a, b) => (value.get(a) as number) - (value.get(b) as number) || byCodeUnits(a, b));
  }
  return distinct.sort(byCodeUnits);
}

// Names the spec, the generated types and the JSON pointers of errors all need to carry safely.
const reservedNames = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Reads a CSV for adoption: every column but `target` is a feature, numeric when all its cells are plain
 * numbers and categorical otherwise. Refuses, with file:line:column, what cannot train a model: an empty
 * or repeated column name, a missing target, rows of the wrong width, empty cells, a feature with a single
 * value, a column of numbers with a stray word (a missing-value marker such as "NA"), and a single class.
 */
export function summarizeTable(text: string, file: string, target: string): TableSummary {
  const { header, records } = parseCsv(text, file);
  const names = headerNames(header, file);
  names.forEach((name, i) => {
    if (reservedNames.has(name)) {
      const cell = header.cells[i] as CsvCell;
      throw new DataError(file, cell.line, cell.column, `"${name}" cannot name a column; rename it`);
    }
  });
  const targetColumn = names.indexOf(target.trim());
  if (targetColumn < 0) {
    throw new DataError(
      file,
      header.line,
      undefined,
      `the header has no target column "${target}" (columns: ${names.join(', ')})`,
    );
  }
  if (names.length < 2) {
    throw new DataError(file, header.line, undefined, 'the header has no column besides the target');
  }
  for (const record of records) checkWidth(record, names, file);
  const cellsOf = (column: number) => records.map((record) => record.cells[column] as CsvCell);

  const labelCells = cellsOf(targetColumn);
  const labelOf = labelCells.map((cell) => {
    const label = cell.value.trim();
    if (label === '')
      throw new DataError(file, cell.line, cell.column, `empty cell in the target column "${target}"`);
    return label;
  });
  const labels = canonicalOrder(labelOf);
  if (labels.length < 2) {
    const cell = labelCells[0] as CsvCell;
    throw new DataError(
      file,
      cell.line,
      cell.column,
      `every row has the label "${labels[0]}" in column "${target}": a classifier needs at least two classes`,
    );
  }
  const exampleRows = labels.slice(0, 2).map((label) => labelOf.indexOf(label));

  const features = names.flatMap((name, column): FeatureColumn[] => {
    if (column === targetColumn) return [];
    const headerCell = header.cells[column] as CsvCell;
    const cells = cellsOf(column);
    const values = cells.map((cell) => cell.value.trim());
    const firstEmpty = values.indexOf('');
    if (firstEmpty >= 0) {
      const cell = cells[firstEmpty] as CsvCell;
      const problem = values.every((v) => v === '')
        ? `column "${name}" is empty: fill it or remove it`
        : `empty cell in column "${name}": every feature needs a value in every row (fill it or remove the row)`;
      const where = values.every((v) => v === '') ? headerCell : cell;
      throw new DataError(file, where.line, where.column, problem);
    }
    if (new Set(values).size === 1) {
      throw new DataError(
        file,
        headerCell.line,
        headerCell.column,
        `column "${name}" holds "${values[0]}" in every row, which tells the classes apart nowhere: remove it`,
      );
    }
    const numbers = values.map(parseDecimal);
    const words = numbers.filter((n) => n === undefined).length;
    if (words === 0) {
      const all = numbers as number[];
      return [
        {
          name,
          kind: 'number',
          // A loop, not Math.min(...all): spreading a large column overflows the call stack.
          min: all.reduce((a, b) => Math.min(a, b)),
          max: all.reduce((a, b) => Math.max(a, b)),
          examples: exampleRows.map((row) => all[row] as number),
        },
      ];
    }
    // Mostly numbers with a few words is a numeric column with missing-value markers, not categories.
    if (words * 2 < values.length) {
      const cell = cells[numbers.indexOf(undefined)] as CsvCell;
      throw new DataError(
        file,
        cell.line,
        cell.column,
        `column "${name}" holds numbers, but "${cell.value.trim()}" is not one: fix the cell or remove the row (a column is categorical only when most of its cells are not numbers)`,
      );
    }
    return [
      {
        name,
        kind: 'category',
        categories: canonicalOrder(values),
        examples: exampleRows.map((row) => values[row] as string),
      },
    ];
  });
  const index = new Map(labels.map((label, i) => [label, i]));
  return {
    features,
    target: names[targetColumn] as string,
    labels,
    rows: records.length,
    y: labelOf.map((label) => index.get(label) as number),
    exampleRows,
  };
}
