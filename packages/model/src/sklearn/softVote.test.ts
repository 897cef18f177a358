// Soft-voting forests without Python: seeded random dumps in scikit-learn's layout, checked against a
// literal reading of scikit-learn's prediction (float32 features, `<=` thresholds, leaf distributions added
// in tree order and divided by the tree count, first argmax), and the artifact that carries them.
import { describe, expect, it } from 'vitest';
import { artifactVersion, encodeArtifact, headerBytes } from '../artifact.js';
import { ArtifactFormatError, decodeArtifact } from '../decodeArtifact.js';
import { exportForest } from '../exportForest.js';
import { compileFlatForest, nodeViews } from '../fast/index.js';
import { parseModel } from '../load.js';
import { createRandom } from '../prng.js';
import { testArtifact, testCard } from '../testArtifact.js';
import { parseSklearnDump, type SklearnDump, type SklearnTree, sklearnDumpFormat } from './dump.js';
import { flattenSklearnForest } from './flatten.js';

/** A random tree in scikit-learn's numbering (children after parents, depth first, left first). */
function randomTree(random: () => number, features: number, classes: number, depth: number): SklearnTree {
  const tree: SklearnTree = {
    node_count: 0,
    children_left: [],
    children_right: [],
    feature: [],
    threshold: [],
    leaf_proba: [],
  };
  const grow = (level: number): number => {
    const id = tree.node_count++;
    tree.children_left.push(-1);
    tree.children_right.push(-1);
    tree.feature.push(-2);
    tree.threshold.push(-2);
    tree.leaf_proba.push(null);
    if (level >= depth || (level > 1 && random() < 0.25)) {
      // Often pure, as fully grown leaves are; otherwise shares that need not be multiples of 1/2^k.
      const weights = Array.from({ length: classes }, (): number =>
        random() < 0.5 ? 0 : Math.floor(random() * 7),
      );
      if (!weights.some((w) => w > 0)) weights[Math.floor(random() * classes)] = 1;
      const sum = weights.reduce((a, b) => a + b, 0);
      tree.leaf_proba[id] = weights.map((w) => w / sum);
      return id;
    }
    // A threshold as scikit-learn makes one: the midpoint of two float32 values, in double.
    const a = Math.fround((random() - 0.5) * 20);
    const b = Math.fround(a + random() * 0.5 + 1e-6);
    tree.feature[id] = Math.floor(random() * features);
    tree.threshold[id] = a / 2 + b / 2;
    tree.children_left[id] = grow(level + 1);
    tree.children_right[id] = grow(level + 1);
    return id;
  };
  grow(0);
  return tree;
}

function randomDump(seed: number, trees: number, features: number, classes: number): SklearnDump {
  const random = createRandom(seed);
  const labels = ['oak', 'ash', 'birch', 'elm'].slice(0, classes);
  return {
    format: sklearnDumpFormat,
    estimator: 'sklearn.ensemble._forest.RandomForestClassifier',
    versions: { 'scikit-learn': '1.2.1' },
    model: { file: 'model.pkl', sha256: '0'.repeat(64) },
    features: Array.from({ length: features }, (_, f) => `x${f}`),
    featureNamesFrom: 'csv',
    target: 'kind',
    classes: labels,
    labels,
    params: { n_estimators: trees },
    feature_importances: Array.from({ length: features }, () => 1 / features),
    trees: Array.from({ length: trees }, () => randomTree(random, features, classes, 7)),
  };
}

/** scikit-learn's predict_proba and predict, read literally off the dump. */
function sklearnPredict(dump: SklearnDump, row: number[]): { label: number; proba: number[] } {
  const proba = new Array<number>(dump.labels.length).fill(0);
  for (const tree of dump.trees) {
    let node = 0;
    while (tree.children_left[node] !== -1) {
      const x = Math.fround(row[tree.feature[node] as number] as number);
      node = (
        x <= (tree.threshold[node] as number) ? tree.children_left[node] : tree.children_right[node]
      ) as number;
    }
    (tree.leaf_proba[node] as number[]).forEach((p, k) => {
      proba[k] = (proba[k] as number) + p;
    });
  }
  const mean = proba.map((p) => p / dump.trees.length);
  return { label: mean.indexOf(Math.max(...mean)), proba: mean };
}

