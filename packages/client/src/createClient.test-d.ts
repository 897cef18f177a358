// The typing claims of the client, checked by the compiler: each `@ts-expect-error` fails the
// typecheck when the line under it stops being an error. The expected types are read from the spec
// document itself (the module `pnpm generate` embeds), so the claims hold whatever table was adopted.
import { describe, expectTypeOf, it } from 'vitest';
import type { spec } from '../../service/src/generated/spec.js';
import { createClient, type ForestfnClient } from './createClient.js';
import { ApiError, AuthenticationError, BadRequestError, ForestfnError, ServerError } from './errors.js';
import type { components } from './generated/openapi.js';
import type { ErrorCode, FeatureRow, Instance, Label, ModelCard, PredictResponse, Problem } from './types.js';

type SpecSchemas = (typeof spec)['components']['schemas'];
type SpecFeatures = SpecSchemas['Instance']['properties'];
/** A feature's value as the spec declares it: one of its categories (`enum`), else a number. */
type SpecValue<S> = S extends { readonly enum: readonly (infer Category)[] } ? Category : number;
/** An instance as the spec document declares it. */
type SpecInstance = { -readonly [K in keyof SpecFeatures]: SpecValue<SpecFeatures[K]> };
/**
 * A row as the spec document declares it: the features in `Instance.required`'s order, which `pnpm
 * generate` derives from the order of its properties, as it derives `FeatureRow.prefixItems` (whose
 * `$ref`s are URI-encoded JSON pointers, which the type system cannot decode for every name).
 */
type SpecOrder = SpecSchemas['Instance']['required'];
type RowOf<Names> = { -readonly [I in keyof Names]: SpecInstance[Names[I] & keyof SpecInstance] };
type SpecRow = RowOf<SpecOrder>;
type SpecLabel = SpecSchemas['Label']['enum'][number];

type Feature = keyof Instance;
/** What `predict` takes as one instance, and `predictRows` as one row. */
type Accepted = Parameters<ForestfnClient['predict']>[0][number];
type AcceptedRow = Parameters<ForestfnClient['predictRows']>[0][number];
/** true when `T` is not an instance `predict` takes. */
type Refused<T> = [T] extends [Accepted] ? false : true;
/** A value of the wrong type for a feature: a string for a number, a number for a category. */
type WrongValue<V> = V extends number ? string : number;

const client = createClient({ baseUrl: 'http://localhost:7071' });
declare const instance: Instance;
declare const row: FeatureRow;
// Each with one feature left out, renamed, or of the wrong type (a union over the features).
declare const missingOne: { [K in Feature]: Omit<Instance, K> }[Feature];
declare const misspelt: {
  [K in Feature]: Omit<Instance, K> & Record<`${K & string}_x`, Instance[K]>;
}[Feature];
declare const wrongType: { [K in Feature]: Omit<Instance, K> & Record<K, WrongValue<Instance[K]>> }[Feature];
declare const shortRow: FeatureRow extends [...infer Head, unknown] ? Head : never;
declare const longRow: [...FeatureRow, number];
declare const wrongFirst: FeatureRow extends [infer First, ...infer Rest]
  ? [WrongValue<First>, ...Rest]
  : never;

describe('predict', () => {
  it('takes instances with exactly the spec features', () => {
    expectTypeOf(client.predict).toBeCallableWith([instance]);
    expectTypeOf<Instance>().toEqualTypeOf<SpecInstance>();
    expectTypeOf<Accepted>().toEqualTypeOf<Instance>();
    // Every feature is required, by name and type: leaving out, renaming or mistyping any one is refused.
    expectTypeOf<{ [K in Feature]-?: Refused<Omit<Instance, K>> }[Feature]>().toEqualTypeOf<true>();
    expectTypeOf<
      { [K in Feature]-?: Refused<Omit<Instance, K> & Record<`${K & string}_x`, Instance[K]>> }[Feature]
    >().toEqualTypeOf<true>();
    expectTypeOf<
      { [K in Feature]-?: Refused<Omit<Instance, K> & Record<K, WrongValue<Instance[K]>>> }[Feature]
    >().toEqualTypeOf<true>();
    // @ts-expect-error a misspelt feature
    void client.predict([misspelt]);
    // @ts-expect-error a missing feature
    void client.predict([missingOne]);
    // @ts-expect-error a feature of the wrong type
    void client.predict([wrongType]);
    // @ts-expect-error a feature the spec does not have
    void client.predict([{ ...instance, __not_a_feature__: 1 }]);
  });

  it('answers labels from the spec classes', async () => {
    const answer = await client.predict([instance]);
    expectTypeOf(answer).toEqualTypeOf<PredictResponse>();
    expectTypeOf(answer.model).toEqualTypeOf<{ name: string; version: string }>();
    expectTypeOf<Label>().toEqualTypeOf<SpecLabel>();
    expectTypeOf(answer.predictions).items.toHaveProperty('label').toEqualTypeOf<SpecLabel>();
    expectTypeOf(answer.predictions)
      .items.toHaveProperty('probabilities')
      .toEqualTypeOf<Record<Label, number>>();
    // @ts-expect-error not a class of the spec
    const wrong: Label = '__not_a_label__';
    void wrong;
  });
});

