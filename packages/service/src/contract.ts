// What the service reads from the spec, in one place, so handlers never hard-code a name or a limit.
import { spec } from './generated/spec.js';

/** Every operation the service implements, by its operationId in the spec. */
export const operationIds = [
  'predict',
  'getModel',
  'health',
  'getOpenApi',
  'getDocs',
  'getDocsAsset',
  'v2ServerMetadata',
  'v2ServerLive',
  'v2ServerReady',
  'v2ModelMetadata',
  'v2ModelVersionMetadata',
  'v2ModelReady',
  'v2ModelVersionReady',
  'v2ModelInfer',
  'v2ModelVersionInfer',
] as const;

export type OperationId = (typeof operationIds)[number];

export interface RouteSpec {
  readonly operationId: OperationId;
  readonly path: string;
  readonly methods: readonly string[];
  /** 'function' when the operation has security requirements (it then needs the key). */
  readonly auth: 'function' | 'anonymous';
}

const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface OperationObject {
  operationId?: string;
  security?: readonly unknown[];
}

function routesFromSpec(): RouteSpec[] {
  const byPath = new Map<string, { operationId: OperationId; methods: string[]; auth: RouteSpec['auth'] }>();
  for (const [path, item] of Object.entries(spec.paths as Record<string, Record<string, OperationObject>>)) {
    for (const method of httpMethods) {
      const operation = item[method];
      if (!operation) continue;
      const operationId = operationIds.find((id) => id === operation.operationId);
      if (!operationId)
        throw new Error(`spec: ${method.toUpperCase()} ${path} has no implemented operationId`);
      const auth = (operation.security ?? []).length > 0 ? 'function' : 'anonymous';
      const route = byPath.get(path);
      // One handler per path: a second method on a path must belong to the same operation.
      if (route && route.operationId !== operationId) {
        throw new Error(`spec: ${path} maps to two operations, ${route.operationId} and ${operationId}`);
      }
      if (route) route.methods.push(method.toUpperCase());
      else byPath.set(path, { operationId, methods: [method.toUpperCase()], auth });
    }
  }
  const routes = [...byPath].map(([path, route]) => ({ ...route, path }));
  for (const id of operationIds) {
    if (!routes.some((route) => route.operationId === id)) throw new Error(`spec: no path for ${id}`);
  }
  return routes;
}

/** The API's routes as the spec declares them. */
export const routes: readonly RouteSpec[] = Object.freeze(
  routesFromSpec().map((route) => Object.freeze(route)),
);

/** A route and the values of its path parameters (`{asset}` in `/api/docs/{asset}`). */
export interface RouteMatch {
  readonly route: RouteSpec;
  readonly params: Readonly<Record<string, string>>;
}

/** Matches a path against a spec path: a `{name}` segment takes one non-empty segment, the rest is literal. */
function matchPath(template: string, path: string): Record<string, string> | undefined {
  if (!template.includes('{')) return template === path ? {} : undefined;
  const parts = template.split('/');
  const segments = path.split('/');
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i] as string;
    const segment = segments[i] as string;
    const name = /^\{([^}]+)\}$/.exec(part)?.[1];
    if (name === undefined) {
      if (part !== segment) return undefined;
      continue;
    }
    if (segment === '') return undefined;
    try {
      params[name] = decodeURIComponent(segment);
    } catch {
      return undefined;
    }
  }
  return params;
}

/** The route a request path belongs to, as every host routes (exact paths; a parameter is one segment). */
export function matchRoute(path: string): RouteMatch | undefined {
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (params) return { route, params };
  }
  return undefined;
}

/** Cross-origin calls from browsers (CORS): what the service tells an allowed origin (spec: x-forestfn.cors). */
export const corsSpec: {
  readonly exposeHeaders: readonly string[];
  readonly maxAgeSeconds: number;
} = spec['x-forestfn'].cors;

/** Feature names in model order: the order of `Instance`'s properties, which is also a row's order. */
export const featureNames: readonly string[] = Object.keys(spec.components.schemas.Instance.properties);

/** The categories of a categorical (string enum) feature, in encoding order; undefined for a number. */
export function categoriesOf(name: string): readonly string[] | undefined {
  const schema = (
    spec.components.schemas.Instance.properties as Record<string, { enum?: readonly string[] }>
  )[name];
  return schema?.enum;
}

/** Class labels in model order. */
export const labels: readonly string[] = spec.components.schemas.Label.enum;

/** Most rows one prediction request may carry: the smaller of the two request forms' `maxItems`. */
export const maxRows: number = Math.min(
  spec.components.schemas.PredictRequest.properties.instances.maxItems,
  spec.components.schemas.PredictRowsRequest.maxItems,
);

/** Whether a path belongs to the Open Inference Protocol (`/v2` and below), whose errors are its own. */
export const isOpenInferencePath = (path: string): boolean => path === '/v2' || path.startsWith('/v2/');

/** Largest request body read, in bytes. */
export const maxBodyBytes: number = spec['x-forestfn'].maxBodyBytes;

/** A caller's request id is echoed only when it matches this. */
export const requestIdPattern = new RegExp(spec.components.parameters.RequestId.schema.pattern);

/** The schemas a predict body may match, as `$ref`s into the spec (one per request form). */
export const predictBodyRefs: readonly string[] = spec.paths['/api/predict'].post.requestBody.content[
  'application/json'
].schema.oneOf.map((branch) => branch.$ref);
