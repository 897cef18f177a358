// `pnpm train [--config path] [--out path]`: trains the model model.config.json describes and writes the
// artifact (default artifacts/model.bin) and its card alone beside it (model-card.json), for CI artifacts
// and release baselines.
import { isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ConfigError,
  DataError,
  SklearnDumpError,
  SpecError,
  type TrainOptions,
  type TrainToFileResult,
  trainToFile,
} from '../packages/model/src/index.js';
import { parseCli } from './cli.js';

const usage = 'usage: pnpm train [--config model.config.json] [--out artifacts/model.bin]';

/** Stage lines and tree progress on stderr, only for a person watching a terminal. */
function terminalProgress(): Pick<TrainOptions, 'onProgress' | 'onStage'> {
  if (!process.stderr.isTTY) return {};
  return {
    onStage: (message) => process.stderr.write(`· ${message}\n`),
    onProgress: (done, total) =>
      process.stderr.write(`\r  trees ${done}/${total}${done === total ? '\n' : ''}`),
  };
}

async function main(args: string[]): Promise<void> {
  const values = parseCli(args, { config: { type: 'string' }, out: { type: 'string' } }, usage);
  if (!values) return;
  let result: TrainToFileResult;
  try {
    result = await trainToFile({
      ...(typeof values.config === 'string' ? { configPath: values.config } : {}),
      ...(typeof values.out === 'string' ? { outPath: values.out } : {}),
      ...terminalProgress(),
    });
  } catch (error) {
    if (
      error instanceof ConfigError ||
      error instanceof SpecError ||
      error instanceof DataError ||
      error instanceof SklearnDumpError
    ) {
      console.error(`training failed: ${error.message}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
  const { card, seconds, bytes } = result;
  const shown = (path: string) => {
    const inside = relative(process.cwd(), path);
    return inside === '' || inside.startsWith('..') || isAbsolute(inside) ? path : inside;
  };
  console.log(
    `trained ${card.name} ${card.version} in ${seconds.toFixed(2)} s: holdout accuracy ${card.metrics.accuracy}, macro F1 ${card.metrics.macroF1} (${card.metrics.holdoutRows} rows)`,
  );
  console.log(
    `wrote ${shown(result.artifactPath)} (${(bytes / 1024).toFixed(1)} KiB) and ${shown(result.cardPath)}`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