describe('predictRows', () => {
  it('takes rows of exactly the spec features, in order, and answers labels', async () => {
    expectTypeOf<FeatureRow>().toEqualTypeOf<SpecRow>();
    expectTypeOf<FeatureRow['length']>().toEqualTypeOf<SpecSchemas['FeatureRow']['maxItems']>();
    expectTypeOf<SpecSchemas['FeatureRow']['prefixItems']['length']>().toEqualTypeOf<SpecOrder['length']>();
    expectTypeOf<AcceptedRow>().toEqualTypeOf<FeatureRow>();
    expectTypeOf(await client.predictRows([row])).toEqualTypeOf<Label[]>();
    // @ts-expect-error a row too short
    void client.predictRows([shortRow]);
    // @ts-expect-error a row too long
    void client.predictRows([longRow]);
    // @ts-expect-error a value of the wrong type
    void client.predictRows([wrongFirst]);
  });
});

describe('other operations', () => {
  it('are typed from the spec', async () => {
    expectTypeOf(await client.getModel()).toEqualTypeOf<ModelCard>();
    expectTypeOf((await client.health()).status).toEqualTypeOf<'ok'>();
    expectTypeOf(client.health).toBeCallableWith({ signal: AbortSignal.timeout(1), requestId: 'id' });
  });

  it('exposes the typed openapi-fetch client', async () => {
    const { data } = await client.raw.GET('/api/model');
    expectTypeOf(data).toEqualTypeOf<ModelCard | undefined>();
    // @ts-expect-error a path the spec does not have
    void client.raw.GET('/api/nope');
  });

  it('types the Open Inference Protocol V2 routes too', async () => {
    const { data } = await client.raw.POST('/v2/models/{name}/infer', {
      params: { path: { name: 'm' } },
      body: { inputs: [{ name: 'features', shape: [1, 4], datatype: 'FP64', data: [1, 2, 3, 4] }] },
    });
    expectTypeOf(data?.outputs).toEqualTypeOf<components['schemas']['V2InferenceOutput'][] | undefined>();
    void client.raw.POST('/v2/models/{name}/infer', {
      params: { path: { name: 'm' } },
      // @ts-expect-error the input tensor is FP64
      body: { inputs: [{ name: 'features', shape: [1, 4], datatype: 'INT8', data: [1, 2, 3, 4] }] },
    });
  });
});

describe('errors', () => {
  it('narrow with instanceof', () => {
    const error: unknown = new Error();
    if (error instanceof ApiError) {
      expectTypeOf(error.status).toEqualTypeOf<number>();
      expectTypeOf(error.problem).toEqualTypeOf<Problem | undefined>();
      expectTypeOf(error.requestId).toEqualTypeOf<string | undefined>();
      expectTypeOf(error.errors).items.toHaveProperty('code').toEqualTypeOf<ErrorCode>();
      expectTypeOf(error.errors).items.toHaveProperty('pointer').toEqualTypeOf<string>();
    }
    if (error instanceof BadRequestError) expectTypeOf(error).toExtend<ApiError>();
    if (error instanceof AuthenticationError) expectTypeOf(error).toExtend<ForestfnError>();
    if (error instanceof ServerError) expectTypeOf(error.status).toEqualTypeOf<number>();
    if (error instanceof ForestfnError) {
      // @ts-expect-error only an ApiError has a status
      void error.status;
    }
    expectTypeOf<ErrorCode>().toExtend<string>();
    expectTypeOf<'required'>().toExtend<ErrorCode>();
    expectTypeOf<'misspelt'>().not.toExtend<ErrorCode>();
  });
});
