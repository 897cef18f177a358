import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { mutatedBodies, validBodies, validInstance, validValues } from '../test/hostileBodies.js';
import { instancePointer } from '../test/samples.js';
import { categoriesOf, featureNames, maxBodyBytes, predictBodyRefs } from './contract.js';
import { spec } from './generated/spec.js';
import { createPredictValidator, maxFieldErrors, type PredictValidation } from './predictValidator.js';

const validate = createPredictValidator();
/** A row as the validator reads it: a category becomes its index in the spec's enum. */
const encoded = (row: readonly unknown[]) =>
  row.map((value, i) =>
    typeof value === 'string' ? (categoriesOf(featureNames[i] ?? '') ?? []).indexOf(value) : value,
  );
const codes = new Set<string>(spec.components.schemas.ErrorCode.enum);

/** The spec's own request schemas under Ajv, numbers strict: the oracle for which bodies are valid. */
function ajvOracle(): (body: unknown) => boolean {
  const ajv = new Ajv2020({ strict: false, strictNumbers: true, logger: false });
  ajv.addSchema({ $id: 'spec', components: spec.components });
  const forms = predictBodyRefs.map((ref) => ajv.compile({ $ref: `spec${ref}` }));
  return (body) => forms.some((form) => form(body));
}

function failure(result: PredictValidation) {
  if (result.ok) throw new Error('expected the body to be refused');
  return result;
}

