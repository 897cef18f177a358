// What consumers get: the packed tarball is linted (publint, attw), measured, installed from the
// registry into a scratch project outside the workspace, and called from ESM and CommonJS against
// the real local host.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer } from '../../../server/src/local.js';
import { exampleRows, labelsFor, loadTrainedModel, toInstance } from '../../service/test/samples.js';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = join(packageDir, '../..');
const bin = (name: string) => join(packageDir, 'node_modules/.bin', name);
/** Budget of the ESM entry with openapi-fetch, minified and gzipped. */
const SIZE_BUDGET_BYTES = 5 * 1024;
const API_KEY = 'tarball-test-key';
/** Sent by the consumer program: the spec's example rows, valid whatever the table. */
const rows = exampleRows;
const instances = rows.map(toInstance);

let workDir = '';
let tarball = '';
let scratch = '';
let server: { url: string; close(): Promise<void> } | undefined;

/** The newest modification time of the built sources under `dir`. */
async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    // Tests are not built, so editing one does not make dist/ stale.
    if (entry.isFile() && !/\.test(-d)?\.ts$/.test(entry.name)) {
      newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
    }
  }
  return newest;
}

/** npm must not inherit pnpm's `npm_config_*` settings, which it would warn about or obey. */
function npmEnv(): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_registry', 'npm_config_cache', 'npm_config_userconfig']);
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.toLowerCase().startsWith('npm_config_') || keep.has(key),
    ),
  );
}

beforeAll(async () => {
  // `pnpm build` (run by `pnpm test` before vitest) makes dist/; a stale one would test old code.
  const built = await stat(join(packageDir, 'dist/index.js')).catch(() => undefined);
  const sources = Math.max(
    await newestMtime(join(packageDir, 'src')),
    (await stat(join(packageDir, 'package.json'))).mtimeMs,
  );
  if (!built || built.mtimeMs < sources) {
    throw new Error('packages/client/dist is missing or older than src/: run `pnpm build` first.');
  }
  workDir = await mkdtemp(join(tmpdir(), 'forestfn-client-'));
  const { stdout } = await run(
    join(repoRoot, 'node_modules/.bin/pnpm'),
    ['pack', '--pack-destination', workDir, '--json'],
    {
      cwd: packageDir,
    },
  );
  tarball = (JSON.parse(stdout) as { filename: string }).filename;

  scratch = join(workDir, 'scratch');
  await mkdir(scratch);
  await writeFile(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true }));
  await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', tarball], {
    cwd: scratch,
    env: npmEnv(),
  });
  server = await startLocalServer({ port: 0, apiKey: API_KEY });
}, 180_000);

