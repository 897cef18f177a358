// Bodies an unfriendly client sends: a seeded byte-level mutator of valid bodies, and a corpus of
// worst-case shapes that each fill the body limit. Shared by the service's in-process tests and the
// local host's HTTP tests, so both hosts face the same inputs.
import { createRandom } from '@forestfn/model';
import { featureNames } from '../src/contract.js';
import { spec } from '../src/generated/spec.js';

const encoder = new TextEncoder();

type PropertySchema = { type?: string; enum?: readonly string[]; examples?: readonly unknown[] };
const properties = spec.components.schemas.Instance.properties as Record<string, PropertySchema>;

/** A value the spec accepts for each feature: its example, else the first category, else 1. */
export const validValues: unknown[] = featureNames.map((name) => {
  const schema = properties[name] ?? {};
  return schema.examples?.[0] ?? schema.enum?.[0] ?? 1;
});

export const validInstance = Object.fromEntries(featureNames.map((name, i) => [name, validValues[i]]));

/** Valid bodies of both forms, as text, `rows` rows each. */
export function validBodies(rows: number): { typed: string; rows: string } {
  return {
    typed: JSON.stringify({ instances: Array.from({ length: rows }, () => validInstance) }),
    rows: JSON.stringify(Array.from({ length: rows }, () => validValues)),
  };
}

// Fragments that have broken parsers and validators: overflowing and odd numbers, NUL, lone
// surrogates (escaped and raw), prototype keys, duplicate names, deep nesting, stray structure.
const fragments = [
  '1e999',
  '-1e400',
  '1e-400',
  '-0',
  `1${'0'.repeat(400)}`,
  '0.'.padEnd(500, '1'),
  'NaN',
  'Infinity',
  '0x10',
  '01',
  '1.',
  '.5',
  '+1',
  '\u0000',
  '"\\u0000"',
  '"\\ud800"',
  '"\\udc00\\ud800"',
  '"\\uZZZZ"',
  '"__proto__"',
  '"constructor"',
  '{"__proto__":{"polluted":1}}',
  '"__proto__":1,',
  `${JSON.stringify(featureNames[0] ?? 'x')}:1,`,
  '[[[[[[[[',
  ']]]]',
  '}}}',
  '{"instances":',
  'null',
  'true',
  '""',
  ',',
  ':',
  '"',
  '\\',
  ' \t\r\n',
];
// Raw bytes that are not UTF-8: a lone continuation, an overlong encoding, an encoded surrogate,
// a truncated sequence, and a byte that never appears in UTF-8.
const rawBytes = [[0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xff], [0x00]];

/** A valid Open Inference Protocol V2 infer body of `rows` rows (a category as its index). */
export function validInferBody(rows: number): string {
  const row = validValues.map((value, i) =>
    typeof value === 'number'
      ? value
      : (properties[featureNames[i] ?? '']?.enum?.indexOf(String(value)) ?? 0),
  );
  return JSON.stringify({
    id: 'r1',
    inputs: [
      {
        name: 'features',
        shape: [rows, row.length],
        datatype: 'FP64',
        data: Array.from({ length: rows }, () => row),
      },
    ],
    outputs: [{ name: 'label' }, { name: 'probabilities' }],
  });
}

/**
 * `count` mutated bodies, the same for the same seed: each a valid body changed at the byte level. The
 * valid bodies are predict's two forms by default, or V2 infer bodies with `form: 'infer'`.
 */
