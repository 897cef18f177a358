// Request validation for predict, read from the spec's own schemas when the service starts. The body
// is validated while it is parsed (JsonReader), straight into feature rows, so that any body costs work
// linear in its bytes with a small constant: Ajv over JSON.parse's tree was quadratic in failing items
// (it concatenates error arrays), and JSON.parse alone spends tens of ms on 1 MiB of shapes no valid
// body has. The first bound crossed ends the container; the error list stops at maxFieldErrors.
import { spec } from './generated/spec.js';
import { JsonReader, JsonSyntaxError, jsonCodes } from './jsonReader.js';
import type { ErrorCode, FieldError } from './problem.js';

const { QUOTE, OPEN_ARRAY, CLOSE_ARRAY, OPEN_OBJECT, CLOSE_OBJECT, MINUS, isDigit } = jsonCodes;

/** At most this many field errors are reported for one request. */
export const maxFieldErrors = 20;
/** A name from the body is cut to this many characters (then `…`) wherever an error shows it. */
export const maxNameChars = 64;
/** A list of allowed names or categories longer than this is not spelled out in an error's detail. */
const maxListingChars = 160;

/** A feature row in model order: numbers, a categorical feature as the index of its category. */
export type FeatureRow = number[];

export type PredictBody = { form: 'typed' | 'rows'; rows: FeatureRow[] };

export type PredictValidation =
  | { ok: true; body: PredictBody }
  | { ok: false; errors: FieldError[]; truncated: boolean; syntax: boolean };

type Schema = Record<string, unknown>;

/** How one feature's value is checked, from its schema under `Instance.properties`. */
type FeatureRule =
  | {
      kind: 'number';
      name: string;
      integer: boolean;
      minimum: number;
      maximum: number;
      exclusiveMinimum: number;
      exclusiveMaximum: number;
    }
  | { kind: 'category'; name: string; categories: readonly string[]; index: ReadonlyMap<string, number> };

// Keywords that only describe; anything else in a request schema must be one this file enforces.
const annotations = new Set([
  'description',
  'title',
  'examples',
  'example',
  'default',
  'deprecated',
  '$comment',
]);

