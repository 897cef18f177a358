// Request validation for predict, by Ajv validators compiled from the spec's own schemas at build time
// (`pnpm generate`). The body's JSON shape picks the request form (object -> typed, array -> rows), so a
// caller gets that form's errors instead of the noise of a oneOf that failed every branch.
import type { ErrorObject } from 'ajv';
import { featureNames, predictBodyRefs } from './contract.js';
import { spec } from './generated/spec.js';
import * as validators from './generated/validators.js';
import type { FieldError } from './problem.js';

/** An Ajv validation function as the generated module exports it. */
type ValidateFunction = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** At most this many field errors are reported for one request. */
export const maxFieldErrors = 20;

export type PredictBody = { form: 'typed'; rows: number[][] } | { form: 'rows'; rows: number[][] };

export type PredictValidation =
  | { ok: true; body: PredictBody }
  | { ok: false; errors: FieldError[]; total: number };

type JsonType = 'object' | 'array';

/** The schema a local `$ref` ("#/components/...") points to in the spec. */
function resolveRef(ref: string): Record<string, unknown> {
  let node: unknown = spec;
  for (const part of ref.replace(/^#\//, '').split('/')) {
    node = (node as Record<string, unknown> | undefined)?.[part.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  if (typeof node !== 'object' || node === null) throw new Error(`spec: ${ref} does not resolve`);
  return node as Record<string, unknown>;
}

const escapePointer = (token: string) => token.replaceAll('~', '~0').replaceAll('/', '~1');

function describeType(type: unknown): string {
  const names = (Array.isArray(type) ? type : [type]).map(String);
  return names.map((name) => (/^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`)).join(' or ');
}

/** One Ajv error as the spec's FieldError; undefined for combinator errors whose causes are reported. */
function toFieldError(error: ErrorObject): FieldError | undefined {
  const path = error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const name = String(params.missingProperty);
      return { pointer: `${path}/${escapePointer(name)}`, code: 'required', detail: `${name} is required.` };
    }
    case 'additionalProperties': {
      const allowed = Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
      return {
        pointer: `${path}/${escapePointer(String(params.additionalProperty))}`,
        code: 'unknown_field',
        detail: allowed.length > 0 ? `Unknown field; allowed: ${allowed.join(', ')}.` : 'Unknown field.',
      };
    }
    case 'type':
      return { pointer: path, code: 'invalid_type', detail: `Must be ${describeType(params.type)}.` };
    case 'minItems':
      return { pointer: path, code: 'too_few_items', detail: `Must have at least ${params.limit} items.` };
    case 'maxItems':
    case 'items':
      return { pointer: path, code: 'too_many_items', detail: `Must have at most ${params.limit} items.` };
    case 'oneOf':
    case 'anyOf':
    case 'if':
      return undefined;
    default:
      return {
        pointer: path,
        code: 'invalid_value',
        detail: `Does not satisfy the schema's ${error.keyword}.`,
      };
  }
}

/** Field errors in Ajv's order, one per pointer and code. */
function toFieldErrors(errors: readonly ErrorObject[]): FieldError[] {
  const seen = new Set<string>();
  const result: FieldError[] = [];
  for (const error of errors) {
    const field = toFieldError(error);
    if (!field) continue;
    const key = `${field.code} ${field.pointer}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(field);
  }
  return result;
}

function jsonTypeOf(value: unknown): JsonType | undefined {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object' && value !== null) return 'object';
  return undefined;
}

/**
 * Picks the generated validator of each request form; the returned function validates a parsed body and,
 * when it is valid, gives its feature rows in model order.
 */
export function createPredictValidator(): (body: unknown) => PredictValidation {
  const forms = new Map<JsonType, ValidateFunction>();
  for (const ref of predictBodyRefs) {
    const type = resolveRef(ref).type;
    if (type !== 'object' && type !== 'array')
      throw new Error(`spec: ${ref} is neither an object nor an array`);
    const validate = (validators as Record<string, ValidateFunction | undefined>)[ref.split('/').pop() ?? ''];
    if (!validate) throw new Error(`spec: no generated validator for ${ref}; run \`pnpm generate\``);
    forms.set(type, validate);
  }
  const typed = forms.get('object');
  const rows = forms.get('array');
  if (!typed || !rows) throw new Error('spec: predict needs an object form and an array form');

  return (body) => {
    const type = jsonTypeOf(body);
    if (type === undefined) {
      const detail = 'Must be an object ({"instances": [...]}) or an array of rows.';
      return { ok: false, errors: [{ pointer: '', code: 'invalid_type', detail }], total: 1 };
    }
    const validate = type === 'object' ? typed : rows;
    if (!validate(body)) {
      const errors = toFieldErrors(validate.errors ?? []);
      return { ok: false, errors: errors.slice(0, maxFieldErrors), total: errors.length };
    }
    if (type === 'array') return { ok: true, body: { form: 'rows', rows: body as number[][] } };
    const instances = (body as { instances: Record<string, number>[] }).instances;
    return {
      ok: true,
      body: {
        form: 'typed',
        rows: instances.map((instance) => featureNames.map((name) => instance[name] as number)),
      },
    };
  };
}
