import { ColumnOrders, type ForestData } from './forestData.js';
import { integerDistribution, MersenneTwister } from './mt19937.js';
import type { TreeDraw } from './sampling.js';
import { ShareTable } from './shares.js';
import type { TreeJson, TreeNodeJson, TreeOptions } from './types.js';

// One ml-cart 2.1.1 classification tree, grown to the same JSON as `DecisionTreeClassifier#train` +
// `toJSON()`, but sorting each column once per tree and keeping that order while partitioning, so a
// node costs O(rows x columns) instead of O(rows^2 x columns). Trees come out as typed arrays
// (`CompactTree`: cheap to keep and to move between threads); `treeJson` writes ml-cart's JSON.
//
// How it is fast: each column is sorted per tree by a counting sort over the ranks of its values
// (sorted once per forest); a node is split by a branch-free stable partition of each column's
// (position, value) entries, labels being read through the position; a candidate's gain is first
// computed in real-number arithmetic and only the few that can be the best get ml-cart's exact sums.
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
//
// Per-split feature sampling (`draw.split`, not in ml-cart) changes only which columns a node tries:
// Breiman's and scikit-learn's rule. Each node that looks for a split draws columns uniformly without
// replacement from the tree's columns (a Mersenne Twister seeded per tree, nodes in preorder) until it
// has drawn `count` of them and at least one is not constant in the node, or none is left; constant
// columns (no split can separate their rows) are drawn and counted but not scanned. The columns are
// tried in the order drawn; everything else is ml-cart's rule above. Like scikit-learn, a node may so
// try more than `count` columns, but only when all the ones drawn were constant.

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

/** Node types of a `CompactTree`. */
const PLAIN_LEAF = 0;
const SEARCHED_LEAF = 1;
const SPLIT = 2;

/**
 * A grown tree as typed arrays, nodes in preorder (a split's left child is the next node): about 40
 * bytes a node instead of a few hundred as objects, and moved between threads without copying.
 */
export interface CompactTree {
  /** Per node: 0 a leaf that looked for no split (at most minNumSamples rows), 1 a leaf that did, 2 a split. */
  type: Uint8Array;
  /** Per node that looked for a split: the best threshold and its gain (-Infinity without a candidate). */
  splitValue: Float64Array;
  gain: Float64Array;
  /** Per node that looked for a split: tree column of the best split, -1 without a candidate. */
  splitColumn: Int32Array;
  numberSamples: Int32Array;
  /** Per split: index of the right child. */
  right: Int32Array;
  /** Per leaf: its distribution is `shares[leafStart[i] .. leafStart[i] + leafWidth[i])`. */
  leafStart: Int32Array;
  leafWidth: Uint16Array;
  shares: Float64Array;
}

/** The buffers of a CompactTree's typed arrays, to transfer it to another thread. */
export function compactTreeBuffers(tree: CompactTree): ArrayBuffer[] {
  return [
    tree.type,
    tree.splitValue,
    tree.gain,
    tree.splitColumn,
    tree.numberSamples,
    tree.right,
    tree.leafStart,
    tree.leafWidth,
    tree.shares,
  ].map((array) => array.buffer as ArrayBuffer);
}

/** Growable node arrays, reused from tree to tree; `finish` copies out one tree. */
class TreeBuilder {
  size = 0;
  private capacity = 0;
  type = new Uint8Array(0);
  splitValue = new Float64Array(0);
  gain = new Float64Array(0);
  splitColumn = new Int32Array(0);
  numberSamples = new Int32Array(0);
  right = new Int32Array(0);
  leafStart = new Int32Array(0);
  leafWidth = new Uint16Array(0);
  shares = new Float64Array(0);
  sharesUsed = 0;

  reset(): void {
    this.size = 0;
    this.sharesUsed = 0;
  }