function resolve(document: unknown, schema: Schema, where: string): { schema: Schema; where: string } {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return { schema, where };
  let node: unknown = document;
  // A $ref is a URI fragment: percent-decoded first (a name with a space), then RFC 6901 unescaped.
  for (const part of ref.replace(/^#\//, '').split('/'))
    node = (node as Schema | undefined)?.[
      decodeURIComponent(part).replaceAll('~1', '/').replaceAll('~0', '~')
    ];
  if (typeof node !== 'object' || node === null)
    throw new Error(`spec: ${ref} (at ${where}) does not resolve`);
  return resolve(document, node as Schema, ref);
}

/** Throws when a schema uses a keyword this validator would silently ignore. */
function onlyKeywords(schema: Schema, where: string, allowed: readonly string[]): void {
  for (const key of Object.keys(schema)) {
    if (allowed.includes(key) || annotations.has(key) || key.startsWith('x-')) continue;
    throw new Error(`spec: ${where} uses "${key}", which the request validator does not implement`);
  }
}

function boundedArray(schema: Schema, where: string): { minItems: number; maxItems: number } {
  const { minItems = 0, maxItems } = schema;
  if (typeof maxItems !== 'number' || typeof minItems !== 'number')
    throw new Error(`spec: ${where} must set maxItems: a request's cost is bounded by it`);
  return { minItems, maxItems };
}

function featureRule(document: unknown, name: string, raw: Schema, where: string): FeatureRule {
  const { schema } = resolve(document, raw, where);
  if (schema.type === 'string') {
    onlyKeywords(schema, where, ['type', 'enum']);
    const categories = schema.enum;
    if (
      !Array.isArray(categories) ||
      categories.length === 0 ||
      !categories.every((c) => typeof c === 'string')
    )
      throw new Error(`spec: ${where} is a string feature without an enum of categories`);
    return { kind: 'category', name, categories, index: new Map(categories.map((c, i) => [c, i])) };
  }
  if (schema.type !== 'number' && schema.type !== 'integer')
    throw new Error(`spec: ${where} must be a number, an integer or a string enum`);
  onlyKeywords(schema, where, ['type', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum']);
  const bound = (key: string, otherwise: number) =>
    typeof schema[key] === 'number' ? (schema[key] as number) : otherwise;
  return {
    kind: 'number',
    name,
    integer: schema.type === 'integer',
    minimum: bound('minimum', -Infinity),
    maximum: bound('maximum', Infinity),
    exclusiveMinimum: bound('exclusiveMinimum', -Infinity),
    exclusiveMaximum: bound('exclusiveMaximum', Infinity),
  };
}

/** What the two request forms allow, checked against the shape this validator implements. */
function readForms(document: typeof spec) {
  const at = (schema: Schema, where: string) => resolve(document, schema, where);
  const oneOf = document.paths['/api/predict'].post.requestBody.content['application/json'].schema.oneOf;
  const forms = oneOf.map((branch) => at(branch, 'predict requestBody'));
  const typed = forms.find((form) => form.schema.type === 'object');
  const rows = forms.find((form) => form.schema.type === 'array');
  if (!typed || !rows || forms.length !== 2)
    throw new Error('spec: predict needs one object form and one array form');

  onlyKeywords(typed.schema, typed.where, ['type', 'properties', 'required', 'additionalProperties']);
  const instancesRaw = (typed.schema.properties as Record<string, Schema> | undefined)?.instances;
  if (
    !instancesRaw ||
    Object.keys(typed.schema.properties as object).length !== 1 ||
    typed.schema.additionalProperties !== false
  )
    throw new Error(`spec: ${typed.where} must be a closed object with one property, instances`);
  const instances = at(instancesRaw, `${typed.where}/properties/instances`);
  onlyKeywords(instances.schema, instances.where, ['type', 'items', 'minItems', 'maxItems']);
  const instance = at((instances.schema.items ?? {}) as Schema, `${instances.where}/items`);
  onlyKeywords(instance.schema, instance.where, ['type', 'properties', 'required', 'additionalProperties']);
  const properties = (instance.schema.properties ?? {}) as Record<string, Schema>;
  const names = Object.keys(properties);
  const required = (instance.schema.required ?? []) as string[];
  if (
    instance.schema.type !== 'object' ||
    instance.schema.additionalProperties !== false ||
    names.length === 0 ||
    !names.every((name) => required.includes(name))
  )
    throw new Error(`spec: ${instance.where} must be a closed object requiring every feature`);

  onlyKeywords(rows.schema, rows.where, ['type', 'items', 'minItems', 'maxItems']);
  const row = at((rows.schema.items ?? {}) as Schema, `${rows.where}/items`);
  onlyKeywords(row.schema, row.where, ['type', 'prefixItems', 'items', 'minItems', 'maxItems']);
  const prefix = (row.schema.prefixItems ?? []) as Schema[];
  const rowBounds = boundedArray(row.schema, row.where);
  if (
    row.schema.type !== 'array' ||
    row.schema.items !== false ||
    prefix.length !== names.length ||
    rowBounds.minItems !== names.length ||
    rowBounds.maxItems !== names.length
  )
    throw new Error(`spec: ${row.where} must take exactly one value per feature`);
  const rules = names.map((name) =>
    featureRule(document, name, properties[name] as Schema, `${instance.where}/properties/${name}`),
  );
  prefix.forEach((item, i) => {
    const same = JSON.stringify(featureRule(document, '', item, `${row.where}/prefixItems/${i}`));
    if (same !== JSON.stringify({ ...rules[i], name: '' }))
      throw new Error(`spec: ${row.where}/prefixItems/${i} differs from feature ${names[i]}`);
  });
  return {
    rules,
    instances: boundedArray(instances.schema, instances.where),
    rows: boundedArray(rows.schema, rows.where),
  };
}

/** A pointer token for a name: JSON-Pointer escaped, cut to maxNameChars with a `…` marker. */
export function pointerToken(name: string, complete = true): string {
  let shown = name;
  if (name.length > maxNameChars || !complete) {
    shown = name.slice(0, maxNameChars);
    // Never leave half of a surrogate pair at the cut.
    const last = shown.charCodeAt(shown.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) shown = shown.slice(0, -1);
    shown += '…';
  }
  return shown.replaceAll('~', '~0').replaceAll('/', '~1');
}

const listing = (values: readonly string[], otherwise: string) => {
  const text = values.map((value) => pointerToken(value)).join(', ');
  return text.length <= maxListingChars ? text : otherwise;
};

/** Ends parsing: the error list is full, or a bound was crossed. */
class Full extends Error {}

class Errors {
  readonly list: FieldError[] = [];
  add(pointer: string, code: ErrorCode, detail: string): void {
    this.list.push({ pointer, code, detail });
    if (this.list.length >= maxFieldErrors) throw new Full();
  }
}

/**
 * Builds the validator from a spec (the served one by default); throws when its request schemas are not
 * the shape this validator implements.
 */
export function createPredictValidator(document: typeof spec = spec): (text: string) => PredictValidation {
  const { rules, instances, rows } = readForms(document);
  const featureIndex = new Map(rules.map((rule, i) => [rule.name, i]));
  const featureCount = rules.length;
  // A name longer than every feature name cannot be one, so longer keys are not kept whole.
  const keep = Math.max(maxNameChars, ...rules.map((rule) => rule.name.length)) + 1;
  const allowedFields = listing(
    rules.map((rule) => rule.name),
    'see Instance in /api/openapi.json',
  );
  const noun = (count: number) => (count === 1 ? 'item' : 'items');

  function value(reader: JsonReader, rule: FeatureRule, pointer: string, errors: Errors): number {
    const code = reader.peek();
    if (rule.kind === 'number') {
      if (code !== MINUS && !isDigit(code)) {
        reader.skipValue();
        errors.add(pointer, 'invalid_type', `Must be ${rule.integer ? 'an integer' : 'a number'}.`);
        return Number.NaN;
      }
      const number = reader.number();
      if (!Number.isFinite(number))
        errors.add(pointer, 'not_finite', 'Must be a finite number; this literal overflows a double.');
      else if (rule.integer && !Number.isInteger(number))
        errors.add(pointer, 'invalid_type', 'Must be an integer.');
      else if (
        number < rule.minimum ||
        number > rule.maximum ||
        number <= rule.exclusiveMinimum ||
        number >= rule.exclusiveMaximum
      )
        errors.add(pointer, 'invalid_value', 'Out of the range the spec allows for this feature.');
      return number;
    }
    if (code !== QUOTE) {
      reader.skipValue();
      errors.add(pointer, 'invalid_type', 'Must be a string, one of the categories.');
      return Number.NaN;
    }
    const text = reader.string(keep);
    const index = text.complete ? rule.index.get(text.value) : undefined;
    if (index === undefined)
      errors.add(
        pointer,
        'invalid_value',
        `Unknown category; allowed: ${listing(rule.categories, 'see the spec')}.`,
      );
    return index ?? Number.NaN;
  }

  /** The elements of an array, each read by `item`, within `bounds`. */
  function array(
    reader: JsonReader,
    pointer: string,
    bounds: { minItems: number; maxItems: number },
    errors: Errors,
    item: (index: number) => void,
  ): number {
    if (reader.peek() !== OPEN_ARRAY) {
      reader.skipValue();
      errors.add(pointer, 'invalid_type', 'Must be an array.');
      return 0;
    }
    reader.open(OPEN_ARRAY);
    let count = 0;
    for (; reader.more(CLOSE_ARRAY, count === 0); count += 1) {
      if (count === bounds.maxItems) {
        // Past a bound the rest of the body is not read: its cost would be the caller's choice.
        errors.add(
          pointer,
          'too_many_items',
          `Must have at most ${bounds.maxItems} ${noun(bounds.maxItems)}.`,
        );
        throw new Full();
      }
      item(count);
    }
    if (count < bounds.minItems)
      errors.add(pointer, 'too_few_items', `Must have at least ${bounds.minItems} ${noun(bounds.minItems)}.`);
    return count;
  }

  function instance(reader: JsonReader, pointer: string, errors: Errors): FeatureRow {
    const row: FeatureRow = new Array(featureCount).fill(Number.NaN);
    if (reader.peek() !== OPEN_OBJECT) {
      reader.skipValue();
      errors.add(pointer, 'invalid_type', 'Must be an object of named features.');
      return row;
    }
    reader.open(OPEN_OBJECT);
    const seen = new Uint8Array(featureCount);
    for (let first = true; reader.more(CLOSE_OBJECT, first); first = false) {
      const key = reader.key(keep);
      const index = key.complete ? featureIndex.get(key.value) : undefined;
      const at = `${pointer}/${pointerToken(key.value, key.complete)}`;
      if (index === undefined) {
        reader.skipValue();
        errors.add(at, 'unknown_field', `Unknown field; allowed: ${allowedFields}.`);
      } else if (seen[index]) {
        reader.skipValue();
        errors.add(at, 'duplicate_field', 'This field is given twice.');
      } else {
        seen[index] = 1;
        row[index] = value(reader, rules[index] as FeatureRule, at, errors);
      }
    }
    seen.forEach((given, index) => {
      if (!given) {
        const name = pointerToken(rules[index]?.name ?? '');
        errors.add(`${pointer}/${name}`, 'required', `${name} is required.`);
      }
    });
    return row;
  }

  function featureRow(reader: JsonReader, pointer: string, errors: Errors): FeatureRow {
    const row: FeatureRow = new Array(featureCount).fill(Number.NaN);
    const bounds = { minItems: featureCount, maxItems: featureCount };
    array(reader, pointer, bounds, errors, (index) => {
      row[index] = value(reader, rules[index] as FeatureRule, `${pointer}/${index}`, errors);
    });
    return row;
  }

  function typedForm(reader: JsonReader, errors: Errors): FeatureRow[] {
    const result: FeatureRow[] = [];
    let given = false;
    reader.open(OPEN_OBJECT);
    for (let first = true; reader.more(CLOSE_OBJECT, first); first = false) {
      const key = reader.key(keep);
      const at = `/${pointerToken(key.value, key.complete)}`;
      if (!key.complete || key.value !== 'instances') {
        reader.skipValue();
        errors.add(at, 'unknown_field', 'Unknown field; allowed: instances.');
      } else if (given) {
        reader.skipValue();
        errors.add(at, 'duplicate_field', 'This field is given twice.');
      } else {
        given = true;
        array(reader, at, instances, errors, (index) =>
          result.push(instance(reader, `${at}/${index}`, errors)),
        );
      }
    }
    if (!given) errors.add('/instances', 'required', 'instances is required.');
    return result;
  }

  function rowsForm(reader: JsonReader, errors: Errors): FeatureRow[] {
    const result: FeatureRow[] = [];
    array(reader, '', rows, errors, (index) => result.push(featureRow(reader, `/${index}`, errors)));
    return result;
  }

  return (text) => {
    const reader = new JsonReader(text);
    const errors = new Errors();
    let form: PredictBody['form'] | undefined;
    let rows: FeatureRow[] = [];
    try {
      const code = reader.peek();
      if (code === OPEN_OBJECT) {
        form = 'typed';
        rows = typedForm(reader, errors);
      } else if (code === OPEN_ARRAY) {
        form = 'rows';
        rows = rowsForm(reader, errors);
      } else {
        reader.skipValue();
        errors.add('', 'invalid_type', 'Must be an object ({"instances": [...]}) or an array of rows.');
      }
      reader.end();
    } catch (error) {
      if (error instanceof JsonSyntaxError) {
        const detail = error.tooDeep ? error.message : 'The body could not be parsed as JSON.';
        return {
          ok: false,
          syntax: true,
          truncated: false,
          errors: [{ pointer: '', code: 'invalid_json', detail }],
        };
      }
      if (!(error instanceof Full)) throw error;
      const truncated = errors.list.length >= maxFieldErrors;
      return { ok: false, syntax: false, truncated, errors: errors.list };
    }
    if (errors.list.length > 0 || form === undefined)
      return { ok: false, syntax: false, truncated: false, errors: errors.list };
    return { ok: true, body: { form, rows } };
  };
}