/** Rows with values on, and one double or one float32 step around, the dump's thresholds. */
function probeRows(dump: SklearnDump, seed: number, count: number): number[][] {
  const random = createRandom(seed);
  const thresholds = dump.trees.flatMap((t) => t.threshold.filter((_, i) => t.children_left[i] !== -1));
  const near = (t: number) => {
    const f = Math.fround(t);
    const options = [
      t,
      f,
      t + Math.abs(t) * 2 ** -52,
      t - Math.abs(t) * 2 ** -52,
      f * (1 + 2 ** -23),
      f * (1 - 2 ** -23),
    ];
    return options[Math.floor(random() * options.length)] as number;
  };
  return Array.from({ length: count }, () =>
    dump.features.map(() =>
      random() < 0.6
        ? near(thresholds[Math.floor(random() * thresholds.length)] as number)
        : (random() - 0.5) * 24,
    ),
  );
}

const softCard = (dump: SklearnDump) => ({
  ...testCard(dump.features.length, dump.labels.length),
  labels: [...dump.labels],
  features: dump.features.map((name) => ({ name, min: -10, max: 10 })),
});

describe('a soft-voting forest from a scikit-learn dump', () => {
  it.each([
    [1, 25, 5, 3],
    [2, 7, 3, 2],
    [3, 40, 8, 4],
  ])(
    'predicts what scikit-learn would on rows at the thresholds (seed %i)',
    (seed, trees, features, classes) => {
      const dump = parseSklearnDump(JSON.stringify(randomDump(seed, trees, features, classes)), 'dump.json');
      const model = parseModel(encodeArtifact(softCard(dump), flattenSklearnForest(dump)), 'test');
      const rows = probeRows(dump, seed + 100, 3000);
      const predictions = model.predict(rows);
      const wrong = rows.flatMap((row, r) => {
        const want = sklearnPredict(dump, row);
        const got = predictions[r];
        const proba = dump.labels.map((label) => got?.probabilities[label]);
        return got?.labelIndex === want.label && JSON.stringify(proba) === JSON.stringify(want.proba)
          ? []
          : [r];
      });
      expect(wrong).toEqual([]);
      // The batch walk agrees with one row at a time.
      const compiled = compileFlatForest(flattenSklearnForest(dump));
      expect(Array.from(compiled.predictBatch(rows))).toEqual(predictions.map((p) => p.labelIndex));
    },
  );

  it('breaks a tie for the first class, as argmax does', () => {
    const leaf = (proba: number[]): SklearnTree => ({
      node_count: 1,
      children_left: [-1],
      children_right: [-1],
      feature: [-2],
      threshold: [-2],
      leaf_proba: [proba],
    });
    const dump = { ...randomDump(1, 1, 2, 3), trees: [leaf([0, 0.5, 0.5]), leaf([0.25, 0.5, 0.25])] };
    const forest = compileFlatForest(flattenSklearnForest(dump));
    expect(Array.from(forest.voteShares([0, 0]))).toEqual([0.125, 0.5, 0.375]);
    const tied = { ...dump, trees: [leaf([0, 0.5, 0.5]), leaf([0, 0.5, 0.5])] };
    expect(compileFlatForest(flattenSklearnForest(tied)).predict([0, 0])).toBe(1);
    expect(compileFlatForest(flattenSklearnForest(tied)).predictBatch([[0, 0]])[0]).toBe(1);
  });

  it('lays trees out in preorder and stores each distinct leaf distribution once', () => {
    const dump = randomDump(4, 30, 4, 3);
    const flat = flattenSklearnForest(dump);
    const leaves = dump.trees.reduce((n, t) => n + t.children_left.filter((c) => c === -1).length, 0);
    const rows = (flat.distributions as Float64Array).length / 3;
    expect(rows).toBeLessThan(leaves);
    expect(
      new Set(Array.from({ length: rows }, (_, r) => flat.distributions?.subarray(3 * r, 3 * r + 3).join()))
        .size,
    ).toBe(rows);
    const { i32 } = nodeViews(flat.nodes);
    // Every split's right child comes after its left subtree.
    for (let i = 0; i < i32.length / 4; i++)
      if ((i32[4 * i + 2] as number) >= 0) expect(i32[4 * i + 3]).toBeGreaterThan(i + 1);
  });
});