  /** A new node's index. */
  add(): number {
    if (this.size === this.capacity) {
      const capacity = Math.max(64, this.capacity * 2);
      const grow = <T extends Uint8Array | Uint16Array | Int32Array | Float64Array>(from: T, to: T): T => {
        to.set(from);
        return to;
      };
      this.type = grow(this.type, new Uint8Array(capacity));
      this.splitValue = grow(this.splitValue, new Float64Array(capacity));
      this.gain = grow(this.gain, new Float64Array(capacity));
      this.splitColumn = grow(this.splitColumn, new Int32Array(capacity));
      this.numberSamples = grow(this.numberSamples, new Int32Array(capacity));
      this.right = grow(this.right, new Int32Array(capacity));
      this.leafStart = grow(this.leafStart, new Int32Array(capacity));
      this.leafWidth = grow(this.leafWidth, new Uint16Array(capacity));
      this.capacity = capacity;
    }
    // Fields a node may not set, cleared so a tree's arrays depend on nothing but the tree.
    const i = this.size++;
    this.splitValue[i] = 0;
    this.gain[i] = 0;
    this.splitColumn[i] = -1;
    this.numberSamples[i] = 0;
    this.right[i] = 0;
    this.leafStart[i] = 0;
    this.leafWidth[i] = 0;
    return i;
  }

  /** Makes node i a leaf with the distribution ml-cart writes: shares up to the largest label present. */
  leaf(i: number, shares: Shares, counts: Int32Array, n: number): void {
    let width = 0;
    for (let c = 0; c < counts.length; c++) if ((counts[c] as number) > 0) width = c + 1;
    if (this.sharesUsed + width > this.shares.length) {
      const grown = new Float64Array(Math.max(256, (this.sharesUsed + width) * 2));
      grown.set(this.shares.subarray(0, this.sharesUsed));
      this.shares = grown;
    }
    this.leafStart[i] = this.sharesUsed;
    this.leafWidth[i] = width;
    for (let c = 0; c < width; c++) this.shares[this.sharesUsed++] = shares.get(n, counts[c] as number);
  }

  finish(): CompactTree {
    const n = this.size;
    return {
      type: this.type.slice(0, n),
      splitValue: this.splitValue.slice(0, n),
      gain: this.gain.slice(0, n),
      splitColumn: this.splitColumn.slice(0, n),
      numberSamples: this.numberSamples.slice(0, n),
      right: this.right.slice(0, n),
      leafStart: this.leafStart.slice(0, n),
      leafWidth: this.leafWidth.slice(0, n),
      shares: this.shares.slice(0, this.sharesUsed),
    };
  }
}

/** Sizes below this have all their shares in one flat table: most nodes are small. */
const DENSE_SHARES = 256;

/** ml-cart's shares (see shares.ts): small sizes from a flat table, larger ones from a ShareTable. */
export class Shares {
  private readonly table = new ShareTable();
  /** Shares of size n at n (n + 1) / 2 + k, each the running sum ml-cart computes. */
  private readonly dense = new Float64Array((DENSE_SHARES * (DENSE_SHARES + 1)) / 2);

  constructor() {
    for (let n = 1; n < DENSE_SHARES; n++) {
      const offset = (n * (n + 1)) / 2;
      let sum = 0;
      for (let k = 0; k <= n; k++) {
        this.dense[offset + k] = sum;
        sum += 1 / n;
      }
    }
  }

  /** Sum of k copies of 1/n (0 <= k <= n). */
  get(n: number, k: number): number {
    return n > 0 && n < DENSE_SHARES
      ? (this.dense[((n * (n + 1)) >> 1) + k] as number)
      : this.table.get(n, k);
  }
}

/** Per-thread state reused from tree to tree: column orders, the share table and work buffers. */
export class TreeWorkspace {
  readonly orders: ColumnOrders;
  readonly shares = new Shares();
  readonly builder = new TreeBuilder();
  /** Per dataset column, its values in `orders` order (filled on first use). */
  private readonly sortedValues: Array<Float64Array | undefined> = [];
  /** Per dataset column, the rank of each row's value among the distinct values (filled on first use). */
  private readonly valueRanks: Array<{ rank: Int32Array; ranks: number } | undefined> = [];
  /**
   * Per distinct tree column: bootstrap positions and their values sorted by (value, position) in
   * [0, rows), and scratch space for partitioning in [rows, 2 rows). Labels are read by position.
   */
  readonly positions: Int32Array[] = [];
  readonly values: Float64Array[] = [];
  /** Label of each bootstrap position. */
  readonly bagLabels: Uint16Array;
  /** Counting-sort space: each position's key, and the tally of each key. */
  readonly keys: Int32Array;
  readonly tally: Int32Array;
  /** Per bootstrap position, 1 when it goes left at the split being made, else 0. */
  readonly left: Uint8Array;

