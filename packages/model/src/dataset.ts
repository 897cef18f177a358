import { type CsvCell, DataError, parseCsv } from './csv.js';
import type { SpecSchema } from './spec.js';

/** Training data in model order: `X[i]` holds the features in spec order, `y[i]` the label's index in spec order. */
export interface Dataset {
  features: string[];
  labels: string[];
  X: number[][];
  y: number[];
}

// Plain decimal numbers only: Number() would also take '', '0x1f', 'Infinity' and ' '.
const decimal = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses CSV text against the spec: every spec feature and the target must be a column (any order), no
 * other column is allowed, cells must be numbers, labels must be spec labels and every spec label must occur.
 * `file` names the data in errors, which point at file:line:column.
 */
export function parseDataset(text: string, file: string, schema: SpecSchema, target: string): Dataset {
  const { header, records } = parseCsv(text, file);
  const names = header.cells.map((cell) => cell.value.trim());
  const expected = [...schema.features, target];
  const at = (cell: CsvCell, problem: string) => new DataError(file, cell.line, cell.column, problem);

  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    const cell = header.cells[i] as CsvCell;
    if (seen.has(name)) throw at(cell, `column "${name}" appears twice in the header`);
    seen.set(name, i);
    if (!expected.includes(name)) {
      throw at(
        cell,
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

  const X: number[][] = [];
  const y: number[] = [];
  const counts = new Array<number>(schema.labels.length).fill(0);
  for (const record of records) {
    if (record.cells.length !== names.length) {
      const where = record.cells.length < names.length ? record.end : (record.cells[names.length] as CsvCell);
      throw new DataError(
        file,
        where.line,
        where.column,
        `expected ${names.length} cells (${names.join(', ')}), found ${record.cells.length}`,
      );
    }
    const row = featureColumns.map((column, f) => {
      const cell = record.cells[column] as CsvCell;
      const value = cell.value.trim();
      if (value === '')
        throw at(cell, `empty cell in column "${schema.features[f]}": every feature needs a number`);
      if (!decimal.test(value))
        throw at(cell, `column "${schema.features[f]}" holds "${value}", which is not a number`);
      return Number(value);
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
