// The typing claims of the client, checked by the compiler: each `@ts-expect-error` fails the
// typecheck when the line under it stops being an error.
import { describe, expectTypeOf, it } from 'vitest';
import { createClient } from './createClient.js';
import { ApiError, AuthenticationError, BadRequestError, ForestfnError, ServerError } from './errors.js';
import type { ErrorCode, FeatureRow, Instance, Label, ModelCard, PredictResponse, Problem } from './types.js';

const client = createClient({ baseUrl: 'http://localhost:7071' });
const instance = { sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 };

describe('predict', () => {
  it('takes instances with exactly the spec features', () => {
    expectTypeOf(client.predict).toBeCallableWith([instance]);
    expectTypeOf<Instance>().toEqualTypeOf<{
      sepal_length: number;
      sepal_width: number;
      petal_length: number;
      petal_width: number;
    }>();
    // @ts-expect-error a misspelt feature
    void client.predict([{ sepal_lenght: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 }]);
    // @ts-expect-error a missing feature
    void client.predict([{ sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4 }]);
    // @ts-expect-error a feature of the wrong type
    void client.predict([{ ...instance, petal_width: '0.2' }]);
    // @ts-expect-error a feature the spec does not have
    void client.predict([{ ...instance, colour: 1 }]);
  });

  it('answers labels from the spec classes', async () => {
    const answer = await client.predict([instance]);
    expectTypeOf(answer).toEqualTypeOf<PredictResponse>();
    expectTypeOf(answer.model).toEqualTypeOf<{ name: string; version: string }>();
    expectTypeOf(answer.predictions)
      .items.toHaveProperty('label')
      .toEqualTypeOf<'setosa' | 'versicolor' | 'virginica'>();
    expectTypeOf(answer.predictions)
      .items.toHaveProperty('probabilities')
      .toEqualTypeOf<Record<Label, number>>();
    // @ts-expect-error not a class of the spec
    const wrong: Label = 'rose';
    void wrong;
  });
});

describe('predictRows', () => {
  it('takes rows of exactly four numbers and answers labels', async () => {
    expectTypeOf<FeatureRow>().toEqualTypeOf<[number, number, number, number]>();
    expectTypeOf(await client.predictRows([[5.1, 3.5, 1.4, 0.2]])).toEqualTypeOf<Label[]>();
    // @ts-expect-error a row too short
    void client.predictRows([[5.1, 3.5, 1.4]]);
    // @ts-expect-error a row too long
    void client.predictRows([[5.1, 3.5, 1.4, 0.2, 9]]);
    // @ts-expect-error a value of the wrong type
    void client.predictRows([[5.1, 3.5, 1.4, '0.2']]);
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
