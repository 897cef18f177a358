/** Training data shared by every tree of a forest, columns stored one after another. */
export interface ForestData {
  /** Number of rows. */
  rows: number;
  /** Number of dataset columns. */
  columns: number;
  /** Column-major values: `values[column * rows + row]`. */
  values: Float64Array;
  /** Labels 0..classes-1. */
  labels: Uint16Array;
  /** Largest label plus one. */
  classes: number;
}

/** Checks row-major training data and stores its first `rows` rows column by column. */
export function toForestData(
  X: ReadonlyArray<ArrayLike<number>>,
  y: ArrayLike<number>,
  rows: number,
): ForestData {
  const first = X[0];
  if (rows < 1 || first === undefined) throw new RangeError('Training needs at least one row');
  if (y.length < rows) throw new RangeError(`Expected ${rows} labels, got ${y.length}`);
  const columns = first.length;
  const values = new Float64Array(columns * rows);
  const labels = new Uint16Array(rows);
  let classes = 0;
  for (let r = 0; r < rows; r++) {
    const row = X[r] as ArrayLike<number>;
    if (row.length !== columns)
      throw new RangeError(`Row ${r} has ${row.length} values, expected ${columns}`);
    for (let c = 0; c < columns; c++) {
      const v = row[c] as number;
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new RangeError(`Row ${r}, column ${c}: expected a finite number`);
      }
      values[c * rows + r] = v;
    }
    const label = y[r] as number;
    if (!Number.isInteger(label) || label < 0 || label > 0xffff) {
      throw new RangeError(`Label of row ${r} must be an integer class index 0..k-1, got ${String(label)}`);
    }
    labels[r] = label;
    if (label >= classes) classes = label + 1;
  }
  return { rows, columns, values, labels, classes };
}

/** Per-column row order by value (ties by row), sorted once per forest and reused by every tree. */
export class ColumnOrders {
  private readonly orders: Array<Int32Array | undefined> = [];
  constructor(private readonly data: ForestData) {}

  get(column: number): Int32Array {
    let order = this.orders[column];
    if (order === undefined) {
      const { rows, values } = this.data;
      const base = column * rows;
      order = new Int32Array(rows);
      for (let r = 0; r < rows; r++) order[r] = r;
      order.sort((a, b) => (values[base + a] as number) - (values[base + b] as number) || a - b);
      this.orders[column] = order;
    }
    return order;
  }
}
