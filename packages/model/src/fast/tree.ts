import { ColumnOrders, type ForestData } from './forestData.js';
import type { TreeDraw } from './sampling.js';
import { ShareTable } from './shares.js';
import type { TreeJson, TreeNodeJson, TreeOptions } from './types.js';

// One ml-cart 2.1.1 classification tree, grown to the same JSON as `DecisionTreeClassifier#train` +
// `toJSON()`, but sorting each column once per tree and keeping that order while partitioning, so a
// node costs O(rows x columns) instead of O(rows^2 x columns).
//
// What ml-cart does, and what is reproduced exactly (see the differential tests):
// - Node rows keep the order of the bootstrap sample, and a column is sorted with a stable sort, so
//   rows with equal values stay in bootstrap order. Here each column holds bootstrap positions
//   sorted by (value, position): the same order.
// - A candidate threshold is the midpoint (a + b) / 2 of two neighbours in that order whose labels
//   differ, including neighbours with equal values (midpoint = the value itself). Rows go left when
//   `value < threshold`, so a candidate's left side is every row below the threshold, not the prefix.
// - gain = gini(node) - (0 + gini(greater) * |greater| / n + gini(lesser) * |lesser| / n), with gini
//   = 1 - sum of squared shares and a share being k additions of 1/m (see shares.ts). Columns are
//   tried in tree column order, candidates in sorted order; a later one wins only with a strictly
//   greater gain.
// - A node with at most minNumSamples rows is a plain leaf. Otherwise the best split is recorded
//   (splitValue, splitColumn, gain = -Infinity when there is no candidate, numberSamples) and the node
//   splits only if depth < maxDepth, gain > gainThreshold, gain !== the parent's gain and both sides
//   are non-empty; if not, it also gets a distribution.

/** ml-cart's tree options with its defaults, as `DecisionTreeClassifier` stores them (`toJSON().options`). */
export function cartOptions(treeOptions: TreeOptions | undefined): Record<string, unknown> {
  const defaults = {
    gainFunction: 'gini',
    splitFunction: 'mean',
    minNumSamples: 3,
    maxDepth: Number.POSITIVE_INFINITY,
    gainThreshold: 0.01,
  };
  const options: Record<string, unknown> = Object.assign({}, defaults, treeOptions);
  options.kind = 'classifier';
  if (options.gainFunction !== 'gini') {
    throw new RangeError(
      `Unsupported gainFunction ${String(options.gainFunction)}: ml-cart classifiers use 'gini'`,
    );
  }
  if (options.splitFunction !== 'mean') {
    throw new RangeError(
      `Unsupported splitFunction ${String(options.splitFunction)}: ml-cart only has 'mean'`,
    );
  }
  return options;
}

/** Per-thread state reused from tree to tree: column orders, the share table and work buffers. */
export class TreeWorkspace {
  readonly orders: ColumnOrders;
  readonly shares = new ShareTable();
  /** Per distinct tree column: bootstrap positions, values and labels sorted by (value, position). */
  readonly positions: Int32Array[] = [];
  readonly values: Float64Array[] = [];
  readonly labels: Uint16Array[] = [];
  /** Label of each bootstrap position. */
  readonly bagLabels: Uint16Array;
  /** Bootstrap positions of each row: byRow[start[r] .. start[r + 1]). */
  readonly start: Int32Array;
  readonly byRow: Int32Array;
  /** Split marks (a stamp per split) and partition scratch space. */
  readonly mark: Int32Array;
  readonly tmpPositions: Int32Array;
  readonly tmpValues: Float64Array;
  readonly tmpLabels: Uint16Array;
  /** Last split mark handed out. */
  stamp = 0;

  constructor(readonly data: ForestData) {
    const n = data.rows;
    this.orders = new ColumnOrders(data);
    this.bagLabels = new Uint16Array(n);
    this.start = new Int32Array(n + 1);
    this.byRow = new Int32Array(n);
    this.mark = new Int32Array(n);
    this.tmpPositions = new Int32Array(n);
    this.tmpValues = new Float64Array(n);
    this.tmpLabels = new Uint16Array(n);
  }

  /** Buffers of the u-th distinct column, allocated on first use. */
  column(u: number): void {
    const n = this.data.rows;
    while (this.positions.length <= u) {
      this.positions.push(new Int32Array(n));
      this.values.push(new Float64Array(n));
      this.labels.push(new Uint16Array(n));
    }
  }
}

