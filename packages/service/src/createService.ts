import type { Model, ModelCard } from '@forestfn/model';
import {
  categoriesOf,
  featureNames,
  isOpenInferencePath,
  labels,
  matchRoute,
  maxBodyBytes,
  maxRows,
  type OperationId,
  operationIds,
  type RouteMatch,
  type RouteSpec,
  routes,
} from './contract.js';
import { createCors } from './cors.js';
import { createDocs, type ReadRendererFile } from './docs.js';
import { spec } from './generated/spec.js';
import { keyMatches } from './keyMatches.js';
import { createOpenInference, InferenceError } from './openInference.js';
import { createPredictValidator } from './predictValidator.js';
import { bodyProblem, HttpProblem } from './problem.js';
import { BodyTooLarge, readBody } from './readBody.js';
import { requestIdFor } from './requestId.js';

/** One line per answered request. `error` is set when the service failed (a 500). */
export interface LogEntry {
  method: string;
  path: string;
  status: number;
  ms: number;
  requestId: string;
  error?: unknown;
}

export interface ServiceOptions {
  /** The model to serve, loaded once by the host. */
  model: Model;
  /** When set, predict and getModel need it (header x-functions-key or query `code`). */
  apiKey?: string | undefined;
  /** Largest body read, in bytes; defaults to the spec's x-forestfn.maxBodyBytes. */
  maxBodyBytes?: number;
  /** Called once per request, after the response is built. */
  log?: (entry: LogEntry) => void;
  /**
   * Browser origins allowed to call the API (CORS), e.g. `['https://app.example.com']`; hosts read them
   * from FORESTFN_CORS_ORIGINS (`parseCorsOrigins`). Default none: no CORS headers, preflights get 405.
   */
  corsOrigins?: readonly string[] | undefined;
  /**
   * Reads the API reference's renderer files (swagger-ui-dist) for GET /api/docs; without it the docs
   * routes answer 404. The host provides it so the service needs no file access.
   */
  docsAssets?: ReadRendererFile | undefined;
  /** The build being served: its commit is reported by health and in `x-build-commit`. */
  build?: { commit: string } | undefined;
}

export type Handler = (request: Request) => Promise<Response>;

