// main.ts as `pnpm start` runs it: built to JavaScript, a child process, trained on first start, stopped by SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel } from '@forestfn/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleRows, labelsFor, type Row } from '../../packages/service/test/samples.js';
import { buildLocalHost, trainIfMissing } from './prepareLocalHost.js';

// A request from the spec's example, valid whatever the table; its answer is asked of the model.
const firstRow = exampleRows[0] as Row;
const seedBody = JSON.stringify([firstRow]);

const root = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;
let child: ChildProcess | undefined;

let entry: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'forestfn-main-'));
  // What `pnpm start` runs: main.ts built to plain JavaScript.
  entry = await buildLocalHost(join(dir, 'build'));
});

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

function start(env: Record<string, string>) {
  const proc = spawn(process.execPath, [entry], {
    cwd: root,
    env: { ...process.env, PORT: '0', FORESTFN_API_KEY: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
  });
  proc.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    proc.stdout.on('data', () => {
      const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
      if (url) resolve(url);
    });
    exited.then((code) => reject(new Error(`exited with ${code} before listening:\n${stdout}\n${stderr}`)));
  });
  // A run that is expected to fail never listens; awaiting `listening` still sees the rejection.
  listening.catch(() => undefined);
  return { proc, listening, exited, output: () => ({ stdout, stderr }) };
}

describe('pnpm start (prepareLocalHost.ts, then server/src/main.ts built)', () => {
  it('trains when the artifact is missing, serves, and exits 0 on SIGTERM', async () => {
    const artifact = join(dir, 'model.bin');
    expect(await trainIfMissing(artifact)).toBe(true);
    expect(existsSync(artifact)).toBe(true);
    expect(existsSync(join(dir, 'model-card.json'))).toBe(true);
    expect(await trainIfMissing(artifact)).toBe(false);
    const run = start({ FORESTFN_ARTIFACT: artifact });
    child = run.proc;
    const url = await run.listening;

    const health = await fetch(`${url}/api/health`, { headers: { 'x-request-id': 'main-test-1' } });
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe('ok');
    const predicted = await fetch(`${url}/api/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: seedBody,
    });
    expect(await predicted.json()).toEqual(labelsFor(await loadModel(artifact), [firstRow]));
    // The V2 example it prints is one the server answers.
    const printed = /Open Inference Protocol V2: curl -s '([^']+)' -d '([^']+)'/.exec(run.output().stdout);
    expect(printed).not.toBeNull();
    const inferred = await fetch(printed?.[1] as string, { method: 'POST', body: printed?.[2] as string });
    expect(inferred.status).toBe(200);
    expect(await inferred.json()).toHaveProperty('outputs');

    run.proc.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const { stdout } = run.output();
    expect(stdout).toMatch(/Try: curl -s http:\/\/\S+\/api\/predict/);
    expect(stdout).toMatch(/^GET \/api\/health 200 [\d.]+ms main-test-1$/m);
  });

  it('on SIGTERM answers every request in flight, refuses new connections and exits within 5 s', async () => {
    const artifact = join(dir, 'model.bin');
    await trainIfMissing(artifact);
    const run = start({ FORESTFN_ARTIFACT: artifact });
    child = run.proc;
    const url = await run.listening;
    const body = Buffer.from(seedBody);
    // Twenty requests whose bodies are half sent when the signal arrives.
    const inFlight = Array.from({ length: 20 }, () => {
      const req = httpRequest(`${url}/api/predict`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': body.byteLength,
          connection: 'close',
        },
      });
      const answered = new Promise<number>((resolve, reject) => {
        req.on('response', (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
      });
      req.write(body.subarray(0, 10));
      return { req, answered };
    });
    await fetch(`${url}/api/health`); // every request above has reached the server by now
    const signalled = performance.now();
    run.proc.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const refused = await fetch(`${url}/api/health`).then(
      () => 'answered',
      (error: Error & { cause?: { code?: string } }) => error.cause?.code,
    );
    expect(refused).toBe('ECONNREFUSED');
    for (const { req } of inFlight) req.end(body.subarray(10));
    expect(await Promise.all(inFlight.map(({ answered }) => answered))).toEqual(Array(20).fill(200));
    expect(await run.exited).toBe(0);
    expect(performance.now() - signalled).toBeLessThan(5_000);
  });

  it('on SIGTERM exits within 5 s even when a caller never finishes its body', async () => {
    const artifact = join(dir, 'model.bin');
    await trainIfMissing(artifact);
    const run = start({ FORESTFN_ARTIFACT: artifact });
    child = run.proc;
    const url = await run.listening;
    const stalled = httpRequest(`${url}/api/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': 1000 },
    });
    stalled.on('error', () => undefined);
    stalled.write('[[');
    await fetch(`${url}/api/health`);
    const signalled = performance.now();
    run.proc.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(performance.now() - signalled).toBeLessThan(5_000);
    stalled.destroy();
  });

  it('serves the API reference from the built host and answers CORS for FORESTFN_CORS_ORIGINS', async () => {
    const artifact = join(dir, 'model.bin');
    await trainIfMissing(artifact);
    const origin = 'http://localhost:5173';
    const run = start({
      FORESTFN_ARTIFACT: artifact,
      FORESTFN_CORS_ORIGINS: `${origin},https://app.example.com`,
    });
    child = run.proc;
    const url = await run.listening;
    const page = await fetch(`${url}/api/docs`);
    expect(page.status).toBe(200);
    const bundle = /src="(docs\/swagger-ui-bundle\.js\?v=[0-9a-f]+)"/.exec(await page.text())?.[1];
    expect((await fetch(`${url}/api/${bundle}`)).status).toBe(200);
    const preflight = await fetch(`${url}/api/predict`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    run.proc.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const { stdout } = run.output();
    expect(stdout).toContain(`API reference: ${url}/api/docs`);
    expect(stdout).toContain(`Browsers may call it from: ${origin}, https://app.example.com`);
  });

  it('exits 1 naming FORESTFN_CORS_ORIGINS when it lists something that is not an origin', async () => {
    const artifact = join(dir, 'model.bin');
    await trainIfMissing(artifact);
    const run = start({ FORESTFN_ARTIFACT: artifact, FORESTFN_CORS_ORIGINS: 'https://app.example.com/path' });
    child = run.proc;
    expect(await run.exited).toBe(1);
    const { stdout, stderr } = run.output();
    expect(stdout).not.toMatch(/listening/);
    expect(stderr).toMatch(/Not a CORS origin: "https:\/\/app\.example\.com\/path".*FORESTFN_CORS_ORIGINS/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 1 with the loader message for a corrupt artifact, without serving', async () => {
    const corrupt = join(dir, 'model.bin');
    await writeFile(corrupt, 'forestfn, but cut short');
    const run = start({ FORESTFN_ARTIFACT: corrupt });
    child = run.proc;
    expect(await run.exited).toBe(1);
    const { stdout, stderr } = run.output();
    expect(stdout).not.toMatch(/listening/);
    expect(stderr).toContain(`Cannot load the model artifact ${corrupt}`);
    expect(stderr).toMatch(/pnpm train/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
