const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isText = (v: unknown): v is string => typeof v === 'string';

/** The first thing wrong with a card's shape (what prediction and serving rely on), if any. */
export function cardProblem(card: Record<string, unknown>): string | undefined {
  for (const key of ['name', 'version', 'target'] as const)
    if (!isText(card[key])) return `card.${key} is not a string`;
  const { features, labels, metrics } = card;
  if (!Array.isArray(features) || features.length === 0) return 'card.features is not a non-empty array';
  const badFeature = features.findIndex(
    (f) => !isRecord(f) || !isText(f.name) || !isNumber(f.min) || !isNumber(f.max),
  );
  if (badFeature >= 0) return `card.features[${badFeature}] is not {name, min, max}`;
  if (!Array.isArray(labels) || labels.length === 0 || !labels.every(isText))
    return 'card.labels is not a list of labels';
  if (new Set(labels).size !== labels.length) return 'card.labels lists a label twice';
  if (!isRecord(metrics) || !isNumber(metrics.accuracy) || !isNumber(metrics.macroF1)) {
    return 'card.metrics lacks accuracy and macroF1';
  }
  for (const key of ['featureImportance', 'hyperparameters', 'dataset', 'trainer'] as const) {
    if (!isRecord(card[key])) return `card.${key} is not an object`;
  }
  const imported = card.importedFrom;
  if (
    imported !== undefined &&
    !(
      isRecord(imported) &&
      isText(imported.library) &&
      isText(imported.estimator) &&
      isRecord(imported.model) &&
      isText(imported.model.file) &&
      isText(imported.model.sha256) &&
      isRecord(imported.dump) &&
      isText(imported.dump.path) &&
      isText(imported.dump.sha256)
    )
  )
    return 'card.importedFrom is not {library, estimator, model, dump}';
  return undefined;
}