  constructor(readonly data: ForestData) {
    const n = data.rows;
    this.orders = new ColumnOrders(data);
    this.bagLabels = new Uint16Array(n);
    this.keys = new Int32Array(n);
    this.tally = new Int32Array(n + 1);
    this.left = new Uint8Array(n);
  }

  /** A dataset column's values in `orders` order. */
  sorted(column: number): Float64Array {
    let sorted = this.sortedValues[column];
    if (sorted === undefined) {
      const { rows, values } = this.data;
      const order = this.orders.get(column);
      const base = column * rows;
      sorted = new Float64Array(rows);
      for (let i = 0; i < rows; i++) sorted[i] = values[base + (order[i] as number)] as number;
      this.sortedValues[column] = sorted;
    }
    return sorted;
  }

  /** The rank of each row's value in a dataset column (equal values share one), and how many ranks. */
  ranks(column: number): { rank: Int32Array; ranks: number } {
    let entry = this.valueRanks[column];
    if (entry === undefined) {
      const order = this.orders.get(column);
      const sorted = this.sorted(column);
      const rank = new Int32Array(this.data.rows);
      let ranks = 0;
      for (let i = 0; i < order.length; i++) {
        if (i > 0 && sorted[i] !== sorted[i - 1]) ranks++;
        rank[order[i] as number] = ranks;
      }
      entry = { rank, ranks: order.length > 0 ? ranks + 1 : 0 };
      this.valueRanks[column] = entry;
    }
    return entry;
  }

  /** Buffers of the u-th distinct column, allocated on first use. */
  column(u: number): void {
    const n = this.data.rows;
    while (this.positions.length <= u) {
      this.positions.push(new Int32Array(2 * n));
      this.values.push(new Float64Array(2 * n));
    }
  }
}

/** Candidate splits of one node that may have the greatest exact gain, in scan order. */
class Contenders {
  size = 0;
  /** Size after the last `keepFrom`: the list is pruned only once it has doubled since. */
  private pruned = 0;
  column = new Int32Array(16);
  value = new Float64Array(16);
  left = new Int32Array(16);
  approx = new Float64Array(16);
  /** Class counts below each candidate's threshold, `classes` per candidate. */
  counts: Int32Array;

  constructor(private readonly classes: number) {
    this.counts = new Int32Array(16 * classes);
  }

  clear(): void {
    this.size = 0;
    this.pruned = 0;
  }

  add(column: number, value: number, left: number, approx: number, counts: number[]): void {
    if (this.size === this.column.length) {
      const grow = <T extends Int32Array | Float64Array>(from: T, to: T): T => {
        to.set(from);
        return to;
      };
      const capacity = this.size * 2;
      this.column = grow(this.column, new Int32Array(capacity));
      this.value = grow(this.value, new Float64Array(capacity));
      this.left = grow(this.left, new Int32Array(capacity));
      this.approx = grow(this.approx, new Float64Array(capacity));
      this.counts = grow(this.counts, new Int32Array(capacity * this.classes));
    }
    const e = this.size++;
    this.column[e] = column;
    this.value[e] = value;
    this.left[e] = left;
    this.approx[e] = approx;
    for (let c = 0, at = e * this.classes; c < this.classes; c++) this.counts[at + c] = counts[c] as number;
  }

  /**
   * Drops the candidates whose screened gain is below `floor`, keeping the order; only once the list
   * has doubled since the last time, so gains that creep up within the slack cost linear time.
   */
  keepFrom(floor: number): void {
    if (this.size < 2 * this.pruned + 16) return;
    const K = this.classes;
    let kept = 0;
    for (let e = 0; e < this.size; e++) {
      if ((this.approx[e] as number) < floor) continue;
      if (kept !== e) {
        this.column[kept] = this.column[e] as number;
        this.value[kept] = this.value[e] as number;
        this.left[kept] = this.left[e] as number;
        this.approx[kept] = this.approx[e] as number;
        this.counts.copyWithin(kept * K, e * K, e * K + K);
      }
      kept++;
    }
    this.size = kept;
    this.pruned = kept;
  }
}

interface PendingNode {
  /** The parent's index when this is a right child (its left child is the node after it), else -1. */
  rightOf: number;
  lo: number;
  hi: number;
  depth: number;
  parentGain: number | null;
  counts: Int32Array;
}