afterAll(async () => {
  await server?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('holds only what consumers need', async () => {
    const { stdout } = await run('tar', ['-tzf', tarball]);
    expect(stdout.trim().split('\n').sort()).toEqual([
      'package/LICENSE',
      'package/README.md',
      'package/dist/index.cjs',
      'package/dist/index.d.cts',
      'package/dist/index.d.ts',
      'package/dist/index.js',
      'package/package.json',
    ]);
  });

  it('passes publint', async () => {
    const { stdout } = await run(bin('publint'), ['run', tarball, '--strict']);
    expect(stdout).toContain('All good!');
  });

  it('passes @arethetypeswrong/cli', async () => {
    // attw exits non-zero on any problem; the JSON shows which.
    const { stdout } = await run(bin('attw'), [tarball, '--format', 'json']);
    expect((JSON.parse(stdout) as { analysis: { problems: unknown[] } }).analysis.problems).toEqual([]);
  });

  it('uses no Node-only API', async () => {
    for (const file of ['index.js', 'index.cjs']) {
      const code = await readFile(join(scratch, 'node_modules/@forestfn/client/dist', file), 'utf8');
      expect(code).not.toMatch(/\bnode:|\bBuffer\b|\bprocess\b|\b__dirname\b/);
      expect([...code.matchAll(/(?:require\(|from )["']([^"']+)["']/g)].map((m) => m[1])).toEqual([
        'openapi-fetch',
      ]);
    }
  });

  it(`keeps the ESM entry with openapi-fetch within ${SIZE_BUDGET_BYTES} bytes minified and gzipped`, async () => {
    const result = await build({
      entryPoints: [join(scratch, 'node_modules/@forestfn/client/dist/index.js')],
      absWorkingDir: scratch,
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.contents ?? new Uint8Array();
    const gzipped = gzipSync(code, { level: 9 }).byteLength;
    console.info(
      `@forestfn/client ESM entry + openapi-fetch: ${code.byteLength} B min, ${gzipped} B min+gzip`,
    );
    expect(code.byteLength).toBeGreaterThan(1000);
    expect(gzipped).toBeLessThanOrEqual(SIZE_BUDGET_BYTES);
  });
});

// One consumer program, loaded once as ESM and once as CommonJS; it prints what it saw as JSON.
const consumer = (load: string) => `${load}
async function main({ createClient, ApiError, AuthenticationError, BadRequestError, ClientError, ConnectionError, ForestfnError }) {
  const [url, key, instancesJson, rowsJson] = process.argv.slice(2);
  const instances = JSON.parse(instancesJson);
  const rows = JSON.parse(rowsJson);
  const out = {};
  const client = createClient({ baseUrl: url, apiKey: key, maxRetries: 0 });
  out.health = await client.health();
  out.card = await client.getModel();
  out.predicted = await client.predict(instances, { requestId: 'tarball-1' });
  out.rows = await client.predictRows(rows);
  const events = [];
  const logged = createClient({ baseUrl: url, apiKey: key, logger: (e) => events.push(e) });
  const withResponse = await logged.getModel({ requestId: 'tarball-2', timeoutMs: 5000 }).withResponse();
  out.withResponse = { status: withResponse.response.status, requestId: withResponse.requestId, version: withResponse.data.version };
  out.events = events.map((e) => e.type);
  out.keyLogged = JSON.stringify(events).includes(key);
  async function failure(call) {
    try {
      await call();
      return { thrown: false };
    } catch (e) {
      return {
        name: e.name, status: e.status, requestId: e.requestId, errors: e.errors,
        isBadRequest: e instanceof BadRequestError, isAuthentication: e instanceof AuthenticationError,
        isClient: e instanceof ClientError, isApi: e instanceof ApiError, isConnection: e instanceof ConnectionError,
        isBase: e instanceof ForestfnError, isError: e instanceof Error,
      };
    }
  }
  out.badRequest = await failure(() => client.predictRows([rows[0].slice(0, -1)]));
  out.unauthorized = await failure(() => createClient({ baseUrl: url, apiKey: 'wrong' }).getModel());
  out.connection = await failure(() => createClient({ baseUrl: 'http://127.0.0.1:1', maxRetries: 0 }).health());
  console.log(JSON.stringify(out));
}
main(sdk).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`;
const formats = {
  esm: {
    file: 'consumer.mjs',
    load: `import * as sdk from '@forestfn/client';
if (!import.meta.resolve('@forestfn/client').endsWith('/dist/index.js')) throw new Error('not the ESM build');`,
  },
  cjs: {
    file: 'consumer.cjs',
    load: `const sdk = require('@forestfn/client');
if (!require.resolve('@forestfn/client').endsWith('/dist/index.cjs')) throw new Error('not the CJS build');`,
  },
};

describe.each(Object.entries(formats))('installed and loaded as %s', (_format, { file, load }) => {
  it('calls the local host: predict, model, health, withResponse, a logger, a 400, a 401 and no host at all', async () => {
    await writeFile(join(scratch, file), consumer(load));
    const args = [file, server?.url ?? '', API_KEY, JSON.stringify(instances), JSON.stringify(rows)];
    const { stdout } = await run(process.execPath, args, { cwd: scratch });
    const out = JSON.parse(stdout);
    const model = await loadTrainedModel();
    const expected = labelsFor(model, rows);

    expect(out.health).toMatchObject({ status: 'ok', ready: true });
    expect(out.card.labels).toEqual(model.card.labels);
    expect(out.card.version).toMatch(/^[0-9a-f]{16}$/);
    expect(out.predicted.model).toEqual({ name: out.card.name, version: out.card.version });
    expect(out.predicted.predictions.map((p: { label: string }) => p.label)).toEqual(expected);
    for (const { probabilities } of out.predicted.predictions) {
      expect(Object.values(probabilities as Record<string, number>).reduce((a, b) => a + b)).toBeCloseTo(
        1,
        9,
      );
    }
    expect(out.rows).toEqual(expected);
    expect(out.withResponse).toEqual({ status: 200, requestId: 'tarball-2', version: out.card.version });
    expect(out.events).toEqual(['request', 'response']);
    expect(out.keyLogged).toBe(false);

    expect(out.badRequest).toMatchObject({
      name: 'BadRequestError',
      status: 400,
      isBadRequest: true,
      isAuthentication: false,
      isClient: true,
      isApi: true,
      isBase: true,
      isError: true,
    });
    expect(out.badRequest.requestId).toEqual(expect.any(String));
    expect(out.badRequest.errors[0]).toMatchObject({
      pointer: expect.stringMatching(/^\/0/),
      code: expect.any(String),
    });

    expect(out.unauthorized).toMatchObject({
      name: 'AuthenticationError',
      status: 401,
      isAuthentication: true,
      isBadRequest: false,
      isClient: true,
      isBase: true,
    });
    expect(out.unauthorized.errors).toEqual([expect.objectContaining({ code: 'unauthorized' })]);
    expect(out.connection).toMatchObject({
      name: 'ConnectionError',
      isConnection: true,
      isBase: true,
      isApi: false,
    });
  });
});