describe('the version 3 artifact', () => {
  const dump = randomDump(5, 12, 4, 3);
  const flat = flattenSklearnForest(dump);
  const bytes = encodeArtifact(softCard(dump), flat);
  const header = new DataView(bytes.buffer, bytes.byteOffset, headerBytes);

  it('carries the distributions after the nodes, and reads back to the same forest', () => {
    expect(header.getUint32(8, true)).toBe(3);
    expect(header.getUint32(44, true)).toBe(flat.distributions?.length);
    const { forest } = decodeArtifact(bytes);
    expect(Array.from(forest.distributions ?? [])).toEqual(Array.from(flat.distributions ?? []));
    expect(forest.nodes).toEqual(flat.nodes);
    expect(encodeArtifact(softCard(dump), flat)).toEqual(bytes);
  });

  it('leaves forests forestfn trains at version 2, byte for byte', () => {
    const native = testArtifact({
      rows: 60,
      columns: 3,
      classes: 2,
      seed: 1,
      options: { nEstimators: 3, seed: 1 },
    });
    expect(new DataView(native.bytes.buffer, native.bytes.byteOffset).getUint32(8, true)).toBe(2);
    expect(decodeArtifact(native.bytes).forest.distributions).toBeUndefined();
  });

  /** The message decoding a crafted copy (hash recomputed) gives. */
  const refusal = (edit: (view: DataView, copy: Uint8Array) => void) => {
    const copy = bytes.slice();
    edit(new DataView(copy.buffer), copy);
    copy.set(new TextEncoder().encode(artifactVersion(copy)), 16);
    try {
      decodeArtifact(copy);
    } catch (error) {
      expect(error).toBeInstanceOf(ArtifactFormatError);
      return (error as Error).message;
    }
    throw new Error('expected a refusal');
  };
  const distributionsAt = bytes.byteLength - 8 * (flat.distributions?.length ?? 0);
  const nodesAt = distributionsAt - flat.nodes.byteLength;

  it('refuses crafted distributions and leaves that point past them', () => {
    expect(refusal((view) => view.setFloat64(distributionsAt, 1.5, true))).toMatch(
      /leaf distribution 0: expected class shares from 0 to 1/,
    );
    expect(refusal((view) => view.setFloat64(distributionsAt + 8, Number.NaN, true))).toMatch(/class shares/);
    const { i32 } = nodeViews(flat.nodes);
    const leaf = Array.from({ length: i32.length / 4 }, (_, i) => i).find(
      (i) => i32[4 * i + 2] === -1,
    ) as number;
    expect(refusal((view) => view.setInt32(nodesAt + 16 * leaf + 12, 10_000, true))).toMatch(
      /expected a leaf distribution row from 0 to/,
    );
  });

  it('cannot be exported as ml-random-forest JSON, which has no soft vote', () => {
    expect(() => exportForest(decodeArtifact(bytes))).toThrow(/soft-voting forest/);
  });
});

describe('parseSklearnDump refuses', () => {
  const good = randomDump(6, 2, 3, 2);
  const refusal = (edit: (dump: SklearnDump) => void) => {
    const dump = structuredClone(good);
    edit(dump);
    return () => parseSklearnDump(JSON.stringify(dump), 'd.json');
  };
  it.each<[string, (dump: SklearnDump) => void, RegExp]>([
    [
      'another format',
      (d) => Object.assign(d, { format: 'x' }),
      /d\.json: is not a scikit-learn dump of this version/,
    ],
    ['a repeated feature', (d) => d.features.splice(1, 1, 'x0'), /feature "x0" appears twice/],
    ['a reserved name', (d) => d.features.splice(0, 1, '__proto__'), /cannot name a feature/],
    ['a single class', (d) => Object.assign(d, { labels: ['a'], classes: ['a'] }), /at least two classes/],
    [
      'a cycle',
      (d) => {
        (d.trees[0] as SklearnTree).children_right[0] = 0;
      },
      /tree 0, node 0: children must be node ids/,
    ],
    [
      'a node reached twice',
      (d) => {
        const t = d.trees[0] as SklearnTree;
        t.children_right[0] = t.children_left[0] as number;
      },
      /reached twice/,
    ],
    [
      'a leaf without shares',
      (d) => {
        const t = d.trees[1] as SklearnTree;
        t.leaf_proba[t.children_left.indexOf(-1)] = null;
      },
      /a leaf needs leaf_proba with 2 shares/,
    ],
    [
      'a feature out of range',
      (d) => {
        (d.trees[0] as SklearnTree).feature[0] = 3;
      },
      /splits on feature 3, not one of the 3 features/,
    ],
    [
      'a non-finite threshold',
      (d) => {
        (d.trees[0] as SklearnTree).threshold[0] = Number.NaN;
      },
      /threshold must be a finite number/,
    ],
  ])('%s', (_, edit, message) => {
    expect(refusal(edit)).toThrow(message);
  });
});
