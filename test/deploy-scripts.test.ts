// The scripts deploy.yml and rollback.yml call, run against fake `gh`, `az` and `pnpm` (which record
// their arguments) and a real local HTTP server standing in for a deployed function app.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeBin, fakeBin, lines, runScript } from './fake-commands.js';

const sha = 'a'.repeat(40);
let work: string;
let fakes: FakeBin | undefined;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'forestfn-deploy-'));
});
afterEach(() => {
  fakes?.cleanup();
  fakes = undefined;
  rmSync(work, { recursive: true, force: true });
});

/** A sealed build (what CI uploads and a release carries) in `dir`. */
function sealedBuild(dir: string, version = '0123456789abcdef'): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'functions.zip'), 'PK zip bytes');
  writeFileSync(join(dir, 'model.bin'), '{"trees":[]}');
  writeFileSync(join(dir, 'model-card.json'), JSON.stringify({ name: 'iris', version }));
  execFileSync('bash', ['-c', 'sha256sum functions.zip model.bin model-card.json > SHA256SUMS'], {
    cwd: dir,
  });
  return dir;
}

describe('scripts/ci/resolve-build.sh', () => {
  const gh = (view: string) => `(args) => {
    const sub = args.slice(0, 2).join(' ');
    if (sub === 'run list') return { stdout: '4242\\n' };
    if (sub === 'run view') return { stdout: ${JSON.stringify(view)} + '\\n' };
    return { code: 9 };
  }`;

  it('takes the latest successful CI run of a push to main when given no run id', async () => {
    fakes = fakeBin({ gh: gh(`CI\tsuccess\tpush\tmain\t${sha}`) });
    const result = await runScript('scripts/ci/resolve-build.sh', [''], { path: [fakes.dir] });
    expect(result.code).toBe(0);
    expect(result.outputs).toEqual({ 'run-id': '4242', 'head-sha': sha });
    const [list, view] = lines(fakes.calls(), 'gh');
    expect(list).toContain(
      'run list --workflow ci.yml --branch main --event push --status success --limit 1',
    );
    expect(view).toMatch(/^run view 4242 /);
  });

  it.each([
    ['a failed run', `CI\tfailure\tpush\tmain\t${sha}`, "concluded 'failure'"],
    ['a pull request run', `CI\tsuccess\tpull_request\tmain\t${sha}`, 'only pushes to main are deployed'],
    ['a run of another branch', `CI\tsuccess\tpush\tfeature\t${sha}`, 'only pushes to main are deployed'],
    ['a run of another workflow', `Release\tsuccess\tpush\tmain\t${sha}`, "not a 'CI' run"],
  ])('refuses %s', async (_, view, message) => {
    fakes = fakeBin({ gh: gh(view) });
    const result = await runScript('scripts/ci/resolve-build.sh', ['77'], { path: [fakes.dir] });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(message);
    expect(result.outputs).toEqual({});
  });
});

