// Trains the model model.config.json describes and writes the artifact and its card (model-card.json)
// beside it: what `pnpm train` and the local host's first start do.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { defaultArtifactPath } from './paths.js';
import { type TrainOptions, trainFromConfig } from './train.js';
import type { ModelCard } from './types.js';

export interface TrainToFileOptions extends Pick<TrainOptions, 'configPath' | 'onProgress' | 'onStage'> {
  /** Where to write the artifact; defaults to artifacts/model.bin. */
  outPath?: string;
}

export interface TrainToFileResult {
  artifactPath: string;
  cardPath: string;
  card: ModelCard;
  /** Artifact size in bytes. */
  bytes: number;
  /** Training time (everything but writing), in seconds. */
  seconds: number;
}

/** Where the card goes for an artifact path: `model.bin` -> `model-card.json`. */
export const cardPathFor = (artifactPath: string): string =>
  artifactPath.replace(/(\.[^./\\]*)?$/, '-card.json');

/** Trains and writes the artifact and its card. */
export async function trainToFile(options: TrainToFileOptions = {}): Promise<TrainToFileResult> {
  const { outPath, ...trainOptions } = options;
  const artifactPath = resolve(outPath ?? defaultArtifactPath);
  const started = performance.now();
  const { model, artifact } = await trainFromConfig(trainOptions);
  const seconds = (performance.now() - started) / 1000;
  const cardPath = cardPathFor(artifactPath);
  await mkdir(dirname(artifactPath), { recursive: true });
  await writeFile(artifactPath, artifact);
  await writeFile(cardPath, `${JSON.stringify(model.card, null, 2)}\n`);
  return { artifactPath, cardPath, card: model.card, bytes: artifact.byteLength, seconds };
}
