import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Model, ModelLoadError, trainFromConfig } from '@forestfn/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleRows, labelsFor, type Row, toInstance } from '../../packages/service/test/samples.js';
import { type LocalServer, startLocalServer } from './local.js';

let dir: string;
let artifactPath: string;
let server: LocalServer;
let version: string;
let model: Model;

// Requests from the spec's examples, valid whatever the table; the answers are asked of the model.
const firstRow = exampleRows[0] as Row;
const lastRow = exampleRows.at(-1) as Row;
const seedBody = JSON.stringify([firstRow]);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'forestfn-local-'));
  artifactPath = join(dir, 'model.bin');
  let artifact: Uint8Array;
  ({ model, artifact } = await trainFromConfig());
  version = model.card.version;
  await writeFile(artifactPath, artifact);
  server = await startLocalServer({ port: 0, artifactPath });
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const predict = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

/** A free port nobody listens on (it was free a moment ago). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function refusesConnections(url: string): Promise<boolean> {
  return fetch(`${url}/api/health`).then(
    () => false,
    (error: Error & { cause?: { code?: string } }) => error.cause?.code === 'ECONNREFUSED',
  );
}

/** POSTs `total` bytes in 64 KiB chunks over raw node:http, without Content-Length. */
function streamBody(url: string, total: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}/api/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (text: string) => {
        body += text;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    // The server may close its side once it has answered; the answer already arrived by then.
    req.on('error', (error) =>
      error.message.includes('EPIPE') || error.message.includes('ECONNRESET') ? undefined : reject(error),
    );
    pump();
  });
}

describe('startLocalServer', () => {
  it('serves the seed form over HTTP', async () => {
    const response = await predict(seedBody);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-model-version')).toBe(version);
    expect(await response.json()).toEqual(labelsFor(model, [firstRow]));
  });

  it('serves the typed form, health, the card and the spec', async () => {
    const typed = await predict(JSON.stringify({ instances: [toInstance(lastRow)] }));
    expect(((await typed.json()) as { predictions: { label: string }[] }).predictions[0]?.label).toBe(
      labelsFor(model, [lastRow])[0],
    );
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as { status: string };
    expect(health.status).toBe('ok');
    expect(((await (await fetch(`${server.url}/api/model`)).json()) as { version: string }).version).toBe(
      version,
    );
    expect((await fetch(`${server.url}/api/openapi.json`)).status).toBe(200);
  });

  it('echoes a valid request id and generates one otherwise', async () => {
    const echoed = await fetch(`${server.url}/api/health`, { headers: { 'x-request-id': 'local-test-1' } });
    expect(echoed.headers.get('x-request-id')).toBe('local-test-1');
    const generated = await fetch(`${server.url}/api/health`, { headers: { 'x-request-id': 'not valid!' } });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 404 for an unknown route and 405 with Allow for a wrong method', async () => {
    const missing = await fetch(`${server.url}/api/nope`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
    const wrong = await fetch(`${server.url}/api/predict`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
  });

  it('refuses a big streamed body with 413, then keeps serving', async () => {
    const { status, body } = await streamBody(server.url, 8 * 1024 * 1024);
    expect(status).toBe(413);
    expect(JSON.parse(body).errors[0].code).toBe('payload_too_large');
    expect(await (await predict(seedBody)).json()).toEqual(labelsFor(model, [firstRow]));
  });

  it('refuses a declared oversized body with 413', async () => {
    const response = await predict(`[${' '.repeat(2 * 1024 * 1024)}]`);
    expect(response.status).toBe(413);
  });

  it('keeps serving identically after bad input', async () => {
    const good = JSON.stringify({ instances: exampleRows.map(toInstance) });
    const before = await (await predict(good)).text();
    const nanRow = JSON.stringify([['NaN', ...firstRow.slice(1)]]);
    for (const bad of ['{', '', '[]', nanRow, '{"__proto__":{"x":1}}', 'null']) {
      expect((await predict(bad)).status).toBe(400);
    }
    expect((await predict(seedBody, { 'content-type': 'text/plain' })).status).toBe(415);
    expect(await (await predict(good)).text()).toBe(before);
  });

  it('requires the key when one is set', async () => {
    const keyed = await startLocalServer({ port: 0, artifactPath, apiKey: 'local-key' });
    try {
      const call = (headers: Record<string, string>) =>
        fetch(`${keyed.url}/api/predict`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: seedBody,
        });
      expect((await call({})).status).toBe(401);
      expect((await call({ 'x-functions-key': 'local-key' })).status).toBe(200);
      expect((await fetch(`${keyed.url}/api/health`)).status).toBe(200);
    } finally {
      await keyed.close();
    }
  });

  it('stops listening on close', async () => {
    const other = await startLocalServer({ port: 0, artifactPath });
    expect((await fetch(`${other.url}/api/health`)).status).toBe(200);
    await other.close();
    expect(await refusesConnections(other.url)).toBe(true);
  });
});

describe('startLocalServer with a bad artifact', () => {
  async function expectNoServer(path: string, message: RegExp): Promise<void> {
    const port = await freePort();
    const error = await startLocalServer({ port, artifactPath: path }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/pnpm train/);
    expect(await refusesConnections(`http://127.0.0.1:${port}`)).toBe(true);
  }

  it('fails to start when the artifact is missing', async () => {
    await expectNoServer(join(dir, 'absent.bin'), /does not exist/);
  });

  it('fails to start when the artifact is corrupt', async () => {
    const corrupt = join(dir, 'corrupt.bin');
    const bytes = await readFile(artifactPath);
    await writeFile(corrupt, bytes.subarray(0, bytes.byteLength / 2));
    await expectNoServer(corrupt, /it is truncated/);
  });

  it('fails to start when the artifact was changed after training', async () => {
    const tampered = join(dir, 'tampered.bin');
    const bytes = await readFile(artifactPath);
    const at = bytes.indexOf('"labels":["') + '"labels":["'.length;
    bytes[at] = bytes[at] === 0x78 ? 0x79 : 0x78;
    await writeFile(tampered, bytes);
    await expectNoServer(tampered, /changed after training/);
  });
});