describe('scripts/ci/fetch-build.sh and fetch-release.sh', () => {
  /** gh whose `run download` / `release download` copy the files of `source` into --dir. */
  const ghServing = (source: string) => `(args, ctx) => {
    const sub = args.slice(0, 2).join(' ');
    if (sub === 'release view') return {};
    if (sub !== 'run download' && sub !== 'release download') return { code: 9 };
    const dir = args[args.indexOf('--dir') + 1];
    for (const f of ctx.fs.readdirSync(${JSON.stringify(source)})) ctx.fs.copyFileSync(${JSON.stringify(source)} + '/' + f, dir + '/' + f);
    return {};
  }`;

  it('downloads the CI artifact, verifies its checksums and outputs the model version', async () => {
    const source = sealedBuild(join(work, 'ci'), 'abcdefabcdefabcd');
    fakes = fakeBin({ gh: ghServing(source) });
    const dir = join(work, 'build');
    const result = await runScript('scripts/ci/fetch-build.sh', ['4242', dir], { path: [fakes.dir] });
    expect(result.code).toBe(0);
    expect(result.outputs).toEqual({ 'model-version': 'abcdefabcdefabcd' });
    expect(lines(fakes.calls(), 'gh')).toEqual([`run download 4242 --name forestfn-build --dir ${dir}`]);
  });

  it('refuses a build whose zip does not match the checksums CI recorded', async () => {
    const source = sealedBuild(join(work, 'ci'));
    writeFileSync(join(source, 'functions.zip'), 'tampered');
    fakes = fakeBin({ gh: ghServing(source) });
    const result = await runScript('scripts/ci/fetch-build.sh', ['4242', join(work, 'build')], {
      path: [fakes.dir],
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('does not match its SHA256SUMS');
  });

  it('downloads and verifies the assets of a release', async () => {
    const source = sealedBuild(join(work, 'release'), '1111222233334444');
    fakes = fakeBin({ gh: ghServing(source) });
    const dir = join(work, 'build');
    const result = await runScript('scripts/ci/fetch-release.sh', ['v1.2.0', dir], { path: [fakes.dir] });
    expect(result.code).toBe(0);
    expect(result.outputs).toEqual({ 'model-version': '1111222233334444' });
    expect(lines(fakes.calls(), 'gh')[1]).toBe(
      `release download v1.2.0 --dir ${dir} --clobber --pattern functions.zip --pattern model.bin --pattern model-card.json --pattern SHA256SUMS`,
    );
  });

  it('refuses a release that carries no function zip', async () => {
    const source = sealedBuild(join(work, 'release'));
    rmSync(join(source, 'functions.zip'));
    fakes = fakeBin({ gh: ghServing(source) });
    const result = await runScript('scripts/ci/fetch-release.sh', ['v0.9.0', join(work, 'b')], {
      path: [fakes.dir],
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('release v0.9.0 has no functions.zip');
  });
});

/** A fake az: deploys and swaps succeed, `functionapp show` answers a host name per app and slot. */
const az = `(args) => {
  if (args[0] === 'functionapp' && args[1] === 'show') {
    const name = args[args.indexOf('--name') + 1];
    const slot = args.includes('--slot') ? '-' + args[args.indexOf('--slot') + 1] : '';
    return { stdout: name + slot + '.azurewebsites.net\\n' };
  }
  return {};
}`;

const azure = {
  AZURE_RESOURCE_GROUP: 'rg-forestfn',
  FORESTFN_APP_NAME: 'forestfn-abc123',
  FORESTFN_STAGING_APP_NAME: 'forestfn-abc123-staging',
};

describe('scripts/ci/deploy-staging.sh', () => {
  it('slot-swap: deploys the zip to the staging slot and outputs its URL', async () => {
    fakes = fakeBin({ az });
    const zip = join(sealedBuild(work), 'functions.zip');
    const result = await runScript('scripts/ci/deploy-staging.sh', [zip], {
      path: [fakes.dir],
      env: { ...azure, FORESTFN_PROMOTION: 'slot-swap' },
    });
    expect(result.code).toBe(0);
    expect(lines(fakes.calls(), 'az')).toEqual([
      `functionapp deployment source config-zip --resource-group rg-forestfn --name forestfn-abc123 --slot staging --src ${zip} --output none`,
      'functionapp show --resource-group rg-forestfn --name forestfn-abc123 --slot staging --query defaultHostName --output tsv',
    ]);
    expect(result.outputs).toEqual({ url: 'https://forestfn-abc123-staging.azurewebsites.net' });
  });

  it('redeploy: deploys the zip to the separate staging app (Flex Consumption)', async () => {
    fakes = fakeBin({ az });
    const zip = join(sealedBuild(work), 'functions.zip');
    const result = await runScript('scripts/ci/deploy-staging.sh', [zip], {
      path: [fakes.dir],
      env: { ...azure, FORESTFN_PROMOTION: 'redeploy' },
    });
    expect(result.code).toBe(0);
    expect(lines(fakes.calls(), 'az')).toEqual([
      `functionapp deployment source config-zip --resource-group rg-forestfn --name forestfn-abc123-staging --src ${zip} --output none`,
      'functionapp show --resource-group rg-forestfn --name forestfn-abc123-staging --query defaultHostName --output tsv',
    ]);
    expect(result.outputs).toEqual({ url: 'https://forestfn-abc123-staging.azurewebsites.net' });
  });

  it('names every missing variable and calls no Azure command', async () => {
    fakes = fakeBin({ az });
    const zip = join(sealedBuild(work), 'functions.zip');
    const result = await runScript('scripts/ci/deploy-staging.sh', [zip], {
      path: [fakes.dir],
      env: { FORESTFN_PROMOTION: 'redeploy' },
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('missing environment: AZURE_RESOURCE_GROUP FORESTFN_APP_NAME');
    expect(fakes.calls()).toEqual([]);
  });

  it('refuses an unknown promotion mode', async () => {
    fakes = fakeBin({ az });
    const zip = join(sealedBuild(work), 'functions.zip');
    const result = await runScript('scripts/ci/deploy-staging.sh', [zip], {
      path: [fakes.dir],
      env: { ...azure, FORESTFN_PROMOTION: 'swap' },
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("FORESTFN_PROMOTION must be 'slot-swap'");
    expect(fakes.calls()).toEqual([]);
  });
});

describe('scripts/ci/promote.sh', () => {
  it('slot-swap: swaps staging into production, deploys nothing, outputs the production URL', async () => {
    fakes = fakeBin({ az });
    const zip = join(sealedBuild(work), 'functions.zip');
    const result = await runScript('scripts/ci/promote.sh', [zip], {
      path: [fakes.dir],
      env: { ...azure, FORESTFN_PROMOTION: 'slot-swap' },
    });
    expect(result.code).toBe(0);
    expect(lines(fakes.calls(), 'az')).toEqual([
      'functionapp deployment slot swap --resource-group rg-forestfn --name forestfn-abc123 --slot staging --target-slot production --output none',
      'functionapp show --resource-group rg-forestfn --name forestfn-abc123 --query defaultHostName --output tsv',
    ]);
    expect(result.outputs).toEqual({ url: 'https://forestfn-abc123.azurewebsites.net' });
  });

  it('redeploy: deploys the same zip to the production app', async () => {
    fakes = fakeBin({ az });
    const zip = join(sealedBuild(work), 'functions.zip');
    const result = await runScript('scripts/ci/promote.sh', [zip], {
      path: [fakes.dir],
      env: { ...azure, FORESTFN_PROMOTION: 'redeploy' },
    });
    expect(result.code).toBe(0);
    expect(lines(fakes.calls(), 'az')).toEqual([
      `functionapp deployment source config-zip --resource-group rg-forestfn --name forestfn-abc123 --src ${zip} --output none`,
      'functionapp show --resource-group rg-forestfn --name forestfn-abc123 --query defaultHostName --output tsv',
    ]);
  });

  it('fails when Azure refuses the deploy, before asking for the URL', async () => {
    fakes = fakeBin({ az: `() => ({ code: 1, stderr: 'AuthorizationFailed' })` });
    const zip = join(sealedBuild(work), 'functions.zip');
    const result = await runScript('scripts/ci/promote.sh', [zip], {
      path: [fakes.dir],
      env: { ...azure, FORESTFN_PROMOTION: 'redeploy' },
    });
    expect(result.code).not.toBe(0);
    expect(lines(fakes.calls(), 'az')).toHaveLength(1);
    expect(result.outputs).toEqual({});
  });
  it('fails, with no URL, when the production host name cannot be read', async () => {
    fakes = fakeBin({ az: `(args) => (args[1] === 'show' ? { code: 3, stderr: 'ResourceNotFound' } : {})` });
    const result = await runScript('scripts/ci/promote.sh', [''], {
      path: [fakes.dir],
      env: { ...azure, FORESTFN_PROMOTION: 'slot-swap' },
    });
    expect(result.code).not.toBe(0);
    expect(result.outputs).toEqual({});
  });
});

describe('scripts/ci/smoke.sh', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    server = undefined;
  });

  /** A stand-in for the deployed app: answers health with `versions[i]` on the i-th request (503 for null). */
  async function app(versions: Array<string | null>): Promise<{ url: string; hits: () => number }> {
    let hits = 0;
    server = createServer((request, response) => {
      const version = versions[Math.min(hits, versions.length - 1)];
      hits += 1;
      if (request.url !== '/api/health' || version === null || version === undefined) {
        response.writeHead(503).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json', 'x-model-version': version }).end('{}');
    });
    await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/`, hits: () => hits };
  }

  const fast = { FORESTFN_SMOKE_INTERVAL: '0.1', FORESTFN_SMOKE_TIMEOUT: '20' };

  it('waits until the new model is served, then runs the contract suite against that URL with the key', async () => {
    const deployed = await app([null, null, 'oldoldoldoldold0', '0123456789abcdef']);
    fakes = fakeBin({ pnpm: '() => ({})' });
    const card = join(sealedBuild(work), 'model-card.json');
    const result = await runScript('scripts/ci/smoke.sh', [deployed.url, card], {
      path: [fakes.dir],
      env: { ...fast, FORESTFN_API_KEY: 'key-123' },
    });
    expect(result.code).toBe(0);
    expect(deployed.hits()).toBe(4);
    const calls = fakes.calls();
    expect(lines(calls, 'pnpm')).toEqual(['test:contract']);
    expect(calls[0]?.env).toMatchObject({
      FORESTFN_BASE_URL: deployed.url.replace(/\/$/, ''),
      FORESTFN_API_KEY: 'key-123',
    });
  });

  it('fails with both versions when the old model is still served at the deadline', async () => {
    const deployed = await app(['oldoldoldoldold0']);
    fakes = fakeBin({ pnpm: '() => ({})' });
    const card = join(sealedBuild(work), 'model-card.json');
    const result = await runScript('scripts/ci/smoke.sh', [deployed.url, card], {
      path: [fakes.dir],
      env: { FORESTFN_SMOKE_INTERVAL: '0.1', FORESTFN_SMOKE_TIMEOUT: '1', FORESTFN_API_KEY: 'k' },
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      "did not serve model 0123456789abcdef within 1s (last seen: 'oldoldoldoldold0')",
    );
    expect(fakes.calls()).toEqual([]);
  });

  it('fails when the contract suite fails', async () => {
    const deployed = await app(['0123456789abcdef']);
    fakes = fakeBin({ pnpm: '() => ({ code: 1 })' });
    const card = join(sealedBuild(work), 'model-card.json');
    const result = await runScript('scripts/ci/smoke.sh', [deployed.url, card], {
      path: [fakes.dir],
      env: { ...fast, FORESTFN_API_KEY: 'k' },
    });
    expect(result.code).toBe(1);
  });

  it('needs the function key', async () => {
    fakes = fakeBin({ pnpm: '() => ({})' });
    const card = join(sealedBuild(work), 'model-card.json');
    const result = await runScript('scripts/ci/smoke.sh', ['http://127.0.0.1:9', card], {
      path: [fakes.dir],
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('missing environment: FORESTFN_API_KEY');
  });
});