export function mutatedBodies(
  count: number,
  seed: number,
  form: 'predict' | 'infer' = 'predict',
): Uint8Array[] {
  const random = createRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const bases = [1, 2, 3]
    .flatMap((rows) => (form === 'infer' ? [validInferBody(rows)] : Object.values(validBodies(rows))))
    .map((body) => encoder.encode(body));
  const bodies: Uint8Array[] = [];
  for (let n = 0; n < count; n += 1) {
    let bytes = pick(bases);
    const edits = 1 + Math.floor(random() * 3);
    for (let e = 0; e < edits; e += 1) {
      const at = Math.floor(random() * (bytes.length + 1));
      const kind = Math.floor(random() * 6);
      let insert: Uint8Array = new Uint8Array(0);
      let remove = 0;
      if (kind === 0) insert = encoder.encode(pick(fragments));
      else if (kind === 1) insert = Uint8Array.from(pick(rawBytes));
      else if (kind === 2) remove = 1 + Math.floor(random() * 4);
      else if (kind === 3) {
        // Truncation at a random point.
        bytes = bytes.subarray(0, at);
        continue;
      } else if (kind === 4) {
        // Duplicate a slice of the body in place (duplicate keys, repeated rows).
        const end = Math.min(bytes.length, at + 1 + Math.floor(random() * 40));
        insert = bytes.slice(at, end);
      } else {
        // Flip one byte to another.
        remove = 1;
        insert = Uint8Array.of(Math.floor(random() * 256));
      }
      const next = new Uint8Array(bytes.length - Math.min(remove, bytes.length - at) + insert.length);
      next.set(bytes.subarray(0, at));
      next.set(insert, at);
      next.set(bytes.subarray(Math.min(bytes.length, at + remove)), at + insert.length);
      bytes = next;
    }
    bodies.push(bytes);
  }
  return bodies;
}

/** The size of `text` in UTF-8, what the body limit counts (a feature name may not be ASCII). */
const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** `prefix`, then `fill` as many times as fits in `limit` bytes with `suffix`, then `suffix`. */
const padded = (prefix: string, suffix: string, fill: string, limit: number) =>
  `${prefix}${fill.repeat(Math.max(0, Math.floor((limit - utf8Bytes(prefix) - utf8Bytes(suffix)) / utf8Bytes(fill))))}${suffix}`;

/** `open`, then `depth` levels of `[` and their `]`, then `close`, the depth filling `limit` bytes. */
const nested = (open: string, close: string, limit: number) => {
  const depth = Math.floor((limit - utf8Bytes(open) - utf8Bytes(close)) / 2);
  return `${open}${'['.repeat(depth)}${']'.repeat(depth)}${close}`;
};

/** `unit` repeated between `open` and `close` (joined by `separator`) to fill at most `limit` bytes. */
function filled(
  open: string,
  unit: (i: number) => string,
  close: string,
  limit: number,
  separator = ',',
): string {
  const parts: string[] = [];
  let size = utf8Bytes(open) + utf8Bytes(close);
  for (let i = 0; ; i += 1) {
    const part = unit(i);
    const added = utf8Bytes(part) + (i > 0 ? utf8Bytes(separator) : 0);
    if (size + added > limit) break;
    parts.push(part);
    size += added;
  }
  return `${open}${parts.join(separator)}${close}`;
}

/**
 * Worst-case shapes, one or more per array and object level of the two request forms (and the value
 * level under them), each filling `limit` bytes. Keys name the shape.
 */
