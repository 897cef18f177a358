export { artifactFormat, artifactVersion, type ModelArtifact, serializeArtifact } from './artifact.js';
export { checkForest, ForestFormatError } from './checkForest.js';
export {
  ConfigError,
  type ForestHyperparameters,
  type GateThresholds,
  type ModelConfig,
  parseConfig,
  readConfig,
  type TreeOptions,
} from './config.js';
export { type CsvCell, type CsvRecord, type CsvTable, DataError, parseCsv } from './csv.js';
export { type Dataset, parseDataset } from './dataset.js';
export { type CompiledForest, compileForest, trainForest } from './fast/index.js';
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
export { featureImportance } from './importance.js';
export { loadModel, ModelLoadError, parseModel } from './load.js';
export { loadModelSync } from './loadModelSync.js';
export { evaluate, round4 } from './metrics.js';
export { defaultArtifactPath, defaultConfigPath, defaultReportPath, repoRoot } from './paths.js';
export { createRandom } from './prng.js';
export { type ReportInput, renderFailureReport, renderReport } from './report.js';
export { parseSpecSchema, readSpecSchema, SpecError, type SpecSchema } from './spec.js';
export { type Split, stratifiedSplit } from './split.js';
export { type TrainOptions, type TrainResult, trainFromConfig } from './train.js';
export type { ClassMetrics, FeatureStats, Model, ModelCard, Prediction } from './types.js';
