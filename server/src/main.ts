// The local host's process: serves the API on this machine. `pnpm start` first trains a model when there
// is none and builds this file to JavaScript (prepareLocalHost.ts), then runs it with node.
// PORT (default 7071), HOST (default 127.0.0.1), FORESTFN_API_KEY, FORESTFN_ARTIFACT and
// FORESTFN_CORS_ORIGINS (comma-separated browser origins allowed to call the API) configure it.
import { resolve } from 'node:path';
import { defaultArtifactPath, ModelLoadError } from '@forestfn/model';
import { normaliseOrigin, parseCorsOrigins } from '@forestfn/service';
import { exampleCurl, exampleInferCurl } from './exampleRequest.js';
import { type LocalServer, startLocalServer } from './local.js';

function portFrom(value: string | undefined): number {
  const port = Number(value ?? 7071);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be 0-65535, got ${value}`);
  return port;
}

/** How long open requests get after SIGTERM; hosts wait a little longer before SIGKILL. */
const shutdownDeadlineMs = 3_000;

/** A setting the process cannot start with; its message says which and why, no stack needed. */
class SettingError extends Error {}

function corsOriginsFrom(value: string | undefined): string[] {
  try {
    return parseCorsOrigins(value).map(normaliseOrigin);
  } catch (error) {
    throw new SettingError((error as Error).message);
  }
}

async function main(): Promise<LocalServer> {
  const artifactPath = resolve(process.env.FORESTFN_ARTIFACT || defaultArtifactPath);
  const apiKey = process.env.FORESTFN_API_KEY || undefined;
  const corsOrigins = corsOriginsFrom(process.env.FORESTFN_CORS_ORIGINS);
  const server = await startLocalServer({
    port: portFrom(process.env.PORT),
    ...(process.env.HOST ? { host: process.env.HOST } : {}),
    ...(apiKey ? { apiKey } : {}),
    artifactPath,
    log: true,
    corsOrigins,
  });
  const keyHeader = apiKey ? ` -H "x-functions-key: $FORESTFN_API_KEY"` : '';
  console.log(`forestfn is listening on ${server.url} (model ${artifactPath})`);
  console.log(`API reference: ${server.url}/api/docs`);
  if (corsOrigins.length > 0) console.log(`Browsers may call it from: ${corsOrigins.join(', ')}`);
  const example = exampleCurl(server.url, keyHeader);
  if (example) console.log(`Try: ${example}`);
  const infer = exampleInferCurl(server.url, server.model.name, keyHeader);
  if (infer) console.log(`Or, as the Open Inference Protocol V2: ${infer}`);
  return server;
}

try {
  const server = await main();
  const stop = (signal: NodeJS.Signals) => {
    console.log(`${signal}: closing`);
    // Requests in flight are answered; a caller that stalls past the deadline does not keep us up.
    setTimeout(() => {
      console.error(`still busy ${shutdownDeadlineMs} ms after ${signal}: exiting anyway`);
      process.exit(0);
    }, shutdownDeadlineMs).unref();
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
  // A missing, corrupt or tampered model, or a bad setting: the message says what to do, no stack needed.
  if (!(error instanceof ModelLoadError || error instanceof SettingError)) throw error;
  console.error(error.message);
  process.exit(1);
}
