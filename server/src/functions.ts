// The Azure Functions entry point (Node.js v4 programming model), bundled to CommonJS by
// scripts/package.ts. One function per API route, each a thin adapter over the shared service.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, type HttpHandler, type HttpMethod } from '@azure/functions';
import { artifactFileName, defaultArtifactPath, loadModelSync } from '@forestfn/model';
import { createService, type OperationId, parseCorsOrigins } from '@forestfn/service';
import { docsFolder, rendererFilesIn, rendererPackageDir } from './docsAssets.js';
import { toAzureHandler } from './toAzureHandler.js';

// In the bundle (CommonJS) __filename is functions.js and model.bin ships beside it; run from the
// TypeScript source, the model is the repo's build output. FORESTFN_ARTIFACT overrides both.
const modulePath = typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
const artifactPath =
  process.env.FORESTFN_ARTIFACT ||
  (modulePath.endsWith('.ts') ? defaultArtifactPath : join(dirname(modulePath), artifactFileName));

// Loaded once per process; a missing, corrupt or tampered artifact throws here, so the app never starts.
const model = loadModelSync(artifactPath);

// The API reference's renderer (Swagger UI) ships in the zip's docs/ folder; from source, the installed
// package. Read when /api/docs is first asked for, not at start-up.
const docsDir = modulePath.endsWith('.ts') ? rendererPackageDir() : join(dirname(modulePath), docsFolder);

// The commit `pnpm package` built this bundle from: esbuild writes it in place of the expression, so an
// app setting cannot change it. Run from source, the variable is normally unset (no commit reported).
const commit = process.env.FORESTFN_BUILD_COMMIT || undefined;

// Azure checks the function key itself for authLevel 'function'; the service's own check is for hosts
// without that (or defence in depth when FORESTFN_API_KEY is set).
const service = createService({
  model,
  apiKey: process.env.FORESTFN_API_KEY || undefined,
  build: commit === undefined ? undefined : { commit },
  // An app setting; a value that is not a list of origins throws here, so the app never starts.
  corsOrigins: parseCorsOrigins(process.env.FORESTFN_CORS_ORIGINS),
  docsAssets: rendererFilesIn(docsDir),
  log: (entry) => {
    if (entry.error !== undefined)
      console.error(`${entry.method} ${entry.path} ${entry.status} ${entry.requestId}`, entry.error);
  },
});

/** The Azure handlers by operationId, exported so they can be called without the Functions host. */
export const handlers = Object.fromEntries(
  service.routes.map(({ operationId }) => [operationId, toAzureHandler(service.handlers[operationId])]),
) as Record<OperationId, HttpHandler>;

// Every method is registered on every route, and a catch-all takes unknown paths, so that wrong
// methods and unknown routes get the service's problem+json 405/404 rather than the host's empty 404.
const allMethods: HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
// But not OPTIONS on a keyed route: the host checks the key before the function runs, and a CORS
// preflight never carries one (browsers send none), so the host would refuse it with 401. Its OPTIONS
// falls through to the anonymous catch-all, whose service answers the preflight (or 405) for that route.
const keyedMethods = allMethods.filter((method) => method !== 'OPTIONS');

/**
 * What is registered with app.http, one function per route. host.json's routePrefix is "" so that the
 * Open Inference Protocol's /v2 routes exist beside /api: each route is the spec's path without its "/".
 */
export const registrations = service.routes.map((route) => ({
  name: route.operationId,
  route: route.path.slice(1),
  methods: route.auth === 'function' ? keyedMethods : allMethods,
  authLevel: route.auth,
}));

/**
 * Answers any other path with the service's 404. The Functions host tries functions in the
 * order of their names and the first route template that matches wins (azure-functions-host issues 9876
 * and 3153), so this anonymous catch-all can be handed a keyed route: it then refuses (fail closed,
 * `service.fallback`) rather than answer without the host's key check. It is also named so that it sorts
 * after every operation, so that in the host's order the keyed functions see their routes first.
 */
export const notFound: HttpHandler = toAzureHandler(service.fallback);
// Function names are [A-Za-z][A-Za-z0-9_-]*; compared case-insensitively, "_" sorts after every letter.
export const catchAllName = 'z_notFound';

// The body arrives as a stream (host 4.28+), so the service's size limit stops reading it: without this
// the worker is handed the whole body, up to the host's own limit (100 MB), before the handler runs.
app.setup({ enableHttpStream: true });
for (const { name, ...options } of registrations) app.http(name, { ...options, handler: handlers[name] });
app.http(catchAllName, { route: '{*path}', methods: allMethods, authLevel: 'anonymous', handler: notFound });

/** The model being served (name and version), for logs and tests. */
export const modelIdentity = { name: model.card.name, version: model.card.version };
