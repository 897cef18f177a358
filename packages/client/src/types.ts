// Names for the spec's schemas, so consumers never spell `components['schemas'][...]` themselves.
import type { components } from './generated/openapi.js';

type Schemas = components['schemas'];

/** One row's named features; a misspelt, missing or extra feature is a compile error. */
export type Instance = Schemas['Instance'];
/** One row's feature values in the spec's feature order (the seed-compatible form). */
export type FeatureRow = Schemas['FeatureRow'];
/** A class the model predicts. */
export type Label = Schemas['Label'];
/** The share of trees voting for each class. */
export type Probabilities = Schemas['Probabilities'];
/** One prediction: the label and the class probabilities. */
export type Prediction = Schemas['Prediction'];
/** The name and content-hash version of the model that answered. */
export type ModelIdentity = Schemas['ModelIdentity'];
/** The answer to `predict`: the model's identity and one prediction per instance, in order. */
export type PredictResponse = Schemas['PredictResponse'];
/** What the model is, what it was trained on and how well it did on the holdout. */
export type ModelCard = Schemas['ModelCard'];
/** The answer to `health`. */
export type Health = Schemas['Health'];
/** RFC 9457 problem details, as every error response carries them. */
export type Problem = Schemas['Problem'];
/** One offending field of a request: a JSON pointer into the body and a code. */
export type FieldError = Schemas['FieldError'];
/** The machine-readable reason of a field error. */
export type ErrorCode = Schemas['ErrorCode'];