interface PendingNode {
  node: TreeNodeJson;
  lo: number;
  hi: number;
  depth: number;
  parentGain: number | null;
  counts: number[];
}

/** Grows one tree from its draw; returns what `DecisionTreeClassifier#toJSON()` returns, as plain data. */
export function trainTree(ws: TreeWorkspace, draw: TreeDraw, treeOptions: TreeOptions | undefined): TreeJson {
  const options = cartOptions(treeOptions);
  const { data, shares, mark, tmpPositions, tmpValues, tmpLabels } = ws;
  const K = data.classes;

  // Node fields every TreeNode copies from its options, in TreeNode's own key order.
  const kind = options.kind;
  const gainFunction = options.gainFunction;
  const splitFunction = options.splitFunction;
  const minNumSamples = options.minNumSamples as number;
  const maxDepth = options.maxDepth as number;
  const gainThreshold = (options.gainThreshold as number) || 0;
  const newNode = (): TreeNodeJson => ({
    kind,
    gainFunction,
    splitFunction,
    minNumSamples,
    maxDepth,
    gainThreshold,
  });

  // Distinct dataset columns in tree column order. A repeated column yields the same gains again,
  // which never beat the first copy (strict >), so it is skipped.
  const localOf: number[] = [];
  const seen = new Set<number>();
  draw.columns.forEach((column, local) => {
    if (!seen.has(column)) {
      seen.add(column);
      localOf.push(local);
    }
  });
  const U = localOf.length;
  const B = sortColumns(ws, draw, localOf);
  const { positions: pos, values: val, labels: lab } = ws;

  const rootCounts = new Array<number>(K).fill(0);
  for (let p = 0; p < B; p++)
    rootCounts[ws.bagLabels[p] as number] = (rootCounts[ws.bagLabels[p] as number] as number) + 1;
  const root = newNode();
  const stack: PendingNode[] = [{ node: root, lo: 0, hi: B, depth: 0, parentGain: null, counts: rootCounts }];
  const cnt = new Array<number>(K).fill(0);
  const gsCnt = new Array<number>(K).fill(0);
  const scratch = new Array<number>(K).fill(0);

  while (stack.length > 0) {
    const { node, lo, hi, depth, parentGain, counts } = stack.pop() as PendingNode;
    const n = hi - lo;
    if (n <= minNumSamples) {
      node.distribution = distribution(shares, counts, n);
      continue;
    }

    let classesPresent = 0;
    for (let c = 0; c < K; c++) if ((counts[c] as number) > 0) classesPresent++;
    const giniAll = gini(shares, counts, n);
    // Bound on |exact gain - real-number gain|: a share carries up to n rounding errors (shares.ts).
    const tolerance = 1e-10 + n * 1e-14;

    let bestGain = Number.NEGATIVE_INFINITY;
    let bestU = -1;
    let bestValue = 0;
    let bestLeft = 0;
    // With a single class no neighbouring labels differ, so ml-cart finds no candidate at all.
    for (let u = 0; classesPresent > 1 && u < U; u++) {
      const V = val[u] as Float64Array;
      const Y = lab[u] as Uint16Array;
      cnt.fill(0);
      let gs = lo;
      let gsKnown = false;
      let a = V[lo] as number;
      let prevLabel = Y[lo] as number;
      for (let i = lo + 1; i < hi; i++) {
        cnt[prevLabel] = (cnt[prevLabel] as number) + 1;
        const b = V[i] as number;
        const label = Y[i] as number;
        if (label !== prevLabel) {
          const v = (a + b) / 2;
          let nl: number;
          let L: number[];
          if (v > a && v <= b) {
            nl = i - lo;
            L = cnt;
          } else if (v === a) {
            // Threshold equal to the left value: the left side ends where that value starts.
            if (!gsKnown) {
              for (let c = 0; c < K; c++) gsCnt[c] = cnt[c] as number;
              for (let q = gs; q < i; q++) gsCnt[Y[q] as number] = (gsCnt[Y[q] as number] as number) - 1;
              gsKnown = true;
            }
            nl = gs - lo;
            L = gsCnt;
          } else {
            // The midpoint overflowed (values near ±Number.MAX_VALUE): count the rows below it.
            scratch.fill(0);
            nl = 0;
            for (let q = lo; q < hi && (V[q] as number) < v; q++, nl++)
              scratch[Y[q] as number] = (scratch[Y[q] as number] as number) + 1;
            L = scratch;
          }
          // Screen in real-number arithmetic first: the exact gain is within `tolerance` of it, so a
          // candidate clearly below the best cannot win and skips the exact share sums.
          const ng = n - nl;
          let sumL = 0;
          let sumG = 0;
          for (let c = 0; c < K; c++) {
            const l = L[c] as number;
            const g = (counts[c] as number) - l;
            sumL += l * l;
            sumG += g * g;
          }
          const approx = giniAll - (n - (nl > 0 ? sumL / nl : 0) - (ng > 0 ? sumG / ng : 0)) / n;
          if (approx + tolerance > bestGain) {
            const gain = splitGain(shares, giniAll, counts, L, n, nl);
            if (gain > bestGain) {
              bestGain = gain;
              bestU = u;
              bestValue = v;
              bestLeft = nl;
            }
          }
        }
        if (b !== a) {
          gs = i;
          gsKnown = false;
        }
        a = b;
        prevLabel = label;
      }
    }

    const found = bestU >= 0;
    // Assigned even when undefined, like ml-cart, so the keys keep its order.
    node.splitValue = found ? bestValue : undefined;
    node.splitColumn = found ? (localOf[bestU] as number) : undefined;
    node.gain = bestGain;
    node.numberSamples = found ? n : undefined;

    const nl = bestLeft;
    const ng = n - nl;
    if (
      !(found && depth < maxDepth && bestGain > gainThreshold && bestGain !== parentGain && nl > 0 && ng > 0)
    ) {
      node.distribution = distribution(shares, counts, n);
      continue;
    }

    // In the split column the left side is already the first nl entries; mark them.
    const mid = lo + nl;
    ws.stamp++;
    const stamp = ws.stamp;
    const Ps = pos[bestU] as Int32Array;
    const Ys = lab[bestU] as Uint16Array;
    const leftCounts = new Array<number>(K).fill(0);
    for (let i = lo; i < mid; i++) {
      mark[Ps[i] as number] = stamp;
      leftCounts[Ys[i] as number] = (leftCounts[Ys[i] as number] as number) + 1;
    }
    const rightCounts = new Array<number>(K);
    for (let c = 0; c < K; c++) rightCounts[c] = (counts[c] as number) - (leftCounts[c] as number);

    // A stable partition of every other column keeps both sides sorted by (value, position). Skipped
    // when neither side will look for a split.
    if (searchesSplit(nl, leftCounts, minNumSamples) || searchesSplit(ng, rightCounts, minNumSamples)) {
      for (let u = 0; u < U; u++) {
        if (u === bestU) continue;
        const P = pos[u] as Int32Array;
        const V = val[u] as Float64Array;
        const Y = lab[u] as Uint16Array;
        let l = lo;
        let r = 0;
        for (let i = lo; i < hi; i++) {
          const p = P[i] as number;
          if (mark[p] === stamp) {
            P[l] = p;
            V[l] = V[i] as number;
            Y[l] = Y[i] as number;
            l++;
          } else {
            tmpPositions[r] = p;
            tmpValues[r] = V[i] as number;
            tmpLabels[r] = Y[i] as number;
            r++;
          }
        }
        P.set(tmpPositions.subarray(0, r), mid);
        V.set(tmpValues.subarray(0, r), mid);
        Y.set(tmpLabels.subarray(0, r), mid);
      }
    }

    const left = newNode();
    const right = newNode();
    node.left = left;
    node.right = right;
    stack.push({ node: right, lo: mid, hi, depth: depth + 1, parentGain: bestGain, counts: rightCounts });
    stack.push({ node: left, lo, hi: mid, depth: depth + 1, parentGain: bestGain, counts: leftCounts });
  }

  return { options, root, name: 'DTClassifier' };
}

