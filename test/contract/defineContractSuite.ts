// The one contract suite every host of the API must pass: the mock (MSW, in-process), the local host
// (HTTP) and a deployment. Each test checks the status, the headers and that the body matches the spec.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Model } from '../../packages/model/src/index.js';
import {
  categoricalFeatures,
  exampleRows,
  inferBody,
  instancePointer,
  numericFeatures,
  predictRows,
  type Row,
  rowWith,
  sampleRows,
  toInstance,
  unknownCategoryOf,
} from '../../packages/service/test/samples.js';
import { assertProtocol, type ProtocolSchema } from './openInferenceProtocol.js';
import { assertMatches, featureNames, labels, maxBodyBytes, maxInstances, spec } from './schemas.js';

export interface RunningTarget {
  /** The API's origin; its paths start with `/api`. */
  baseUrl: string;
  /** Stops whatever `start()` started. */
  close?: () => Promise<void> | void;
}

export interface ContractTarget {
  /** Names the target in test titles. */
  name: string;
  /** The key the target requires for predict and getModel; undefined when it serves without one. */
  apiKey: string | undefined;
  /**
   * The host checks the key before the service sees the request (Azure Functions with authLevel
   * 'function'): its 401 is the platform's, with no problem body, so only the status is checked.
   */
  platformAuth?: boolean;
  /**
   * The target always needs a key for predict and getModel, even when the suite is not given it
   * (a deployment): its 401 without a key is then checked too.
   */
  alwaysKeyed?: boolean;
  /**
   * The model the target serves, when the suite can load it (a host of this repository's artifact):
   * every prediction must then be that model's own, label and probabilities. Without it (a deployment)
   * the answers are checked against the spec only.
   */
  model?: () => Promise<Model>;
  /** Starts or reaches the target, once before the suite. */
  start: () => Promise<RunningTarget>;
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  body: unknown;
}

interface SendOptions {
  /** Sent as JSON with `content-type: application/json`. */
  json?: unknown;
  /** Sent as is (with `contentType`, when given). */
  raw?: RequestInit['body'];
  contentType?: string;
  headers?: Record<string, string>;
  /** Which key to send when the target has one: its own (default), none or a wrong one. */
  key?: 'valid' | 'none' | 'wrong';
  /** Sends the key as the `code` query parameter instead of the header. */
  keyInQuery?: boolean;
}

// Sample requests from the spec (its examples and values over the observed ranges and categories), so
// the suite holds whatever table was adopted. The first is the spec's own example.
const sampleInstances = sampleRows.map(toInstance);
const firstRow = exampleRows[0] as Row;
const firstInstance = toInstance(firstRow);
const [lastFeature = ''] = featureNames.slice(-1);
const [firstFeature = ''] = featureNames;
const numericFeature = numericFeatures[0];
const numericIndex = featureNames.indexOf(numericFeature ?? '');
const categoricalFeature = categoricalFeatures[0];
const categoricalIndex = featureNames.indexOf(categoricalFeature ?? '');
/** A name that is no feature of the table. */
const extraFeature = featureNames.includes('colour') ? 'colour_' : 'colour';
/** A value of the wrong JSON type for the first feature. */
const wrongForFirst = categoricalFeatures.includes(firstFeature) ? 1 : 'x';
const requestTimeoutMs = 20_000;
const versionPattern = /^[0-9a-f]{16}$/;
const requestIdPattern = new RegExp(spec.components.parameters.RequestId.schema.pattern);
/** A value no answer may repeat: errors never echo input. */
const canary = 'forestfn-canary-9d2e';