export interface Service {
  /** Routes any request by path: unknown paths are 404 and unknown methods 405, as problem+json. */
  fetch: Handler;
  /**
   * Routes like `fetch`, for a host function that no key guards (a catch-all): a keyed operation that
   * reaches it is refused with 401, unless this service checks the key itself (`apiKey` is set).
   */
  fallback: Handler;
  /** One handler per operation (by operationId); each answers 405 for a method it does not have. */
  handlers: Record<OperationId, Handler>;
  /** Adds the CORS headers this service adds to its own answers to another answer (a host's own failure). */
  applyCors(request: Request, headers: Headers): void;
  /** The routes as the spec declares them; `auth: 'function'` routes need the key when one is set. */
  routes: ReadonlyArray<{
    operationId: OperationId;
    path: string;
    methods: readonly string[];
    auth: 'function' | 'anonymous';
  }>;
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((value, index) => value === b[index]);

/** The model must take the spec's features and predict the spec's labels, both in the spec's order. */
function checkModelMatchesSpec(card: ModelCard): void {
  const features = card.features.map((feature) => feature.name);
  const fix =
    'Retrain it with `pnpm train` (the trainer reads the spec), or change spec/openapi.yaml to match.';
  if (!sameList(features, featureNames)) {
    throw new Error(
      `Model ${card.name}@${card.version} takes features [${features.join(', ')}] but the spec's Instance has [${featureNames.join(', ')}]. ${fix}`,
    );
  }
  // A categorical feature reaches the model as its index in the spec's enum, so both must list the same
  // categories in the same order.
  for (const feature of card.features) {
    const spec = categoriesOf(feature.name) ?? [];
    if (!sameList(feature.categories ?? [], spec)) {
      throw new Error(
        `Model ${card.name}@${card.version} encodes ${feature.name} as [${(feature.categories ?? []).join(', ')}] but the spec's Instance has [${spec.join(', ')}]. ${fix}`,
      );
    }
  }
  if (!sameList(card.labels, labels)) {
    throw new Error(
      `Model ${card.name}@${card.version} predicts labels [${card.labels.join(', ')}] but the spec's Label has [${labels.join(', ')}]. ${fix}`,
    );
  }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** application/json or a +json type, in UTF-8 (the only charset JSON may use between systems). */
function isJsonContentType(value: string | null): boolean {
  const [essence = '', ...parameters] = (value ?? '').split(';');
  const type = essence.trim().toLowerCase();
  if (type !== 'application/json' && !/^application\/[a-z0-9!#$&^_.-]+\+json$/.test(type)) return false;
  return parameters.every((parameter) => {
    const [name = '', charset = ''] = parameter.split('=').map((part) => part.trim().toLowerCase());
    return name !== 'charset' || ['utf-8', 'utf8', '"utf-8"'].includes(charset);
  });
}

const invalidJson = (errorDetail: string) =>
  bodyProblem(400, 'The body is not valid JSON.', 'invalid_json', errorDetail);

/** Answers that depend on the request body are never cached. */
const noStore: ReadonlySet<OperationId> = new Set(['predict', 'v2ModelInfer', 'v2ModelVersionInfer']);

/**
 * The Open Inference Protocol's error, `{"error": "..."}`, with the problem's status and headers (401's
 * challenge, 405's Allow).
 */
function openInferenceError(problem: HttpProblem | InferenceError): Response {
  if (problem instanceof InferenceError) return json(problem.status, { error: problem.message });
  const detail = problem.errors[0]?.detail;
  const error = detail && detail !== problem.message ? `${problem.message} ${detail}` : problem.message;
  return new Response(JSON.stringify({ error }), {
    status: problem.status,
    headers: { ...problem.headers, 'content-type': 'application/json' },
  });
}

/** The challenge a 401 carries (RFC 9110): the scheme is an API key, sent in the header it names. */
export const authenticateChallenge = 'ApiKey realm="forestfn", header="x-functions-key", query="code"';

/** Creates the API over a loaded model. Throws when the model does not fit the spec. */
export function createService(options: ServiceOptions): Service {
  const { model, apiKey, log } = options;
  const commit = options.build?.commit;
  const { card } = model;
  checkModelMatchesSpec(card);
  if (apiKey === '') throw new Error('apiKey is empty: leave it unset to serve without a key.');
  if (commit === '') throw new Error('build.commit is empty: leave build unset when it is not known.');
  const limit = options.maxBodyBytes ?? maxBodyBytes;
  if (!Number.isSafeInteger(limit) || limit <= 0)
    throw new Error(`maxBodyBytes must be a positive integer, got ${limit}.`);

  const cors = createCors(options.corsOrigins ?? []);
  const docs = createDocs(options.docsAssets);
  const validate = createPredictValidator();
  const v2 = createOpenInference({
    model,
    categories: featureNames.map(categoriesOf),
    maxRows,
    server: { name: 'forestfn', version: spec.info.version },
  });
  const identity = { name: card.name, version: card.version };
  // Answers that never change are serialised once; nothing a request does can alter them.
  const cardJson = JSON.stringify(card);
  const specJson = JSON.stringify(spec);
  const startedAt = performance.now();
  const decoder = new TextDecoder('utf-8', { fatal: true });

  /**
   * The body as text: at most `limit` bytes, valid UTF-8, not blank, and JSON by its Content-Type
   * unless `anyType`.
   */
  async function readJsonText(request: Request, anyType = false): Promise<string> {
    if (!anyType && !isJsonContentType(request.headers.get('content-type'))) {
      throw bodyProblem(
        415,
        'Send the body as application/json.',
        'unsupported_media_type',
        'Content-Type must be application/json (UTF-8).',
      );
    }
    let bytes: Uint8Array;
    try {
      bytes = await readBody(request, limit);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        throw bodyProblem(413, error.message, 'payload_too_large', `Send at most ${limit} bytes.`);
      }
      // The stream failed (e.g. the caller went away mid-body): the body is unusable, not our fault.
      throw invalidJson('The body could not be read completely.');
    }
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      throw invalidJson('The body is not valid UTF-8.');
    }
    if (text.trim() === '') throw bodyProblem(400, 'The body is empty.', 'empty_body', 'Send a JSON body.');
    return text;
  }

  async function predict(request: Request): Promise<Response> {
    const text = await readJsonText(request);
    const result = validate(text);
    if (!result.ok) {
      if (result.syntax) throw new HttpProblem(400, 'The body is not valid JSON.', result.errors);
      const shown = result.truncated ? ` Only the first ${result.errors.length} errors are listed.` : '';
      throw new HttpProblem(400, `The request body does not match the schema.${shown}`, result.errors);
    }
    const predictions = model.predict(result.body.rows);
    if (result.body.form === 'rows')
      return json(
        200,
        predictions.map((prediction) => prediction.label),
      );
    return json(200, {
      model: identity,
      predictions: predictions.map((prediction) => ({
        label: prediction.label,
        probabilities: Object.fromEntries(
          labels.map((label) => [label, prediction.probabilities[label] ?? 0]),
        ),
      })),
    });
  }

  const operations: Record<OperationId, (request: Request, match: RouteMatch) => Promise<Response>> = {
    predict,
    getModel: async () => new Response(cardJson, { headers: { 'content-type': 'application/json' } }),
    health: async () =>
      json(200, {
        status: 'ok',
        ready: true,
        model: identity,
        ...(commit === undefined ? {} : { commit }),
        uptimeSeconds: Math.round(performance.now() - startedAt) / 1000,
      }),
    getOpenApi: async () => new Response(specJson, { headers: { 'content-type': 'application/json' } }),
    getDocs: () => docs.page(),
    getDocsAsset: (request, match) => docs.asset(request, match.params.asset),
    v2ServerMetadata: async () => json(200, v2.serverMetadata()),
    v2ServerLive: async () => json(200, v2.serverLive()),
    v2ServerReady: async () => json(200, v2.serverReady()),
    v2ModelMetadata: async (_, { params }) => json(200, v2.modelMetadata(params.name ?? '')),
    v2ModelVersionMetadata: async (_, { params }) =>
      json(200, v2.modelMetadata(params.name ?? '', params.version ?? '')),
    v2ModelReady: async (_, { params }) => json(200, v2.modelReady(params.name ?? '')),
    v2ModelVersionReady: async (_, { params }) =>
      json(200, v2.modelReady(params.name ?? '', params.version ?? '')),
    v2ModelInfer: (request, match) => infer(request, match),
    v2ModelVersionInfer: (request, match) => infer(request, match),
  };

  async function infer(request: Request, { params }: RouteMatch): Promise<Response> {
    const name = params.name ?? '';
    // Another model is a 404 before the body is read.
    v2.modelReady(name, params.version);
    if (request.headers.has('inference-header-content-length')) {
      throw new InferenceError(400, 'The binary tensor data extension is not supported; send JSON tensors.');
    }
    // The protocol's body is JSON whatever the Content-Type says: its clients send none, or curl's
    // form type (Triton's examples use `curl -d`), and its servers read the body as JSON regardless.
    const text = await readJsonText(request, true);
    return json(200, v2.infer(text, name, params.version));
  }

  async function dispatch(
    request: Request,
    url: URL,
    match: RouteMatch | undefined,
    unguarded: boolean,
  ): Promise<Response> {
    if (!match) {
      throw bodyProblem(
        404,
        'There is no such route; the routes are listed at /api/openapi.json.',
        'not_found',
        'Unknown route.',
      );
    }
    const { route } = match;
    if (!route.methods.includes(request.method)) {
      const allowed = route.methods.join(', ');
      throw new HttpProblem(
        405,
        `This route accepts ${allowed}.`,
        [{ pointer: '', code: 'method_not_allowed', detail: `Use ${route.methods.join(' or ')}.` }],
        { allow: allowed },
      );
    }
    if (route.auth === 'function' && apiKey === undefined && unguarded) {
      // The host routed a keyed operation to a function it does not check a key for: fail closed.
      throw bodyProblem(
        401,
        'This operation needs the function key, and the function that received it cannot check one.',
        'unauthorized',
        'Call the operation on its own route with the function key.',
        { 'www-authenticate': authenticateChallenge },
      );
    }
    if (route.auth === 'function' && apiKey !== undefined) {
      const given = request.headers.get('x-functions-key') ?? url.searchParams.get('code');
      if (!keyMatches(given, apiKey)) {
        throw bodyProblem(
          401,
          'Send the function key as the x-functions-key header or the code query parameter.',
          'unauthorized',
          'Missing or wrong function key.',
          { 'www-authenticate': authenticateChallenge },
        );
      }
    }
    return operations[route.operationId](request, match);
  }

  async function serve(
    request: Request,
    match: RouteMatch | undefined,
    unguarded = false,
  ): Promise<Response> {
    const started = performance.now();
    const requestId = requestIdFor(request.headers);
    const url = new URL(request.url);
    const route = match?.route;
    let response: Response;
    let failure: { error: unknown } | undefined;
    // A preflight never carries the key (browsers send none), so it is answered before any key check.
    const preflight = route ? cors.preflight(request, route.methods) : undefined;
    // By the route the host chose when there is one (Azure matches paths case-insensitively).
    const openInference = isOpenInferencePath(route?.path ?? url.pathname);
    try {
      response = preflight ?? (await dispatch(request, url, match, unguarded));
    } catch (error) {
      let problem: HttpProblem | InferenceError;
      if (error instanceof HttpProblem || error instanceof InferenceError) problem = error;
      else {
        failure = { error };
        problem = bodyProblem(
          500,
          'The service failed to answer this request.',
          'internal',
          'Internal error.',
        );
      }
      response =
        openInference || problem instanceof InferenceError
          ? openInferenceError(problem)
          : problem.toResponse(requestId);
    }
    response.headers.set('x-request-id', requestId);
    response.headers.set('x-model-version', card.version);
    if (commit !== undefined) response.headers.set('x-build-commit', commit);
    if (route && noStore.has(route.operationId)) response.headers.set('cache-control', 'no-store');
    if (!preflight) cors.apply(request, response.headers);
    // The path only: the query may carry the key.
    log?.({
      method: request.method,
      path: url.pathname,
      status: response.status,
      ms: Math.round((performance.now() - started) * 1000) / 1000,
      requestId,
      ...failure,
    });
    return response;
  }

  const routeFor = (request: Request) => matchRoute(new URL(request.url).pathname);
  /** An operation's own handler: the host routed the request there, so it is that route whatever the path. */
  const handlerOf = (operationId: OperationId): Handler => {
    const route = routes.find((candidate) => candidate.operationId === operationId) as RouteSpec;
    return (request) => {
      const match = routeFor(request);
      return serve(request, match?.route === route ? match : { route, params: {} });
    };
  };
  return {
    fetch: (request) => serve(request, routeFor(request)),
    fallback: (request) => serve(request, routeFor(request), true),
    handlers: Object.fromEntries(operationIds.map((id) => [id, handlerOf(id)])) as Record<
      OperationId,
      Handler
    >,
    applyCors: (request, headers) => cors.apply(request, headers),
    routes,
  };
}
