/**
 * A feature in model order, with the range of values the model saw in the training rows. A categorical
 * feature also lists its categories: the model sees category i as the number i, so its `min` and `max`
 * are the smallest and largest category index seen in training.
 */
export interface FeatureStats {
  name: string;
  min: number;
  max: number;
  /** The categories of a categorical feature, in the spec's enum order; absent for a numeric one. */
  categories?: string[];
}

/** Holdout quality of one class. */
export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** What the model is, what it was trained on and how well it did; the spec's `ModelCard` schema. */
export interface ModelCard {
  name: string;
  /** 16 lowercase hex characters: the content hash of the artifact (see `artifactVersion`). */
  version: string;
  target: string;
  features: FeatureStats[];
  labels: string[];
  metrics: {
    accuracy: number;
    macroF1: number;
    holdoutRows: number;
    perClass: Record<string, ClassMetrics>;
    /** Rows are the true labels, columns the predicted ones, both in `labels` order. */
    confusionMatrix: number[][];
  };
  featureImportance: Record<string, number>;
  hyperparameters: Record<string, unknown>;
  dataset: { path: string; sha256: string; rows: number; trainRows: number };
  /**
   * What grew the forest and the library whose predictions it reproduces: forestfn's own trainer
   * (compatible with ml-random-forest), or for an imported model the library that fitted it.
   */
  trainer: { library: string; version: string; compatibleWith: string };
  /** Where an imported model came from (`pnpm adopt --sklearn`); absent for a forest forestfn trained. */
  importedFrom?: ModelImport;
}

/** The provenance of a forest fitted elsewhere and imported as it is. */
export interface ModelImport {
  /** The library that fitted it, as `name@version` (e.g. "scikit-learn@1.2.1"). */
  library: string;
  /** Its class as Python names it (e.g. "sklearn.ensemble._forest.RandomForestClassifier"). */
  estimator: string;
  /** The pickled model the dump was exported from: its file name and SHA-256. */
  model: { file: string; sha256: string };
  /** The dump the artifact was built from: its path in the repository and SHA-256. */
  dump: { path: string; sha256: string };
  /** Where the feature names came from: the model's `feature_names_in_`, or a CSV's header. */
  featureNames: 'feature_names_in_' | 'csv';
  /**
   * How it predicts: "soft", scikit-learn's `predict_proba` (the mean of the trees' leaf class
   * distributions) and `predict` (the first most probable class).
   */
  voting: 'soft';
}

/** One row's prediction. */
export interface Prediction {
  /**
   * The majority vote of the trees; on a split vote, the first class to reach the maximum. For an
   * imported (soft-voting) forest: the first most probable class, as scikit-learn's `predict`.
   */
  label: string;
  /** Index of `label` in `card.labels`. */
  labelIndex: number;
  /**
   * Share of trees voting for each label, keyed by label in `card.labels` order; sums to 1. For an
   * imported forest: the mean of the trees' leaf class distributions, as scikit-learn's `predict_proba`.
   */
  probabilities: Record<string, number>;
}

/** A verified model, ready to serve. */
export interface Model {
  readonly card: ModelCard;
  /** Predicts each row; a row holds the feature values in `card.features` order. */
  predict(rows: ReadonlyArray<ArrayLike<number>>): Prediction[];
}