/** Per-split column draws of one tree: a partial Fisher-Yates shuffle per node (exported for tests). */
export class SplitSampler {
  private readonly engine: MersenneTwister;
  private readonly order: Int32Array;
  /** below[m] draws uniformly from 0..m-1. */
  private readonly below: Array<(engine: MersenneTwister) => number>;

  constructor(
    columns: number,
    private readonly count: number,
    seed: number,
  ) {
    this.engine = new MersenneTwister(seed);
    this.order = new Int32Array(columns);
    for (let u = 0; u < columns; u++) this.order[u] = u;
    this.below = [() => 0];
    for (let m = 1; m <= columns; m++) this.below.push(integerDistribution(m - 1));
  }

  /**
   * Writes the non-constant columns to try at node [lo, hi) into `out`, in the order drawn; returns
   * how many. A column is constant in the node when its first and last sorted values are equal.
   */
  draw(values: Float64Array[], lo: number, hi: number, out: Int32Array): number {
    const { order, engine, below, count } = this;
    const columns = order.length;
    let found = 0;
    for (let i = 0; i < columns && (i < count || found === 0); i++) {
      // Any order of `order` works: swapping in a uniform pick from the rest keeps the draw uniform.
      const j = i + (below[columns - i] as (engine: MersenneTwister) => number)(engine);
      const u = order[j] as number;
      order[j] = order[i] as number;
      order[i] = u;
      const V = values[u] as Float64Array;
      if ((V[lo] as number) !== (V[hi - 1] as number)) out[found++] = u;
    }
    return found;
  }
}