/** Defines the contract tests against one target. */
export function defineContractSuite(target: ContractTarget): void {
  describe(`contract: ${target.name}`, () => {
    let running: RunningTarget | undefined;
    let model: Model | undefined;
    beforeAll(async () => {
      model = await target.model?.();
      running = await target.start();
    });
    afterAll(async () => {
      await running?.close?.();
    });

    async function send(method: string, path: string, options: SendOptions = {}): Promise<Answer> {
      if (!running) throw new Error(`${target.name} did not start`);
      const url = new URL(path, running.baseUrl);
      const headers = new Headers(options.headers);
      const key = options.key ?? 'valid';
      const keyValue =
        key === 'valid' ? target.apiKey : key === 'wrong' ? `${target.apiKey ?? ''}x-wrong` : undefined;
      if (keyValue !== undefined) {
        if (options.keyInQuery) url.searchParams.set('code', keyValue);
        else headers.set('x-functions-key', keyValue);
      }
      let body: RequestInit['body'] | undefined = options.raw;
      if (options.json !== undefined) {
        body = JSON.stringify(options.json);
        headers.set('content-type', 'application/json');
      }
      if (options.contentType !== undefined) headers.set('content-type', options.contentType);
      // A hung answer fails with the request named instead of the whole test timing out.
      const init: RequestInit & { duplex?: 'half' } = {
        method,
        headers,
        signal: AbortSignal.timeout(requestTimeoutMs),
      };
      if (body !== undefined) init.body = body;
      if (body instanceof ReadableStream) init.duplex = 'half';
      const response = await fetch(url, init).catch((error: unknown) => {
        throw new Error(`${method} ${path} to ${target.name} failed: ${String(error)}`, { cause: error });
      });
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      // Every answer, success or error, carries the request id and the model version.
      expect(response.headers.get('x-request-id'), `${method} ${path}: x-request-id`).toMatch(
        requestIdPattern,
      );
      expect(response.headers.get('x-model-version'), `${method} ${path}: x-model-version`).toMatch(
        versionPattern,
      );
      expect(text, 'no stack traces').not.toMatch(/\n\s+at .+[:(]/);
      return { status: response.status, headers: response.headers, text, body: parsed };
    }

    function expectJson(answer: Answer, schema: Parameters<typeof assertMatches>[0]): void {
      expect(answer.status, answer.text).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^application\/json\b/);
      assertMatches(schema, answer.body);
    }

    function expectProblem(
      answer: Answer,
      status: number,
      errors: Array<{ pointer: string; code: string }>,
    ): void {
      expect(answer.status, answer.text).toBe(status);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json\b/);
      assertMatches('Problem', answer.body);
      const problem = answer.body as {
        status: number;
        requestId: string;
        errors: Array<{ pointer: string; code: string }>;
      };
      expect(problem.status).toBe(status);
      expect(problem.requestId).toBe(answer.headers.get('x-request-id'));
      for (const error of errors) expect(problem.errors).toContainEqual(expect.objectContaining(error));
      expect(answer.text).not.toContain(canary);
    }

    const predict = (json: unknown, options: SendOptions = {}) =>
      send('POST', '/api/predict', { ...options, json });

    describe('predict', () => {
      it('answers the typed form with one prediction per instance, in order, and the model identity', async () => {
        const answer = await predict({ instances: sampleInstances });
        expectJson(answer, 'PredictResponse');
        const body = answer.body as {
          model: { version: string };
          predictions: Array<{ label: string; probabilities: Record<string, number> }>;
        };
        expect(body.model.version).toBe(answer.headers.get('x-model-version'));
        expect(body.predictions).toHaveLength(sampleInstances.length);
        if (model) {
          // In order, each the served model's own answer.
          expect(body.model.version).toBe(model.card.version);
          expect(body.predictions).toEqual(
            predictRows(model, sampleRows).map(({ label, probabilities }) => ({ label, probabilities })),
          );
        }
        for (const { label, probabilities } of body.predictions) {
          expect(labels).toContain(label);
          expect(Object.keys(probabilities)).toEqual(labels);
          const shares = Object.values(probabilities);
          expect(shares.reduce((sum, share) => sum + share, 0)).toBeCloseTo(1, 9);
          // The label is a class with the largest share (on a split vote, the first to reach it while the
          // trees are counted, which need not be the first in label order).
          expect(probabilities[label]).toBe(Math.max(...shares));
        }
      });

      it('answers the seed-compatible form (bare rows) with a bare array of labels, as the typed form does', async () => {
        const answer = await predict(sampleRows);
        expectJson(answer, 'PredictRowsResponse');
        const typed = (await predict({ instances: sampleInstances })).body as {
          predictions: Array<{ label: string }>;
        };
        expect(answer.body).toEqual(typed.predictions.map((prediction) => prediction.label));
      });

      it(`takes up to ${maxInstances} instances or rows per request`, async () => {
        const rows = Array.from({ length: maxInstances }, (_, i) => sampleRows[i % sampleRows.length] ?? []);
        const typed = await predict({ instances: rows.map(toInstance) });
        expectJson(typed, 'PredictResponse');
        expect((typed.body as { predictions: unknown[] }).predictions).toHaveLength(maxInstances);
        const bare = await predict(rows);
        expectJson(bare, 'PredictRowsResponse');
        expect(bare.body).toHaveLength(maxInstances);
      });

      it('echoes a valid x-request-id and replaces an invalid one', async () => {
        const echoed = await predict(sampleRows, { headers: { 'x-request-id': 'order-42.retry:1_a' } });
        expect(echoed.headers.get('x-request-id')).toBe('order-42.retry:1_a');
        const replaced = await predict(sampleRows, { headers: { 'x-request-id': 'has spaces' } });
        expect(replaced.headers.get('x-request-id')).not.toBe('has spaces');
        const tooLong = await send('GET', '/api/health', { headers: { 'x-request-id': 'a'.repeat(129) } });
        expect(tooLong.headers.get('x-request-id')).not.toBe('a'.repeat(129));
      });

      type InvalidBody = [string, unknown, Array<{ pointer: string; code: string }>];
      const invalidBodies: InvalidBody[] = [
        [
          'a missing feature',
          { instances: [{ ...firstInstance, [lastFeature]: undefined }] },
          [{ pointer: instancePointer(lastFeature), code: 'required' }],
        ],
        [
          'an unknown feature',
          { instances: [firstInstance, { ...firstInstance, [extraFeature]: canary }] },
          [{ pointer: `/instances/1/${extraFeature}`, code: 'unknown_field' }],
        ],
        [
          'an unknown top-level field',
          { instances: [firstInstance], extra: canary },
          [{ pointer: '/extra', code: 'unknown_field' }],
        ],
        [
          'null for a feature',
          { instances: [{ ...firstInstance, [firstFeature]: null }] },
          [{ pointer: instancePointer(firstFeature), code: 'invalid_type' }],
        ],
        ['no instances', { instances: [] }, [{ pointer: '/instances', code: 'too_few_items' }]],
        ['no instances field', {}, [{ pointer: '/instances', code: 'required' }]],
        [
          'too many instances',
          { instances: Array.from({ length: maxInstances + 1 }, () => firstInstance) },
          [{ pointer: '/instances', code: 'too_many_items' }],
        ],
        [
          'several errors at once',
          {
            instances: [
              { ...firstInstance, [firstFeature]: wrongForFirst },
              { ...firstInstance, [lastFeature]: undefined },
            ],
          },
          [
            { pointer: instancePointer(firstFeature), code: 'invalid_type' },
            { pointer: `/instances/1/${lastFeature}`, code: 'required' },
          ],
        ],
        ['a short row', [firstRow.slice(1)], [{ pointer: '/0', code: 'too_few_items' }]],
        ['a long row', [firstRow, [...firstRow, 1]], [{ pointer: '/1', code: 'too_many_items' }]],
        ['no rows', [], [{ pointer: '', code: 'too_few_items' }]],
        [
          'too many rows',
          Array.from({ length: maxInstances + 1 }, () => firstRow),
          [{ pointer: '', code: 'too_many_items' }],
        ],
        ['a number for a body', 42, [{ pointer: '', code: 'invalid_type' }]],
        ['a string for a body', canary, [{ pointer: '', code: 'invalid_type' }]],
      ];
      // A string is no number: when the table has a numeric feature.
      if (numericFeature !== undefined) {
        invalidBodies.push(
          [
            'a string for a number',
            { instances: [{ ...firstInstance, [numericFeature]: canary }] },
            [{ pointer: instancePointer(numericFeature), code: 'invalid_type' }],
          ],
          [
            'a string in a row',
            [rowWith(numericIndex, canary, firstRow)],
            [{ pointer: `/0/${numericIndex}`, code: 'invalid_type' }],
          ],
        );
      }
      // A category is one of the feature's enum, a string: when the table has a categorical feature.
      if (categoricalFeature !== undefined) {
        const unknown = unknownCategoryOf(categoricalFeature, canary);
        invalidBodies.push(
          [
            'an unknown category',
            { instances: [{ ...firstInstance, [categoricalFeature]: unknown }] },
            [{ pointer: instancePointer(categoricalFeature), code: 'invalid_value' }],
          ],
          [
            'an unknown category in a row',
            [rowWith(categoricalIndex, unknown, firstRow)],
            [{ pointer: `/0/${categoricalIndex}`, code: 'invalid_value' }],
          ],
          [
            'a number for a category',
            { instances: [{ ...firstInstance, [categoricalFeature]: 1 }] },
            [{ pointer: instancePointer(categoricalFeature), code: 'invalid_type' }],
          ],
        );
      }
      for (const [name, body, errors] of invalidBodies) {
        it(`answers 400 with pointers and codes for ${name}`, async () => {
          expectProblem(await predict(body), 400, errors);
        });
      }

      it('answers 400 invalid_json for a body that is not JSON, and 400 empty_body for an empty one', async () => {
        const broken = await send('POST', '/api/predict', {
          raw: `{"instances": [{"${firstFeature}": ${canary}`,
          contentType: 'application/json',
        });
        expectProblem(broken, 400, [{ pointer: '', code: 'invalid_json' }]);
        const empty = await send('POST', '/api/predict', { raw: '', contentType: 'application/json' });
        expectProblem(empty, 400, [{ pointer: '', code: 'empty_body' }]);
      });

      it(`answers 413 for a body over ${maxBodyBytes} bytes, and reads a body of exactly that size`, async () => {
        const padded = (size: number) => '{"instances":[]}'.padEnd(size, ' ');
        const over = await send('POST', '/api/predict', {
          raw: padded(maxBodyBytes + 1),
          contentType: 'application/json',
        });
        expectProblem(over, 413, [{ pointer: '', code: 'payload_too_large' }]);
        const atLimit = await send('POST', '/api/predict', {
          raw: padded(maxBodyBytes),
          contentType: 'application/json',
        });
        expectProblem(atLimit, 400, [{ pointer: '/instances', code: 'too_few_items' }]);
      });

      it('answers 413 for an oversized body streamed without a Content-Length', async () => {
        const chunk = new TextEncoder().encode(' '.repeat(64 * 1024));
        let sent = 0;
        const stream = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (sent > maxBodyBytes) return controller.close();
            if (sent === 0) controller.enqueue(new TextEncoder().encode('{"instances":[]}'));
            controller.enqueue(chunk);
            sent += chunk.byteLength;
          },
        });
        const answer = await send('POST', '/api/predict', { raw: stream, contentType: 'application/json' });
        expectProblem(answer, 413, [{ pointer: '', code: 'payload_too_large' }]);
      });

      it('answers 415 for a body that is not application/json', async () => {
        const body = JSON.stringify({ instances: sampleInstances });
        expectProblem(await send('POST', '/api/predict', { raw: body, contentType: 'text/plain' }), 415, [
          { pointer: '', code: 'unsupported_media_type' },
        ]);
        const form = await send('POST', '/api/predict', {
          raw: `${firstFeature}=1`,
          contentType: 'application/x-www-form-urlencoded',
        });
        expectProblem(form, 415, [{ pointer: '', code: 'unsupported_media_type' }]);
        // Bytes with no Content-Type at all.
        const untyped = await send('POST', '/api/predict', { raw: new TextEncoder().encode(body) });
        expectProblem(untyped, 415, [{ pointer: '', code: 'unsupported_media_type' }]);
      });
    });

    describe('getModel', () => {
      it('answers the model card: the spec features in order, the spec labels, the served version', async () => {
        const answer = await send('GET', '/api/model');
        expectJson(answer, 'ModelCard');
        const card = answer.body as {
          version: string;
          name: string;
          features: Array<{ name: string }>;
          labels: string[];
        };
        expect(card.version).toBe(answer.headers.get('x-model-version'));
        expect(card.features.map((feature) => feature.name)).toEqual(featureNames);
        expect(card.labels).toEqual(labels);
        const predicted = (await predict({ instances: [firstInstance] })).body as { model: unknown };
        expect(predicted.model).toEqual({ name: card.name, version: card.version });
      });
    });

    describe('health', () => {
      it('answers ok and ready with the model identity, without a key', async () => {
        const answer = await send('GET', '/api/health', { key: 'none' });
        expectJson(answer, 'Health');
        const health = answer.body as { status: string; ready: boolean; model: { version: string } };
        expect(health).toMatchObject({ status: 'ok', ready: true });
        expect(health.model.version).toBe(answer.headers.get('x-model-version'));
      });
    });

    describe('getOpenApi', () => {
      it('answers this contract, unchanged, without a key', async () => {
        const answer = await send('GET', '/api/openapi.json', { key: 'none' });
        expectJson(
          answer,
          spec.paths['/api/openapi.json'].get.responses['200'].content['application/json'].schema,
        );
        expect(answer.body).toEqual(JSON.parse(JSON.stringify(spec)));
      });
    });

    describe('auth', () => {
      const hasKey = target.apiKey !== undefined;

      it.skipIf(hasKey || !target.alwaysKeyed)(
        'answers 401 to predict and getModel without a key',
        async () => {
          for (const answer of [
            await predict(sampleRows, { key: 'none' }),
            await send('GET', '/api/model', { key: 'none' }),
          ]) {
            if (target.platformAuth) expect(answer.status).toBe(401);
            else expectProblem(answer, 401, [{ pointer: '', code: 'unauthorized' }]);
          }
        },
      );

      it.skipIf(!hasKey)(
        'answers 401 to predict and getModel without the key or with a wrong one',
        async () => {
          const unauthorized = [{ pointer: '', code: 'unauthorized' }];
          const expect401 = (answer: Answer) =>
            target.platformAuth ? expect(answer.status).toBe(401) : expectProblem(answer, 401, unauthorized);
          expect401(await predict(sampleRows, { key: 'none' }));
          expect401(await predict(sampleRows, { key: 'wrong' }));
          expect401(await predict(sampleRows, { key: 'wrong', keyInQuery: true }));
          expect401(await send('GET', '/api/model', { key: 'none' }));
          expect401(await send('GET', '/api/model', { key: 'wrong' }));
        },
      );

      it.skipIf(!hasKey)('takes the key as the code query parameter too', async () => {
        expectJson(await predict(sampleRows, { keyInQuery: true }), 'PredictRowsResponse');
        expectJson(await send('GET', '/api/model', { keyInQuery: true }), 'ModelCard');
      });

      it.skipIf(hasKey)('serves predict and getModel without a key when none is configured', async () => {
        expectJson(await predict(sampleRows, { key: 'none' }), 'PredictRowsResponse');
        expectJson(await send('GET', '/api/model', { key: 'none' }), 'ModelCard');
      });
    });

    describe('Open Inference Protocol V2 (/v2)', () => {
      /** The served model's name and version, as an anonymous caller learns them (health). */
      async function served(): Promise<{ name: string; version: string }> {
        const health = await send('GET', '/api/health', { key: 'none' });
        return (health.body as { model: { name: string; version: string } }).model;
      }
      /** A 200 answer that matches both the protocol's schema and spec/openapi.yaml's. */
      function expectV2(
        answer: Answer,
        protocolSchema: ProtocolSchema | undefined,
        ours: Parameters<typeof assertMatches>[0],
      ) {
        expectJson(answer, ours);
        if (protocolSchema) assertProtocol(protocolSchema, answer.body);
      }
      /** The protocol's error: `{"error": "..."}` with this status, quoting nothing that was sent. */
      function expectV2Error(answer: Answer, status: number, protocolSchema: ProtocolSchema): void {
        expect(answer.status, answer.text).toBe(status);
        expect(answer.headers.get('content-type')).toMatch(/^application\/json\b/);
        assertProtocol(protocolSchema, answer.body);
        assertMatches('V2Error', answer.body);
        expect(answer.text).not.toContain(canary);
      }
      const infer = async (body: string, options: SendOptions = {}, version?: string) => {
        const { name } = await served();
        assertProtocol('inference_request', JSON.parse(body));
        const path = `/v2/models/${name}${version === undefined ? '' : `/versions/${version}`}/infer`;
        return send('POST', path, { raw: body, contentType: 'application/json', ...options });
      };

      it('answers server metadata, liveness and readiness without a key', async () => {
        expectV2(await send('GET', '/v2', { key: 'none' }), 'metadata_server_response', 'V2ServerMetadata');
        expectV2(await send('GET', '/v2/health/live', { key: 'none' }), undefined, 'V2ServerLive');
        expectV2(await send('GET', '/v2/health/ready', { key: 'none' }), undefined, 'V2ServerReady');
        const { name, version } = await served();
        for (const path of [`/v2/models/${name}/ready`, `/v2/models/${name}/versions/${version}/ready`]) {
          const answer = await send('GET', path, { key: 'none' });
          expectV2(answer, undefined, 'V2ModelReady');
          expect(answer.body).toEqual({ name, ready: true });
        }
      });

      it('describes the model: one FP64 [-1, F] input in feature order, labels and probabilities out', async () => {
        const { name, version } = await served();
        for (const path of [`/v2/models/${name}`, `/v2/models/${name}/versions/${version}`]) {
          const answer = await send('GET', path);
          expectV2(answer, 'metadata_model_response', 'V2ModelMetadata');
          const metadata = answer.body as {
            versions: string[];
            inputs: { datatype: string; shape: number[] }[];
            outputs: { name: string; datatype: string; shape: number[] }[];
            properties: Record<string, string>;
          };
          expect(metadata.versions).toEqual([version]);
          expect(metadata.inputs).toEqual([
            { name: 'features', datatype: 'FP64', shape: [-1, featureNames.length] },
          ]);
          expect(metadata.outputs.map((o) => [o.name, o.datatype, o.shape])).toEqual([
            ['label', 'BYTES', [-1]],
            ['probabilities', 'FP64', [-1, labels.length]],
          ]);
          expect(JSON.parse(metadata.properties.features ?? '')).toEqual(featureNames);
          expect(JSON.parse(metadata.properties.labels ?? '')).toEqual(labels);
        }
      });

      it('infers what /api/predict answers, in the metadata order, echoing the request id', async () => {
        const answer = await infer(inferBody(sampleRows, { id: 'contract-1' }));
        expectV2(answer, 'inference_response', 'V2InferenceResponse');
        const body = answer.body as {
          id: string;
          model_version: string;
          outputs: { name: string; shape: number[]; data: unknown[] }[];
        };
        expect(body.id).toBe('contract-1');
        expect(body.model_version).toBe(answer.headers.get('x-model-version'));
        const typed = (await predict({ instances: sampleInstances })).body as {
          predictions: Array<{ label: string; probabilities: Record<string, number> }>;
        };
        const [label, probabilities] = body.outputs;
        expect(label).toMatchObject({ name: 'label', shape: [sampleRows.length] });
        expect(label?.data).toEqual(typed.predictions.map((p) => p.label));
        expect(probabilities).toMatchObject({
          name: 'probabilities',
          shape: [sampleRows.length, labels.length],
        });
        expect(probabilities?.data).toEqual(
          typed.predictions.flatMap((p) => labels.map((l) => p.probabilities[l])),
        );
        if (model) expect(label?.data).toEqual(predictRows(model, sampleRows).map((p) => p.label));
        // The versioned form, and only the outputs asked for.
        const { version } = await served();
        const one = await infer(inferBody(sampleRows, { outputs: [{ name: 'probabilities' }] }), {}, version);
        expectV2(one, 'inference_response', 'V2InferenceResponse');
        expect((one.body as { outputs: { name: string }[] }).outputs.map((o) => o.name)).toEqual([
          'probabilities',
        ]);
      });

      it('answers 404 for another model or version, and an unknown route under /v2', async () => {
        const { name } = await served();
        expectV2Error(await send('GET', `/v2/models/${canary}`), 404, 'metadata_model_error_response');
        expectV2Error(
          await send('POST', `/v2/models/${name}/versions/${canary}/infer`, {
            raw: inferBody(sampleRows),
            contentType: 'application/json',
          }),
          404,
          'inference_error_response',
        );
        expectV2Error(await send('GET', `/v2/${canary}`), 404, 'metadata_server_error_response');
      });

      it('answers 400 with the protocol error for a request it cannot run', async () => {
        const row = sampleRows[0] as Row;
        for (const body of [
          `{"inputs": [${canary}`,
          inferBody([row]).replace('"FP64"', '"INT8"'),
          inferBody([row]).replace(/"shape":\[1,/, '"shape":[2,'),
          inferBody([row], { outputs: [{ name: canary }] }),
        ]) {
          const answer = await send('POST', `/v2/models/${(await served()).name}/infer`, {
            raw: body,
            contentType: 'application/json',
          });
          expectV2Error(answer, 400, 'inference_error_response');
        }
      });

      it(`applies /api's body limit (413) and key (401)`, async () => {
        const over = await infer(inferBody([sampleRows[0] as Row]).padEnd(maxBodyBytes + 1, ' '));
        expectV2Error(over, 413, 'inference_error_response');
        if (target.apiKey === undefined && !target.alwaysKeyed) return;
        for (const answer of [
          await infer(inferBody(sampleRows), { key: 'none' }),
          await send('GET', `/v2/models/${(await served()).name}`, { key: 'none' }),
        ]) {
          if (target.platformAuth) expect(answer.status).toBe(401);
          else expectV2Error(answer, 401, 'inference_error_response');
        }
      });
    });

    describe('routing', () => {
      it('answers 404 not_found for a path that does not exist', async () => {
        expectProblem(await send('GET', '/api/does-not-exist'), 404, [{ pointer: '', code: 'not_found' }]);
        expectProblem(await send('POST', '/api/predict/extra', { json: sampleRows }), 404, [
          { pointer: '', code: 'not_found' },
        ]);
      });

      const wrongMethods: Array<[string, string, string]> = [
        ['GET', '/api/predict', 'POST'],
        ['PUT', '/api/predict', 'POST'],
        ['POST', '/api/model', 'GET'],
        ['DELETE', '/api/health', 'GET'],
        ['POST', '/api/openapi.json', 'GET'],
      ];
      for (const [method, path, allowed] of wrongMethods) {
        it(`answers 405 method_not_allowed to ${method} ${path}, allowing ${allowed}`, async () => {
          const answer = await send(method, path);
          expectProblem(answer, 405, [{ pointer: '', code: 'method_not_allowed' }]);
          expect(answer.headers.get('allow')?.split(/,\s*/)).toContain(allowed);
        });
      }
    });
  });
}
