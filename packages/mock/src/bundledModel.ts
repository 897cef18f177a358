import { type ModelCard, parseModel } from '@forestfn/model';
import { artifactBytes } from './bundledArtifact.js';

/** The bundled model, verified against its content hash once, when the package is first imported. */
export const bundledModel = parseModel(artifactBytes, '@forestfn/mock (bundled model artifact)');

/** The model card of the bundled model: what `GET /api/model` answers. */
export const modelCard: ModelCard = bundledModel.card;

/** The bundled model's version (content hash of its artifact); a deployment of the same artifact answers the same `x-model-version`. */
export const modelVersion: string = bundledModel.card.version;
