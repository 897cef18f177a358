// `pnpm start`: serves the API on this machine, training the model first when there is none.
// PORT (default 7071), HOST (default 127.0.0.1), FORESTFN_API_KEY and FORESTFN_ARTIFACT configure it.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, DataError, defaultArtifactPath, ModelLoadError, SpecError } from '@forestfn/model';
import { train } from '../../scripts/train.js';
import { type LocalServer, startLocalServer } from './local.js';

/** Errors that are the user's to fix: print the message (it says what to do), not a stack. */
const isUserError = (error: unknown): error is Error =>
  error instanceof ModelLoadError ||
  error instanceof ConfigError ||
  error instanceof SpecError ||
  error instanceof DataError;

function portFrom(value: string | undefined): number {
  const port = Number(value ?? 7071);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be 0-65535, got ${value}`);
  return port;
}

async function main(): Promise<LocalServer> {
  const artifactPath = resolve(process.env.FORESTFN_ARTIFACT || defaultArtifactPath);
  if (!existsSync(artifactPath)) {
    console.log(`No model at ${artifactPath}: training one first (as \`pnpm train\` does).`);
    const { card, seconds } = await train({ outPath: artifactPath });
    console.log(
      `Trained ${card.name} ${card.version} in ${seconds.toFixed(2)} s (holdout accuracy ${card.metrics.accuracy}).`,
    );
  }
  const apiKey = process.env.FORESTFN_API_KEY || undefined;
  const server = await startLocalServer({
    port: portFrom(process.env.PORT),
    ...(process.env.HOST ? { host: process.env.HOST } : {}),
    ...(apiKey ? { apiKey } : {}),
    artifactPath,
    log: true,
  });
  const keyHeader = apiKey ? ` -H "x-functions-key: $FORESTFN_API_KEY"` : '';
  console.log(`forestfn is listening on ${server.url} (model ${artifactPath})`);
  console.log(
    `Try: curl -s ${server.url}/api/predict -H 'content-type: application/json'${keyHeader} -d '[[5.1, 3.5, 1.4, 0.2]]'`,
  );
  return server;
}

try {
  const server = await main();
  const stop = (signal: NodeJS.Signals) => {
    console.log(`${signal}: closing`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} catch (error) {
  if (!isUserError(error)) throw error;
  console.error(error.message);
  process.exit(1);
}
