// The zip must be self-contained: unpacked alone into an empty folder, a fresh Node process can load it
// and answer a prediction, with nothing installed.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { type Model, ModelLoadError, trainFromConfig } from '@forestfn/model';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleRows, labelsFor, type Row, toInstance } from '../../packages/service/test/samples.js';
import { rendererPackageDir } from './docsAssets.js';
import { buildCommit, type PackageResult, packageFunctionApp } from './packageFunctionApp.js';

const run = promisify(execFile);
let dir: string;
let artifactPath: string;
let version: string;
let model: Model;
let result: PackageResult;
// The spec's last example row (valid whatever the table), sent in the typed form.
const exampleRow = exampleRows.at(-1) as Row;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'forestfn-package-'));
  artifactPath = join(dir, 'model.bin');
  let artifact: Uint8Array;
  ({ model, artifact } = await trainFromConfig());
  version = model.card.version;
  await writeFile(artifactPath, artifact);
  result = await packageFunctionApp({ artifactPath, outFile: join(dir, 'out', 'functions.zip') });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Runs in the unpacked folder. HttpRequest and InvocationContext come from the repo's @azure/functions
// only to build the call; the bundle uses its own bundled copy.
const callPredict = `
const { HttpRequest, InvocationContext } = require(process.env.AZURE_FUNCTIONS);
const app = require('./functions.js');
const request = new HttpRequest({
  method: 'POST',
  url: 'http://localhost:7071/api/predict',
  headers: { 'content-type': 'application/json', 'x-request-id': 'zip-test' },
  body: { string: process.env.PREDICT_BODY },
});
app.handlers.predict(request, new InvocationContext({ functionName: 'predict' })).then((response) => {
  process.stdout.write('\\nRESPONSE ' + JSON.stringify({ status: response.status, headers: response.headers, body: Buffer.from(response.body).toString('utf8') }));
});
`;

describe('packageFunctionApp', () => {
  it('zips host.json, a dependency-free package.json, the bundle and the model', async () => {
    const files = unzipSync(await readFile(result.zipPath));
    expect(Object.keys(files).sort()).toEqual([
      'docs/LICENSE',
      'docs/NOTICE',
      'docs/swagger-ui-bundle.js',
      'docs/swagger-ui-bundle.js.LICENSE.txt',
      'docs/swagger-ui.css',
      'functions.js',
      'host.json',
      'model.bin',
      'package.json',
    ]);
    // The API reference's renderer, as installed (swagger-ui-dist), with its licence and notices.
    for (const name of Object.keys(files).filter((file) => file.startsWith('docs/'))) {
      const installed = await readFile(join(rendererPackageDir(), name.slice('docs/'.length)));
      expect(Buffer.from(files[name] as Uint8Array).equals(installed), name).toBe(true);
    }
    const text = (name: string) => new TextDecoder().decode(files[name]);
    const manifest = JSON.parse(text('package.json'));
    expect(manifest.main).toBe('functions.js');
    expect(manifest.dependencies).toBeUndefined();
    expect(JSON.parse(text('host.json'))).toMatchObject({
      version: '2.0',
      // No prefix: the routes carry their own (/api, and the Open Inference Protocol's /v2).
      extensions: { http: { routePrefix: '' } },
    });
    expect(Buffer.from(files['model.bin'] as Uint8Array).equals(await readFile(artifactPath))).toBe(true);
    expect(result.zipBytes).toBe((await readFile(result.zipPath)).byteLength);
  });

  it('bundles every dependency: only Node built-ins and the host-provided core stay external', () => {
    expect(result.externals).toContain('@azure/functions-core');
    for (const name of result.externals.filter((name) => name !== '@azure/functions-core')) {
      expect(name, name).toMatch(/^(node:)?[a-z_]+(\/[a-z_]+)?$/);
    }
  });

  it('answers a prediction from the unpacked zip in a fresh Node process', async () => {
    const unpacked = join(dir, 'unpacked');
    await mkdir(unpacked);
    for (const [name, bytes] of Object.entries(unzipSync(await readFile(result.zipPath)))) {
      await mkdir(dirname(join(unpacked, name)), { recursive: true });
      await writeFile(join(unpacked, name), bytes);
    }
    expect((await readdir(unpacked)).sort()).toEqual([
      'docs',
      'functions.js',
      'host.json',
      'model.bin',
      'package.json',
    ]);
    const azureFunctions = createRequire(import.meta.url).resolve('@azure/functions');
    const { stdout } = await run(process.execPath, ['-e', callPredict], {
      cwd: unpacked,
      // No FORESTFN_ARTIFACT: the bundle must find model.bin beside itself. No NODE_PATH or NODE_OPTIONS.
      env: {
        PATH: process.env.PATH ?? '',
        AZURE_FUNCTIONS: azureFunctions,
        PREDICT_BODY: JSON.stringify({ instances: [toInstance(exampleRow)] }),
      },
    });
    // The library may log first (e.g. "HTTP streaming enabled."): the answer is the line after the marker.
    const answer = stdout.slice(stdout.lastIndexOf('\nRESPONSE ') + '\nRESPONSE '.length);
    const response = JSON.parse(answer) as { status: number; headers: Record<string, string>; body: string };
    expect(response.status).toBe(200);
    expect(response.headers['x-model-version']).toBe(version);
    expect(response.headers['x-request-id']).toBe('zip-test');
    // The commit packaging wrote into the bundle, which the deploy's smoke test waits for.
    expect(response.headers['x-build-commit']).toBe(result.commit);
    expect(JSON.parse(response.body).predictions[0].label).toBe(labelsFor(model, [exampleRow])[0]);
  });

  it('records the commit: GITHUB_SHA in Actions, else the checkout HEAD, else unknown', () => {
    expect(result.commit).toBe(buildCommit());
    expect(result.commit).toMatch(/^([0-9a-f]{40}|unknown)$/);
    expect(buildCommit({ GITHUB_SHA: 'c'.repeat(40) })).toBe('c'.repeat(40));
  });

  it('is reproducible: the same inputs give the same zip', async () => {
    const again = await packageFunctionApp({ artifactPath, outFile: join(dir, 'again', 'functions.zip') });
    expect(await readFile(again.zipPath)).toEqual(await readFile(result.zipPath));
  });

  it('refuses to package without a model, saying to run pnpm train', async () => {
    const missing = join(dir, 'nothing-here.json');
    const error = await packageFunctionApp({
      artifactPath: missing,
      outFile: join(dir, 'x', 'functions.zip'),
    }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as Error).message).toContain(missing);
    expect((error as Error).message).toMatch(/pnpm train/);
  });
});