describe('predict validation', () => {
  it('agrees with JSON.parse and Ajv (numbers strict) on 10,000 mutated bodies', () => {
    const valid = ajvOracle();
    const decoder = new TextDecoder();
    const outcomes = { ok: 0, refused: 0 };
    for (const bytes of mutatedBodies(10_000, 11)) {
      const text = decoder.decode(bytes);
      const result = validate(text);
      let parsed: { ok: true; value: unknown } | { ok: false };
      try {
        parsed = { ok: true, value: JSON.parse(text) };
      } catch {
        parsed = { ok: false };
      }
      const context = text.slice(0, 300);
      if (result.ok) {
        outcomes.ok += 1;
        expect(parsed.ok && valid(parsed.value), context).toBe(true);
        if (!parsed.ok) continue;
        const value = parsed.value as { instances?: Record<string, unknown>[] } | unknown[][];
        const rows = Array.isArray(value)
          ? value
          : (value.instances ?? []).map((instance) => featureNames.map((name) => instance[name]));
        expect(result.body.rows, context).toEqual(rows.map(encoded));
        continue;
      }
      outcomes.refused += 1;
      for (const error of result.errors) expect(codes.has(error.code)).toBe(true);
      if (!parsed.ok) continue;
      // Valid JSON: refused as not JSON only for depth; refused although valid only for a name given twice
      // (JSON.parse keeps the last copy). Then any other error is about such a name: its first copy.
      if (result.syntax) expect(result.errors[0]?.detail, context).toMatch(/Nested deeper/);
      else if (valid(parsed.value)) {
        const twice = result.errors.filter((error) => error.code === 'duplicate_field');
        expect(twice.length, context).toBeGreaterThan(0);
        for (const error of result.errors)
          expect(
            twice.map((e) => e.pointer),
            context,
          ).toContain(error.pointer);
      }
    }
    expect(outcomes.ok).toBeGreaterThan(100);
    expect(outcomes.refused).toBeGreaterThan(5_000);
  });

  it('reads both forms into rows in feature order', () => {
    const { typed, rows } = validBodies(3);
    expect(validate(typed)).toEqual({
      ok: true,
      body: { form: 'typed', rows: Array(3).fill(encoded(validValues)) },
    });
    expect(validate(rows)).toEqual({
      ok: true,
      body: { form: 'rows', rows: Array(3).fill(encoded(validValues)) },
    });
  });

  // The inputs that once broke the service, kept by name.
  describe('regressions', () => {
    it('40,000 zeros (80 kB, once 19 s): one error per row up to the cap, at once', () => {
      const result = failure(validate(`[${Array(40_000).fill(0).join(',')}]`));
      expect(result.errors).toHaveLength(maxFieldErrors);
      expect(result.truncated).toBe(true);
      expect(result.errors[0]).toMatchObject({ pointer: '/0', code: 'invalid_type' });
    });

    it('1e999 in a row and -1e400 in an instance (once a 500): not_finite at the value', () => {
      const row = [...validValues];
      const overflow = JSON.stringify([row]).replace(/^\[\[[^,\]]+/, '[[1e999');
      expect(failure(validate(overflow)).errors).toEqual([
        { pointer: '/0/0', code: 'not_finite', detail: expect.any(String) },
      ]);
      const name = featureNames[0] as string;
      const typed = JSON.stringify({ instances: [{ ...validInstance, [name]: 0 }] }).replace(
        `"${name}":0`,
        `"${name}":-1e400`,
      );
      expect(failure(validate(typed)).errors).toEqual([
        { pointer: instancePointer(name), code: 'not_finite', detail: expect.any(String) },
      ]);
    });

    it('a 200 kB unknown name (once echoed whole): cut to 64 characters and a marker', () => {
      const name = 'n'.repeat(200_000);
      const result = failure(validate(JSON.stringify({ instances: [{ ...validInstance, [name]: 1 }] })));
      expect(result.errors).toEqual([
        { pointer: `/instances/0/${'n'.repeat(64)}…`, code: 'unknown_field', detail: expect.any(String) },
      ]);
    });
  });

  describe('a table with a category, an integer, a bounded number and a name with a space', () => {
    const document = structuredClone(spec) as unknown as {
      components: { schemas: Record<string, Record<string, unknown>> };
    };
    const ref = (name: string) => ({
      $ref: `#/components/schemas/Instance/properties/${encodeURIComponent(name)}`,
    });
    const properties = {
      colour: { type: 'string', enum: ['red', 'green'] },
      count: { type: 'integer', minimum: 0 },
      'bill length': { type: 'number', exclusiveMaximum: 100, 'x-observed-min': 3 },
    };
    Object.assign(document.components.schemas.Instance as object, {
      properties,
      required: Object.keys(properties),
    });
    Object.assign(document.components.schemas.FeatureRow as object, {
      prefixItems: Object.keys(properties).map(ref),
      minItems: 3,
      maxItems: 3,
    });
    const table = createPredictValidator(document as unknown as typeof spec);

    it('reads a category as its index in the enum, in both forms', () => {
      expect(table('[["green", 2, 10.5]]')).toEqual({
        ok: true,
        body: { form: 'rows', rows: [[1, 2, 10.5]] },
      });
      expect(table('{"instances":[{"bill length":1,"count":0,"colour":"red"}]}')).toEqual({
        ok: true,
        body: { form: 'typed', rows: [[0, 0, 1]] },
      });
    });

    it('refuses an unknown category, a fraction for an integer and a value out of bounds, with pointers', () => {
      const result = failure(table('[["blue", 1.5, 100], [3, -1, 1e999]]'));
      expect(result.errors.map(({ pointer, code }) => `${pointer} ${code}`)).toEqual([
        '/0/0 invalid_value',
        '/0/1 invalid_type',
        '/0/2 invalid_value',
        '/1/0 invalid_type',
        '/1/1 invalid_value',
        '/1/2 not_finite',
      ]);
      expect(result.errors[0]?.detail).toContain('red, green');
    });

    it('refuses a spec it cannot enforce instead of ignoring part of it', () => {
      const patterned = structuredClone(document);
      Object.assign(patterned.components.schemas.Instance?.properties as object, {
        colour: { type: 'string', enum: ['red'], pattern: '^r' },
      });
      expect(() => createPredictValidator(patterned as unknown as typeof spec)).toThrow(/"pattern"/);
    });
  });

  it('refuses a name given twice, since parsers disagree on which one wins', () => {
    const name = featureNames[0] as string;
    const text = JSON.stringify({ instances: [validInstance] }).replace('[{"', `[{"${name}":1,"`);
    expect(failure(validate(text)).errors).toEqual([
      { pointer: instancePointer(name), code: 'duplicate_field', detail: expect.any(String) },
    ]);
    expect(failure(validate(`{"instances":[],"instances":[]}`)).errors.map((e) => e.code)).toContain(
      'duplicate_field',
    );
  });

  it('escapes names in pointers and never cuts a surrogate pair in half', () => {
    const result = failure(validate(JSON.stringify({ instances: [{ ...validInstance, 'a/b~c': 1 }] })));
    expect(result.errors[0]?.pointer).toBe('/instances/0/a~1b~0c');
    const emoji = `${'x'.repeat(63)}😀😀`;
    const cut = failure(validate(JSON.stringify({ [emoji]: 1, instances: [validInstance] }))).errors[0]
      ?.pointer;
    expect(cut).toBe(`/${'x'.repeat(63)}…`);
  });

  it('keeps every error list and field within its documented size', () => {
    const long = 'k'.repeat(10_000);
    const bodies = [
      JSON.stringify({ instances: Array.from({ length: 30 }, (_, i) => ({ [`${long}${i}`]: [] })) }),
      JSON.stringify(Array.from({ length: 30 }, () => ['x', {}, [], null, 1])),
    ];
    for (const text of bodies) {
      const { errors } = failure(validate(text));
      expect(errors.length).toBeLessThanOrEqual(maxFieldErrors);
      for (const error of errors) {
        expect(error.pointer.length).toBeLessThanOrEqual(160);
        expect(error.detail.length).toBeLessThanOrEqual(300);
      }
    }
    expect(maxBodyBytes).toBeGreaterThan(0);
  });
});