/** Whether a child will look for a split (and so needs its columns sorted). */
function searchesSplit(n: number, counts: number[], minNumSamples: number): boolean {
  if (n <= minNumSamples) return false;
  let present = 0;
  for (const count of counts) if (count > 0) present++;
  return present > 1;
}

/** ml-cart's giniImpurity from class counts: 1 - sum of squared shares (0 without rows). */
function gini(shares: ShareTable, counts: number[], n: number): number {
  if (n === 0) return 0;
  let sum = 0.0;
  for (const count of counts) {
    const p = shares.get(n, count);
    sum += p * p;
  }
  return 1 - sum;
}

/** ml-cart's giniGain of a split with `nl` rows (class counts L) below the threshold. */
function splitGain(
  shares: ShareTable,
  giniAll: number,
  counts: number[],
  L: number[],
  n: number,
  nl: number,
): number {
  const ng = n - nl;
  let giniGreater = 0;
  if (ng > 0) {
    let sum = 0.0;
    for (let c = 0; c < counts.length; c++) {
      const p = shares.get(ng, (counts[c] as number) - (L[c] as number));
      sum += p * p;
    }
    giniGreater = 1 - sum;
  }
  let giniLesser = 0;
  if (nl > 0) {
    let sum = 0.0;
    for (let c = 0; c < counts.length; c++) {
      const p = shares.get(nl, L[c] as number);
      sum += p * p;
    }
    giniLesser = 1 - sum;
  }
  let impurity = 0.0;
  impurity += (giniGreater * ng) / n;
  impurity += (giniLesser * nl) / n;
  return giniAll - impurity;
}

