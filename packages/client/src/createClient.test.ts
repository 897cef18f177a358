// The client from source against the real local host (service + trained model), so each claim is
// checked against what the API really answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer } from '../../../server/src/local.js';
import {
  exampleRows,
  featureNames,
  instancePointer,
  type LabelledRow,
  loadTrainedModel,
  rowsPerLabel,
  toInstance,
} from '../../service/test/samples.js';
import { createClient } from './createClient.js';
import { AuthenticationError, BadRequestError, ClientError } from './errors.js';
import type { FeatureRow, Instance } from './types.js';

const apiKey = 'client-test-key';
let server: { url: string; close(): Promise<void> };
// One row per label the model answers (found by asking the model the local host serves).
let perLabel: LabelledRow[];

beforeAll(async () => {
  server = await startLocalServer({ port: 0, apiKey });
  perLabel = await rowsPerLabel(await loadTrainedModel());
});
afterAll(async () => {
  await server.close();
});

// The spec's example (valid whatever the table), as the client's types take it.
const instances = exampleRows.map((row) => toInstance(row) as Instance);
const lastFeature = featureNames.at(-1) as string;

describe('createClient against the local host', () => {
  it('predicts with both forms, in agreement, under the model being served', async () => {
    const client = createClient({ baseUrl: server.url, apiKey });
    const card = await client.getModel();
    const answer = await client.predict(perLabel.map(({ row }) => toInstance(row) as Instance));
    expect(answer.model).toEqual({ name: card.name, version: card.version });
    expect(answer.predictions.map((p) => p.label)).toEqual(perLabel.map(({ label }) => label));
    expect(perLabel.length).toBeGreaterThan(1);
    for (const { label, probabilities } of answer.predictions) {
      expect(Object.keys(probabilities)).toEqual(card.labels);
      expect(Math.max(...Object.values(probabilities))).toBe(probabilities[label]);
    }
    const rows = perLabel.map(({ row }) => row as FeatureRow);
    expect(await client.predictRows(rows)).toEqual(answer.predictions.map((p) => p.label));
  });

  it('answers health without a key', async () => {
    const health = await createClient({ baseUrl: server.url }).health();
    expect(health).toMatchObject({ status: 'ok', ready: true });
  });

  it('throws an AuthenticationError without the key', async () => {
    const error = await createClient({ baseUrl: server.url })
      .predict(instances)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).errors.map((e) => e.code)).toEqual(['unauthorized']);
  });

  it('throws a BadRequestError naming the field and echoing the request id', async () => {
    const client = createClient({ baseUrl: server.url, apiKey });
    const { [lastFeature]: _, ...incomplete } = instances[0] as Record<string, unknown>;
    const error = await client
      .predict([incomplete as never], { requestId: 'client-test-400' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    const { status, requestId, errors, message } = error as BadRequestError;
    expect({ status, requestId }).toEqual({ status: 400, requestId: 'client-test-400' });
    expect(errors).toContainEqual(
      expect.objectContaining({ pointer: instancePointer(lastFeature), code: 'required' }),
    );
    expect(message).toContain(`${instancePointer(lastFeature)}: required`);
  });

  it('refuses more than 1000 instances as the spec says', async () => {
    const client = createClient({ baseUrl: server.url, apiKey });
    const error = await client.predict(Array(1001).fill(instances[0])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    expect((error as ClientError).errors[0]?.code).toBe('too_many_items');
  });

  it('gives raw access with the same key and headers, errors returned rather than thrown', async () => {
    const client = createClient({ baseUrl: server.url, apiKey, headers: { 'x-request-id': 'raw-1' } });
    const ok = await client.raw.GET('/api/model');
    expect(ok.response.headers.get('x-request-id')).toBe('raw-1');
    expect(ok.response.headers.get('x-model-version')).toBe(ok.data?.version);
    const short = (exampleRows[0] ?? []).slice(0, -1);
    const bad = await client.raw.POST('/api/predict', { body: [short as never] });
    expect(bad.response.status).toBe(400);
    expect(bad.error?.errors[0]?.pointer).toMatch(/^\/0/);
  });
});