export function worstCaseBodies(limit: number): Record<string, string> {
  const row = JSON.stringify(validValues);
  const instance = JSON.stringify(validInstance);
  const first = featureNames[0] ?? 'x';
  const pad = (prefix: string, suffix: string, fill: string) => padded(prefix, suffix, fill, limit);
  return {
    // the body as a whole
    'whitespace then a valid body': pad('', row.length ? `[${row}]` : '[]', ' '),
    'one long string': pad('"', '"', 'a'),
    'one long number literal': pad('1', '', '0'),
    'deep arrays': `${'['.repeat(limit / 2)}${']'.repeat(limit / 2)}`,
    'deep objects': filled('', () => `{"a":`, '', limit, ''),
    // rows form: the array of rows
    'rows: zeros': filled('[', () => '0', ']', limit),
    'rows: valid rows past maxItems': filled('[', () => row, ']', limit),
    'rows: empty rows': filled('[', () => '[]', ']', limit),
    'rows: objects': filled('[', () => '{}', ']', limit),
    // rows form: one row
    'row: one long row': `[${filled('[', () => '0', ']', limit - 2)}]`,
    'row: overflowing numbers': filled(
      '[',
      () => `[${validValues.map(() => '1e999').join(',')}]`,
      ']',
      limit,
    ),
    'row: strings': filled('[', () => `[${validValues.map(() => '"x"').join(',')}]`, ']', limit),
    'row: deep values': `[[${'['.repeat(limit / 2 - 2)}${']'.repeat(limit / 2 - 2)}]]`,
    // typed form: the root object
    'typed: many unknown keys': filled('{', (i) => `"k${i}":0`, '}', limit),
    'typed: one long key': pad('{"', '":0}', 'k'),
    'typed: escaped long key': pad('{"', '":0}', '\\u006b'),
    'typed: instances repeated': filled('{', () => `"instances":[${instance}]`, '}', limit),
    // typed form: the instances array
    'instances: valid past maxItems': filled('{"instances":[', () => instance, ']}', limit),
    'instances: empty objects': filled('{"instances":[', () => '{}', ']}', limit),
    'instances: numbers': filled('{"instances":[', () => '0', ']}', limit),
    // typed form: one instance
    'instance: many unknown keys': filled('{"instances":[{', (i) => `"k${i}":0`, '}]}', limit),
    'instance: one long unknown key': pad('{"instances":[{"', '":0}]}', 'k'),
    'instance: duplicate feature': filled(
      '{"instances":[{',
      () => `${JSON.stringify(first)}:1`,
      '}]}',
      limit,
    ),
    'instance: prototype keys': filled('{"instances":[{', () => '"__proto__":{}', '}]}', limit),
    'instances: many unknown keys each': filled(
      '{"instances":[',
      (i) => `{${Array.from({ length: 50 }, (_, k) => `"k${i}_${k}":0`).join(',')}}`,
      ']}',
      limit,
    ),
    // typed form: a value
    'value: long string': pad(`{"instances":[{${JSON.stringify(first)}:"`, '"}]}', 'x'),
    'value: long number': pad(`{"instances":[{${JSON.stringify(first)}:1`, '}]}', '0'),
    'value: deep nesting': nested(`{"instances":[{${JSON.stringify(first)}:`, '}]}', limit),
  };
}

/** Worst-case shapes of a V2 infer body at each level (request, input, data, outputs), each filling `limit` bytes. */
export function worstCaseInferBodies(limit: number): Record<string, string> {
  const width = featureNames.length;
  const input = (data: string) => `{"name":"f","shape":[1,${width}],"datatype":"FP64","data":${data}}`;
  const pad = (prefix: string, suffix: string, fill: string) => padded(prefix, suffix, fill, limit);
  return {
    'request: many unknown keys': filled('{', (i) => `"k${i}":0`, '}', limit),
    'request: long id': pad('{"id":"', '"}', 'i'),
    'request: many parameters': filled('{"parameters":{', (i) => `"p${i}":[0]`, '}}', limit),
    'request: ids repeated': filled('{', () => '"id":"a"', '}', limit),
    'inputs: many inputs': filled('{"inputs":[', () => input('[0]'), ']}', limit),
    'inputs: empty objects': filled('{"inputs":[', () => '{}', ']}', limit),
    'input: long shape': filled('{"inputs":[{"shape":[', () => '1', ']}]}', limit),
    'input: long name': pad('{"inputs":[{"name":"', '"}]}', 'n'),
    'data: zeros past the row limit': filled(
      `{"inputs":[${input('[').slice(0, -1)}`,
      () => '0',
      ']}]}',
      limit,
    ),
    'data: rows past the row limit': filled(
      `{"inputs":[${input('[').slice(0, -1)}`,
      () => `[${Array.from({ length: width }, () => '0').join(',')}]`,
      ']}]}',
      limit,
    ),
    'data: overflowing numbers': filled(
      `{"inputs":[${input('[').slice(0, -1)}`,
      () => '1e999',
      ']}]}',
      limit,
    ),
    'data: strings': filled(`{"inputs":[${input('[').slice(0, -1)}`, () => '"x"', ']}]}', limit),
    'data: deep nesting': nested(`{"inputs":[${input('').slice(0, -1)}`, '}]}', limit),
    'outputs: many outputs': filled('{"outputs":[', () => '{"name":"label"}', ']}', limit),
    'outputs: one long name': pad('{"outputs":[{"name":"', '"}]}', 'o'),
  };
}
