import { type CsvCell, type CsvRecord, DataError, parseCsv } from './csv.js';
import type { SpecSchema } from './spec.js';

/**
 * Training data in model order: `X[i]` holds the features in spec order, `y[i]` the label's index in spec
 * order. A categorical feature's value is its category's index in the spec's enum.
 */
export interface Dataset {
  features: string[];
  labels: string[];
  X: number[][];
  y: number[];
}

// Plain decimal numbers only: Number() would also take '', '0x1f', 'Infinity' and ' '.
const decimal = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The number a (trimmed) cell holds, or undefined when it is not a plain decimal number. */
export function parseDecimal(value: string): number | undefined {
  if (!decimal.test(value)) return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/** The header's column names, trimmed; throws DataError at a name that is empty or appears twice. */
export function headerNames(header: CsvRecord, file: string): string[] {
  const names = header.cells.map((cell) => cell.value.trim());
  const seen = new Set<string>();
  names.forEach((name, i) => {
    const cell = header.cells[i] as CsvCell;
    if (name === '')
      throw new DataError(file, cell.line, cell.column, `column ${i + 1} has no name in the header`);
    if (seen.has(name))
      throw new DataError(file, cell.line, cell.column, `column "${name}" appears twice in the header`);
    seen.add(name);
  });
  return names;
}

/** Throws DataError, at the first missing or extra cell, unless the record has one cell per column. */
export function checkWidth(record: CsvRecord, names: readonly string[], file: string): void {
  if (record.cells.length === names.length) return;
  const where = record.cells.length < names.length ? record.end : (record.cells[names.length] as CsvCell);
  throw new DataError(
    file,
    where.line,
    where.column,
    `expected ${names.length} cells (${names.join(', ')}), found ${record.cells.length}`,
  );
}

/**
 * Parses CSV text against the spec: every spec feature and the target must be a column (any order), no
 * other column is allowed, cells must be numbers (or, for a categorical feature, one of its spec
 * categories), labels must be spec labels and every spec label must occur.
 * `file` names the data in errors, which point at file:line:column.
 */
export function parseDataset(text: string, file: string, schema: SpecSchema, target: string): Dataset {
  const { header, records } = parseCsv(text, file);
  const names = headerNames(header, file);
  const expected = [...schema.features, target];
  const at = (cell: CsvCell, problem: string) => new DataError(file, cell.line, cell.column, problem);

  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    seen.set(name, i);
    if (!expected.includes(name)) {
      throw at(
        header.cells[i] as CsvCell,
        `column "${name}" is neither a feature in the API spec nor the target "${target}" (expected columns: ${expected.join(', ')}); remove it or add it to components.schemas.Instance`,
      );
    }
  });
  for (const name of expected) {
    if (!seen.has(name)) {
      const role = name === target ? 'the target column' : 'a feature in the API spec';
      throw new DataError(
        file,
        header.line,
        undefined,
        `the header has no column "${name}" (${role}; expected columns: ${expected.join(', ')})`,
      );
    }
  }
  const featureColumns = schema.features.map((name) => seen.get(name) as number);
  const targetColumn = seen.get(target) as number;
  // A categorical feature's value becomes its index in the spec's enum, so the order is the spec's.
  const codes = schema.features.map((name) => {
    const categories = schema.categories?.[name];
    return categories && new Map(categories.map((category, i) => [category, i]));
  });

  const X: number[][] = [];
  const y: number[] = [];
  const counts = new Array<number>(schema.labels.length).fill(0);
  for (const record of records) {
    checkWidth(record, names, file);
    const row = featureColumns.map((column, f) => {
      const cell = record.cells[column] as CsvCell;
      const value = cell.value.trim();
      const name = schema.features[f] as string;
      const categories = codes[f];
      if (value === '') {
        const needed = categories ? 'one of its categories' : 'a number';
        throw at(cell, `empty cell in column "${name}": every feature needs ${needed}`);
      }
      if (categories) {
        const code = categories.get(value);
        if (code === undefined) {
          throw at(
            cell,
            `column "${name}" holds "${value}", which is not one of its categories in the API spec (${[...categories.keys()].join(', ')}); fix the row or add the category to components.schemas.Instance.properties.${name}.enum`,
          );
        }
        return code;
      }
      const number = parseDecimal(value);
      if (number === undefined) throw at(cell, `column "${name}" holds "${value}", which is not a number`);
      return number;
    });
    const cell = record.cells[targetColumn] as CsvCell;
    const label = cell.value.trim();
    if (label === '') throw at(cell, `empty cell in the target column "${target}"`);
    const index = schema.labels.indexOf(label);
    if (index < 0) {
      throw at(
        cell,
        `label "${label}" in column "${target}" is not one of the API spec's labels (${schema.labels.join(', ')}); fix the row or add the label to components.schemas.Label.enum`,
      );
    }
    counts[index] = (counts[index] ?? 0) + 1;
    X.push(row);
    y.push(index);
  }
  const absent = schema.labels.filter((_, i) => counts[i] === 0);
  if (absent.length > 0) {
    throw new DataError(
      file,
      undefined,
      undefined,
      `no row has the label${absent.length > 1 ? 's' : ''} ${absent.map((l) => `"${l}"`).join(', ')}: every label in the API spec needs training rows (add rows, or remove the label from components.schemas.Label.enum)`,
    );
  }
  return { features: [...schema.features], labels: [...schema.labels], X, y };
}
