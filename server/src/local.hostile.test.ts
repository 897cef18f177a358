// Hostile bodies over real HTTP to the local host: a seeded set of byte-mutated bodies and every
// worst-case shape at the body limit. No 5xx, every refusal a documented problem, each within budget.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainFromConfig } from '@forestfn/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  mutatedBodies,
  worstCaseBodies,
  worstCaseInferBodies,
} from '../../packages/service/test/hostileBodies.js';
import { type LocalServer, startLocalServer } from './local.js';

// Generous against this shared 2-core machine; the failures these catch took seconds or never ended.
const budgetMs = 500;
let dir: string;
let server: LocalServer;
let codes: Set<string>;
let maxBodyBytes: number;
let inferPath: string;
const agent = new Agent({ keepAlive: true, maxSockets: 4 });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'forestfn-hostile-'));
  const { artifact } = await trainFromConfig();
  await writeFile(join(dir, 'model.bin'), artifact);
  server = await startLocalServer({ port: 0, artifactPath: join(dir, 'model.bin') });
  const spec = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as {
    components: { schemas: { ErrorCode: { enum: string[] } } };
    'x-forestfn': { maxBodyBytes: number };
  };
  codes = new Set(spec.components.schemas.ErrorCode.enum);
  maxBodyBytes = spec['x-forestfn'].maxBodyBytes;
  const health = (await (await fetch(`${server.url}/api/health`)).json()) as { model: { name: string } };
  inferPath = `/v2/models/${health.model.name}/infer`;
});

afterAll(async () => {
  agent.destroy();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

/** POSTs raw bytes (not necessarily UTF-8 or JSON) and reads the answer. */
function post(
  body: Uint8Array,
  path = '/api/predict',
): Promise<{ status: number; type: string | undefined; text: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.url}${path}`, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': body.byteLength },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: res.headers['content-type'],
          text: Buffer.concat(chunks).toString('utf8'),
          ms: performance.now() - started,
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

function expectDocumentedOutcome(answer: Awaited<ReturnType<typeof post>>, context: string): void {
  expect(answer.status, context).toBeLessThan(500);
  expect(answer.ms, context).toBeLessThan(budgetMs);
  if (answer.status === 200) return;
  if (context.startsWith('v2')) {
    // The Open Inference Protocol's error: one string.
    expect(answer.type, context).toBe('application/json');
    expect(Object.keys(JSON.parse(answer.text)), context).toEqual(['error']);
    return;
  }
  expect(answer.type, context).toBe('application/problem+json');
  const problem = JSON.parse(answer.text) as { errors: { code: string }[] };
  expect(problem.errors.length, context).toBeGreaterThan(0);
  for (const error of problem.errors) expect(codes.has(error.code), context).toBe(true);
}

describe('the local host under hostile input', () => {
  it('answers 1,000 byte-mutated bodies over HTTP with 200 or a documented 4xx', async () => {
    for (const body of mutatedBodies(1_000, 99)) {
      expectDocumentedOutcome(await post(body), Buffer.from(body).toString('latin1').slice(0, 200));
    }
  });

  it('answers every worst-case shape at the body limit within budget, then keeps serving', async () => {
    const encoder = new TextEncoder();
    for (const [name, body] of Object.entries(worstCaseBodies(maxBodyBytes))) {
      const answer = await post(encoder.encode(body));
      expectDocumentedOutcome(answer, name);
      expect(answer.status, name).not.toBe(413);
    }
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
  });

  it('answers 500 byte-mutated and every worst-case V2 infer body the same way', async () => {
    for (const body of mutatedBodies(500, 7, 'infer')) {
      expectDocumentedOutcome(
        await post(body, inferPath),
        `v2 ${Buffer.from(body).toString('latin1').slice(0, 200)}`,
      );
    }
    const encoder = new TextEncoder();
    for (const [name, body] of Object.entries(worstCaseInferBodies(maxBodyBytes))) {
      const answer = await post(encoder.encode(body), inferPath);
      expectDocumentedOutcome(answer, `v2 ${name}`);
      expect(answer.status, name).toBe(400);
    }
    expect((await fetch(`${server.url}/v2/health/ready`)).status).toBe(200);
  });
});