/** A leaf's `distribution`: one row of shares, up to the largest label present in the node. */
function distribution(shares: ShareTable, counts: number[], n: number): number[][] {
  let width = 0;
  counts.forEach((count, c) => {
    if (count > 0) width = c + 1;
  });
  const row = new Array<number>(width);
  for (let c = 0; c < width; c++) row[c] = shares.get(n, counts[c] as number);
  return [row];
}

/**
 * Fills the workspace's per-column buffers with the tree's bootstrap positions sorted by (value,
 * position), their values and labels; returns the bootstrap size.
 */
function sortColumns(ws: TreeWorkspace, draw: TreeDraw, localOf: number[]): number {
  const { data, bagLabels, start, byRow } = ws;
  const { rows, values, labels } = data;
  const bag = draw.bag;
  const B = bag === null ? rows : bag.length;
  for (let p = 0; p < B; p++) bagLabels[p] = labels[bag === null ? p : (bag[p] as number)] as number;
  if (bag !== null) {
    // Positions of each row in the bootstrap, ascending (CSR by row).
    start.fill(0);
    for (let p = 0; p < B; p++) start[(bag[p] as number) + 1] = (start[(bag[p] as number) + 1] as number) + 1;
    for (let r = 0; r < rows; r++) start[r + 1] = (start[r + 1] as number) + (start[r] as number);
    for (let p = 0; p < B; p++) {
      const r = bag[p] as number;
      byRow[start[r] as number] = p;
      start[r] = (start[r] as number) + 1;
    }
    // Shifting back restores start[r] as the first slot of row r.
    for (let r = rows; r > 0; r--) start[r] = start[r - 1] as number;
    start[0] = 0;
  }
  localOf.forEach((local, u) => {
    ws.column(u);
    const column = draw.columns[local] as number;
    const order = ws.orders.get(column);
    const base = column * rows;
    const P = ws.positions[u] as Int32Array;
    const V = ws.values[u] as Float64Array;
    const Y = ws.labels[u] as Uint16Array;
    if (bag === null) {
      // Without bootstrap, positions are rows and the order already breaks ties by row.
      for (let i = 0; i < rows; i++) {
        const r = order[i] as number;
        P[i] = r;
        V[i] = values[base + r] as number;
        Y[i] = labels[r] as number;
      }
      return;
    }
    let out = 0;
    let i = 0;
    while (i < rows) {
      const groupValue = values[base + (order[i] as number)] as number;
      let j = i + 1;
      while (j < rows && values[base + (order[j] as number)] === groupValue) j++;
      const groupStart = out;
      for (let q = i; q < j; q++) {
        const r = order[q] as number;
        // Values per row, not per group, keep the sign of zero that ml-cart would see.
        const value = values[base + r] as number;
        const label = labels[r] as number;
        for (let s = start[r] as number; s < (start[r + 1] as number); s++) {
          P[out] = byRow[s] as number;
          V[out] = value;
          Y[out] = label;
          out++;
        }
      }
      if (j - i > 1 && out - groupStart > 1) {
        // Equal values from several rows interleave in the bootstrap: restore ascending positions.
        P.subarray(groupStart, out).sort();
        for (let q = groupStart; q < out; q++) {
          const r = bag[P[q] as number] as number;
          V[q] = values[base + r] as number;
          Y[q] = labels[r] as number;
        }
      }
      i = j;
    }
  });
  return B;
}