/** Grows one tree from its draw, in the compact form; `treeJson` turns it into ml-cart's JSON. */
export function trainTree(
  ws: TreeWorkspace,
  draw: TreeDraw,
  treeOptions: TreeOptions | undefined,
): CompactTree {
  const options = cartOptions(treeOptions);
  const { data, shares, left, builder } = ws;
  const rows = data.rows;
  const K = data.classes;
  const minNumSamples = options.minNumSamples as number;
  const maxDepth = options.maxDepth as number;
  const gainThreshold = (options.gainThreshold as number) || 0;

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
  const { positions: pos, values: val, bagLabels: labelOf } = ws;
  const sampler =
    draw.split === null || U === 0
      ? null
      : new SplitSampler(U, Math.min(draw.split.count, U), draw.split.seed);
  // Columns a node tries: all of them in tree order, or the sampler's draw.
  const tried = new Int32Array(U);
  for (let u = 0; u < U; u++) tried[u] = u;

  const rootCounts = new Int32Array(K);
  for (let p = 0; p < B; p++) {
    const c = ws.bagLabels[p] as number;
    rootCounts[c] = (rootCounts[c] as number) + 1;
  }
  builder.reset();
  const stack: PendingNode[] = [
    { rightOf: -1, lo: 0, hi: B, depth: 0, parentGain: null, counts: rootCounts },
  ];
  const contenders = new Contenders(K);
  const cnt = new Array<number>(K).fill(0);
  const gsCnt = new Array<number>(K).fill(0);
  const scratch = new Array<number>(K).fill(0);

  while (stack.length > 0) {
    const { rightOf, lo, hi, depth, parentGain, counts } = stack.pop() as PendingNode;
    // Preorder: a left child is popped right after its parent, a right child is linked here.
    const node = builder.add();
    if (rightOf >= 0) builder.right[rightOf] = node;
    const n = hi - lo;
    if (n <= minNumSamples) {
      builder.type[node] = PLAIN_LEAF;
      builder.leaf(node, shares, counts, n);
      continue;
    }

    let classesPresent = 0;
    for (let c = 0; c < K; c++) if ((counts[c] as number) > 0) classesPresent++;
    const giniAll = gini(shares, counts, n);
    // Bound on |exact gain - real-number gain|: a share carries up to n rounding errors (shares.ts).
    const tolerance = 1e-10 + n * 1e-14;

    // Candidates are screened in real-number arithmetic, whose gain is within `tolerance` of the
    // exact one: only those within twice that of the best screened gain can be the exact best, and
    // only they get the exact share sums, once the node's columns are scanned.
    const slack = 2 * tolerance;
    let maxApprox = Number.NEGATIVE_INFINITY;
    contenders.clear();
    // With a single class no neighbouring labels differ, so ml-cart finds no candidate at all.
    let columns = 0;
    if (classesPresent > 1) columns = sampler === null ? U : sampler.draw(val, lo, hi, tried);
    for (let t = 0; t < columns; t++) {
      const u = tried[t] as number;
      const V = val[u] as Float64Array;
      const P = pos[u] as Int32Array;
      cnt.fill(0);
      let gs = lo;
      let gsKnown = false;
      let a = V[lo] as number;
      let prevLabel = labelOf[P[lo] as number] as number;
      for (let i = lo + 1; i < hi; i++) {
        cnt[prevLabel] = (cnt[prevLabel] as number) + 1;
        const b = V[i] as number;
        const label = labelOf[P[i] as number] as number;
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
              for (let q = gs; q < i; q++) {
                const c = labelOf[P[q] as number] as number;
                gsCnt[c] = (gsCnt[c] as number) - 1;
              }
              gsKnown = true;
            }
            nl = gs - lo;
            L = gsCnt;
          } else {
            // The midpoint overflowed (values near ±Number.MAX_VALUE): count the rows below it.
            scratch.fill(0);
            nl = 0;
            for (let q = lo; q < hi && (V[q] as number) < v; q++, nl++)
              scratch[labelOf[P[q] as number] as number] =
                (scratch[labelOf[P[q] as number] as number] as number) + 1;
            L = scratch;
          }
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
          if (approx >= maxApprox - slack) {
            if (approx > maxApprox) {
              maxApprox = approx;
              contenders.keepFrom(maxApprox - slack);
            }
            contenders.add(u, v, nl, approx, L);
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

    // The first contender with the greatest exact gain, as ml-cart's strict > over the scan order.
    let bestGain = Number.NEGATIVE_INFINITY;
    let bestU = -1;
    let bestValue = 0;
    let bestLeft = 0;
    const floor = maxApprox - slack;
    for (let e = 0; e < contenders.size; e++) {
      if ((contenders.approx[e] as number) < floor) continue;
      const nl = contenders.left[e] as number;
      const gain = splitGain(shares, giniAll, counts, contenders.counts, e * K, n, nl);
      if (gain > bestGain) {
        bestGain = gain;
        bestU = contenders.column[e] as number;
        bestValue = contenders.value[e] as number;
        bestLeft = nl;
      }
    }

    const found = bestU >= 0;
    builder.splitValue[node] = bestValue;
    builder.splitColumn[node] = found ? (localOf[bestU] as number) : -1;
    builder.gain[node] = bestGain;
    builder.numberSamples[node] = n;

    const nl = bestLeft;
    const ng = n - nl;
    if (
      !(found && depth < maxDepth && bestGain > gainThreshold && bestGain !== parentGain && nl > 0 && ng > 0)
    ) {
      builder.type[node] = SEARCHED_LEAF;
      builder.leaf(node, shares, counts, n);
      continue;
    }
    builder.type[node] = SPLIT;

    // In the split column the left side is already the first nl entries; mark each row's side.
    const mid = lo + nl;
    const Ps = pos[bestU] as Int32Array;
    const leftCounts = new Int32Array(K);
    for (let i = lo; i < mid; i++) {
      const p = Ps[i] as number;
      left[p] = 1;
      const c = labelOf[p] as number;
      leftCounts[c] = (leftCounts[c] as number) + 1;
    }
    for (let i = mid; i < hi; i++) left[Ps[i] as number] = 0;
    const rightCounts = new Int32Array(K);
    for (let c = 0; c < K; c++) rightCounts[c] = (counts[c] as number) - (leftCounts[c] as number);

    // A stable partition of every other column keeps both sides sorted by (value, position). Skipped
    // when neither side will look for a split, and with per-split sampling for a column constant in
    // the node: it stays constant below, where only its first and last values are ever read.
    if (searchesSplit(nl, leftCounts, minNumSamples) || searchesSplit(ng, rightCounts, minNumSamples)) {
      for (let u = 0; u < U; u++) {
        if (u === bestU) continue;
        const V = val[u] as Float64Array;
        if (sampler !== null && V[lo] === V[hi - 1]) continue;
        const P = pos[u] as Int32Array;
        // Left entries move down in place, right ones to the column's scratch half [rows, 2 rows),
        // then back after them. The destination is picked by arithmetic, not a branch: which side
        // comes next is a coin toss the processor would mispredict half the time.
        let l = lo;
        let r = rows;
        for (let i = lo; i < hi; i++) {
          const p = P[i] as number;
          const goesLeft = left[p] as number;
          const to = r + (l - r) * goesLeft;
          P[to] = p;
          V[to] = V[i] as number;
          l += goesLeft;
          r += 1 - goesLeft;
        }
        if (r - rows > 64) {
          P.copyWithin(mid, rows, r);
          V.copyWithin(mid, rows, r);
        } else {
          // A loop beats two calls for the many small nodes.
          for (let i = rows, to = mid; i < r; i++, to++) {
            P[to] = P[i] as number;
            V[to] = V[i] as number;
          }
        }
      }
    }

    stack.push({ rightOf: node, lo: mid, hi, depth: depth + 1, parentGain: bestGain, counts: rightCounts });
    stack.push({ rightOf: -1, lo, hi: mid, depth: depth + 1, parentGain: bestGain, counts: leftCounts });
  }

  return builder.finish();
}

/** Whether a child will look for a split (and so needs its columns sorted). */
function searchesSplit(n: number, counts: Int32Array, minNumSamples: number): boolean {
  if (n <= minNumSamples) return false;
  let present = 0;
  for (const count of counts) if (count > 0) present++;
  return present > 1;
}

/** ml-cart's giniImpurity from class counts: 1 - sum of squared shares (0 without rows). */
function gini(shares: Shares, counts: Int32Array, n: number): number {
  if (n === 0) return 0;
  let sum = 0.0;
  for (const count of counts) {
    const p = shares.get(n, count);
    sum += p * p;
  }
  return 1 - sum;
}

/** ml-cart's giniGain of a split with `nl` rows (class counts L[at ..]) below the threshold. */
function splitGain(
  shares: Shares,
  giniAll: number,
  counts: Int32Array,
  L: Int32Array,
  at: number,
  n: number,
  nl: number,
): number {
  const ng = n - nl;
  let giniGreater = 0;
  if (ng > 0) {
    let sum = 0.0;
    for (let c = 0; c < counts.length; c++) {
      const p = shares.get(ng, (counts[c] as number) - (L[at + c] as number));
      sum += p * p;
    }
    giniGreater = 1 - sum;
  }
  let giniLesser = 0;
  if (nl > 0) {
    let sum = 0.0;
    for (let c = 0; c < counts.length; c++) {
      const p = shares.get(nl, L[at + c] as number);
      sum += p * p;
    }
    giniLesser = 1 - sum;
  }
  let impurity = 0.0;
  impurity += (giniGreater * ng) / n;
  impurity += (giniLesser * nl) / n;
  return giniAll - impurity;
}

/** A value as it reads back from JSON: non-finite numbers become null and -0 becomes 0. */
function plainNumber(value: number): number | null {
  return Number.isFinite(value) ? value + 0 : null;
}

/** Any option value as it reads back from JSON (undefined stays undefined, which JSON omits too). */
export function plainValue(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : JSON.parse(text);
}

/** What every node and tree of a forest's JSON repeats: ml-cart's options, as they read back from JSON. */
export interface JsonTemplate {
  /** The tree's `options`; every tree may share this object. */
  options: Record<string, unknown>;
  kind: unknown;
  gainFunction: unknown;
  splitFunction: unknown;
  minNumSamples: unknown;
  maxDepth: unknown;
  gainThreshold: unknown;
}

/** The JSON template for trees grown with `treeOptions`. */
export function jsonTemplate(treeOptions: TreeOptions | undefined): JsonTemplate {
  const options = cartOptions(treeOptions);
  return {
    options: plainValue(options) as Record<string, unknown>,
    kind: plainValue(options.kind),
    gainFunction: plainValue(options.gainFunction),
    splitFunction: plainValue(options.splitFunction),
    minNumSamples: plainValue(options.minNumSamples),
    maxDepth: plainValue(options.maxDepth),
    // ml-cart's nodes keep `gainThreshold || 0`.
    gainThreshold: plainValue(options.gainThreshold || 0),
  };
}

/**
 * ml-cart's `toJSON()` of a compact tree as it reads back from JSON: JSON.stringify gives the library's
 * text, with nulls for non-finite numbers and no keys for undefined fields, so no round trip through
 * text is needed. Objects are created whole with keys in ml-cart's order, so each node stays one
 * compact object.
 */
export function treeJson(tree: CompactTree, template: JsonTemplate): TreeJson {
  const { options, kind, gainFunction, splitFunction, minNumSamples, maxDepth, gainThreshold } = template;
  const { type, splitValue, gain, splitColumn, numberSamples, right, leafStart, leafWidth, shares } = tree;
  const size = type.length;
  const nodes = new Array<TreeNodeJson>(size);
  const distribution = (i: number): number[][] => {
    const start = leafStart[i] as number;
    const row = new Array<number>(leafWidth[i] as number);
    for (let c = 0; c < row.length; c++) row[c] = shares[start + c] as number;
    return [row];
  };
  // Children come after their parent in preorder, so building backwards finds them built.
  for (let i = size - 1; i >= 0; i--) {
    const t = type[i] as number;
    if (t === PLAIN_LEAF) {
      nodes[i] = {
        kind,
        gainFunction,
        splitFunction,
        minNumSamples,
        maxDepth,
        gainThreshold,
        distribution: distribution(i),
      };
    } else if ((splitColumn[i] as number) < 0) {
      // Searched without a candidate: splitValue, splitColumn and numberSamples stay undefined.
      nodes[i] = {
        kind,
        gainFunction,
        splitFunction,
        minNumSamples,
        maxDepth,
        gainThreshold,
        gain: plainNumber(gain[i] as number),
        distribution: distribution(i),
      };
    } else if (t === SEARCHED_LEAF) {
      nodes[i] = {
        kind,
        gainFunction,
        splitFunction,
        minNumSamples,
        maxDepth,
        gainThreshold,
        splitValue: plainNumber(splitValue[i] as number),
        splitColumn: splitColumn[i] as number,
        gain: plainNumber(gain[i] as number),
        numberSamples: numberSamples[i] as number,
        distribution: distribution(i),
      };
    } else {
      nodes[i] = {
        kind,
        gainFunction,
        splitFunction,
        minNumSamples,
        maxDepth,
        gainThreshold,
        splitValue: plainNumber(splitValue[i] as number),
        splitColumn: splitColumn[i] as number,
        gain: plainNumber(gain[i] as number),
        numberSamples: numberSamples[i] as number,
        left: nodes[i + 1] as TreeNodeJson,
        right: nodes[right[i] as number] as TreeNodeJson,
      };
    }
  }
  return { options, root: nodes[0] as TreeNodeJson, name: 'DTClassifier' };
}

/**
 * Fills the workspace's per-column buffers with the tree's bootstrap positions sorted by (value,
 * position), their values and labels; returns the bootstrap size.
 */
function sortColumns(ws: TreeWorkspace, draw: TreeDraw, localOf: number[]): number {
  const { data, bagLabels, keys, tally } = ws;
  const { rows, values, labels } = data;
  const bag = draw.bag;
  const B = bag === null ? rows : bag.length;
  for (let p = 0; p < B; p++) bagLabels[p] = labels[bag === null ? p : (bag[p] as number)] as number;
  localOf.forEach((local, u) => {
    ws.column(u);
    const column = draw.columns[local] as number;
    const P = ws.positions[u] as Int32Array;
    const V = ws.values[u] as Float64Array;
    if (bag === null) {
      // Without bootstrap, positions are rows and the order already breaks ties by row.
      const order = ws.orders.get(column);
      const sorted = ws.sorted(column);
      for (let i = 0; i < rows; i++) {
        P[i] = order[i] as number;
        V[i] = sorted[i] as number;
      }
      return;
    }
    // A counting sort of the positions by the rank of their value, taking positions in ascending
    // order, leaves equal values in position order: exactly (value, position).
    const { rank, ranks } = ws.ranks(column);
    tally.fill(0, 0, ranks + 1);
    for (let p = 0; p < B; p++) {
      const k = rank[bag[p] as number] as number;
      keys[p] = k;
      tally[k + 1] = (tally[k + 1] as number) + 1;
    }
    for (let k = 0; k < ranks; k++) tally[k + 1] = (tally[k + 1] as number) + (tally[k] as number);
    const base = column * rows;
    for (let p = 0; p < B; p++) {
      const k = keys[p] as number;
      const to = tally[k] as number;
      tally[k] = to + 1;
      P[to] = p;
      // The row's own value, not its group's: equal values may differ in the sign of zero.
      V[to] = values[base + (bag[p] as number)] as number;
    }
  });
  return B;
}
