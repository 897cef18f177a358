// The rest of adopt writes files (node:fs): it is `@forestfn/model/adopt`, so this index stays portable
// (the mock bundles it for browsers).
export { deriveSpec, deriveSpecText } from './adopt/derive.js';
export { canonicalOrder, type FeatureColumn, summarizeTable, type TableSummary } from './adopt/table.js';
export {
  artifactFormat,
  artifactLayout,
  artifactMagic,
  artifactVersion,
  encodeArtifact,
  type ModelArtifact,
  softVoteFormatVersion,
} from './artifact.js';
export { checkFlatForest } from './checkFlatForest.js';
export { checkForest, ForestFormatError } from './checkForest.js';
export {
  ConfigError,
  type ForestHyperparameters,
  type GateThresholds,
  type ModelConfig,
  type ModelImportSource,
  maxFeaturesProblem,
  type PerSplitHyperparameters,
  type PerTreeHyperparameters,
  parseConfig,
  readConfig,
  type TreeOptions,
} from './config.js';
export { type CsvCell, type CsvRecord, type CsvTable, DataError, parseCsv } from './csv.js';
export { checkWidth, type Dataset, headerNames, parseDataset, parseDecimal } from './dataset.js';
export { ArtifactFormatError, decodeArtifact } from './decodeArtifact.js';
export { adoptDefaults } from './defaults.js';
export { exportForest } from './exportForest.js';
export {
  type CompiledForest,
  compileFlatForest,
  compileForest,
  type FlatForest,
  flattenForest,
  nodeBytes,
  trainForest,
} from './fast/index.js';
export {
  type ForestJson,
  type ForestTrainer,
  fitForest,
  fitForestWithLibrary,
  forestOptions,
  type ProgressCallback,
  type TreeNodeJson,
} from './forest.js';
export { type BaselineCard, checkGate, type GateCheck, type GateResult } from './gate.js';
export { type Holdout, type HoldoutSchema, holdoutTarget, readHoldout } from './holdout.js';
export { featureImportance } from './importance.js';
export { loadArtifact, loadModel, ModelLoadError, parseArtifact, parseModel } from './load.js';
export { loadModelSync } from './loadModelSync.js';
export { evaluate, round4 } from './metrics.js';
export {
  artifactFileName,
  defaultArtifactPath,
  defaultConfigPath,
  defaultReportPath,
  repoRoot,
} from './paths.js';
export { createRandom } from './prng.js';
export { type ReportInput, renderFailureReport, renderReport } from './report.js';
export {
  parseSklearnDump,
  type SklearnDump,
  SklearnDumpError,
  type SklearnTree,
  sklearnDumpFormat,
} from './sklearn/dump.js';
export { flattenSklearnForest } from './sklearn/flatten.js';
export {
  buildImportedModel,
  type ImportInputs,
  type ImportResult,
  sklearnHyperparameters,
} from './sklearn/importModel.js';
export { float32Boundary } from './sklearn/threshold.js';
export { featureRef, parseSpecSchema, readSpecSchema, SpecError, type SpecSchema } from './spec.js';
export { type Split, stratifiedSplit } from './split.js';
export { type TrainOptions, type TrainResult, trainFromConfig } from './train.js';
export { cardPathFor, type TrainToFileOptions, type TrainToFileResult, trainToFile } from './trainToFile.js';
export type { ClassMetrics, FeatureStats, Model, ModelCard, ModelImport, Prediction } from './types.js';
