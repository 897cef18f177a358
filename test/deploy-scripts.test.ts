// The scripts deploy.yml and rollback.yml call, run against fake `gh`, `az` and `pnpm` (which record
// their arguments) and a real local HTTP server standing in for a deployed function app.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeBin, fakeBin, lines, repoRoot, runScript } from './fake-commands.js';

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

describe('scripts/ci/deploy-target.sh', () => {
  const target = async (which: string, promotion: string, env: Record<string, string> = azure) => {
    fakes = fakeBin({ az });
    return runScript('scripts/ci/deploy-target.sh', [which], {
      path: [fakes.dir],
      env: { ...env, FORESTFN_PROMOTION: promotion },
    });
  };

  it('slot-swap: staging is the staging slot of the app (Premium, no sku), and the zip goes there', async () => {
    const result = await target('staging', 'slot-swap');
    expect(result.code).toBe(0);
    expect(result.outputs).toEqual({
      mode: 'slot-swap',
      app: 'forestfn-abc123',
      slot: 'staging',
      sku: '',
      deploy: 'true',
      url: 'https://forestfn-abc123-staging.azurewebsites.net',
    });
    // Only the host name is read: the deploy itself is Azure/functions-action's, with these outputs.
    expect(lines(fakes?.calls() ?? [], 'az')).toEqual([
      'functionapp show --resource-group rg-forestfn --name forestfn-abc123 --slot staging --query defaultHostName --output tsv',
    ]);
  });

  it('slot-swap: production gets no zip (the swap moves staging there)', async () => {
    const result = await target('production', 'slot-swap');
    expect(result.outputs).toMatchObject({
      mode: 'slot-swap',
      app: 'forestfn-abc123',
      slot: '',
      deploy: 'false',
    });
    expect(result.outputs.url).toBe('https://forestfn-abc123.azurewebsites.net');
  });

  it('redeploy: the separate staging app, then the production app, each a Flex Consumption deploy', async () => {
    const staging = await target('staging', 'redeploy');
    expect(staging.outputs).toEqual({
      mode: 'redeploy',
      app: 'forestfn-abc123-staging',
      slot: '',
      sku: 'flexconsumption',
      deploy: 'true',
      url: 'https://forestfn-abc123-staging.azurewebsites.net',
    });
    fakes?.cleanup();
    const production = await target('production', 'redeploy');
    expect(production.outputs).toMatchObject({
      app: 'forestfn-abc123',
      slot: '',
      sku: 'flexconsumption',
      deploy: 'true',
      url: 'https://forestfn-abc123.azurewebsites.net',
    });
  });

  it('names every missing variable and calls no Azure command', async () => {
    const result = await target('staging', 'redeploy', {});
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('missing environment: AZURE_RESOURCE_GROUP FORESTFN_APP_NAME');
    expect(fakes?.calls()).toEqual([]);
  });

  it('refuses an unknown promotion mode or target', async () => {
    const mode = await target('staging', 'swap');
    expect(mode.code).not.toBe(0);
    expect(mode.stderr).toContain("FORESTFN_PROMOTION must be 'slot-swap'");
    fakes?.cleanup();
    const which = await target('canary', 'redeploy');
    expect(which.code).not.toBe(0);
    expect(which.stderr).toContain("usage: deploy-target.sh staging|production, got 'canary'");
    expect(fakes?.calls()).toEqual([]);
  });

  it('fails, with no outputs, when the host name cannot be read', async () => {
    fakes = fakeBin({ az: `() => ({ code: 3, stderr: 'ResourceNotFound' })` });
    const result = await runScript('scripts/ci/deploy-target.sh', ['production'], {
      path: [fakes.dir],
      env: { ...azure, FORESTFN_PROMOTION: 'redeploy' },
    });
    expect(result.code).not.toBe(0);
    expect(result.outputs).toEqual({});
  });
});

describe('scripts/ci/swap-slot.sh', () => {
  it('swaps the staging slot into production', async () => {
    fakes = fakeBin({ az });
    const result = await runScript('scripts/ci/swap-slot.sh', [], {
      path: [fakes.dir],
      env: { ...azure, FORESTFN_PROMOTION: 'slot-swap' },
    });
    expect(result.code).toBe(0);
    expect(lines(fakes.calls(), 'az')).toEqual([
      'functionapp deployment slot swap --resource-group rg-forestfn --name forestfn-abc123 --slot staging --target-slot production --output none',
    ]);
  });

  it('refuses to swap on Flex Consumption, where the zip is deployed instead', async () => {
    fakes = fakeBin({ az });
    const result = await runScript('scripts/ci/swap-slot.sh', [], {
      path: [fakes.dir],
      env: { ...azure, FORESTFN_PROMOTION: 'redeploy' },
    });
    expect(result.code).not.toBe(0);
    expect(fakes.calls()).toEqual([]);
  });

  it('fails when Azure refuses the swap', async () => {
    fakes = fakeBin({ az: `() => ({ code: 1, stderr: 'AuthorizationFailed' })` });
    const result = await runScript('scripts/ci/swap-slot.sh', [], {
      path: [fakes.dir],
      env: { ...azure, FORESTFN_PROMOTION: 'slot-swap' },
    });
    expect(result.code).not.toBe(0);
  });
});

describe('scripts/ci/resolve-release.sh', () => {
  const commit = 'c'.repeat(40);
  /** gh answering for release v1.2.0: draft or not, its tag object, and how main compares to a commit. */
  const gh = (options: { draft?: boolean; annotated?: boolean; status?: string } = {}) => `(args) => {
    const call = args.join(' ');
    if (call.startsWith('release view v1.2.0')) return { stdout: '${options.draft ? 'true' : 'false'}\\n' };
    if (call.startsWith('release view')) return { code: 1, stderr: 'release not found' };
    if (call.startsWith('api repos/octo/forestfn/git/ref/tags/v1.2.0'))
      return { stdout: ${options.annotated ? "'tag ' + 'd'.repeat(40)" : `'commit ${commit}'`} + '\\n' };
    if (call.startsWith('api repos/octo/forestfn/git/tags/' + 'd'.repeat(40))) return { stdout: 'commit ${commit}\\n' };
    if (call.startsWith('api repos/octo/forestfn/compare/${commit}...main')) return { stdout: '${options.status ?? 'ahead'}\\n' };
    return { code: 9, stderr: 'unexpected: ' + call };
  }`;
  const resolve = async (tag: string, ghSource: string) => {
    fakes = fakeBin({ gh: ghSource });
    return runScript('scripts/ci/resolve-release.sh', [tag], {
      path: [fakes.dir],
      env: { GH_REPO: 'octo/forestfn' },
    });
  };

  it("outputs the commit the release's tag points at, once main is known to contain it", async () => {
    const result = await resolve('v1.2.0', gh());
    expect(result.code, result.stderr).toBe(0);
    expect(result.outputs).toEqual({ commit });
    expect(lines(fakes?.calls() ?? [], 'gh')).toEqual([
      'release view v1.2.0 --json isDraft --jq .isDraft',
      'api repos/octo/forestfn/git/ref/tags/v1.2.0 --jq .object.type + " " + .object.sha',
      `api repos/octo/forestfn/compare/${commit}...main --jq .status`,
    ]);
  });

  it('follows an annotated tag to its commit', async () => {
    const result = await resolve('v1.2.0', gh({ annotated: true }));
    expect(result.code, result.stderr).toBe(0);
    expect(result.outputs).toEqual({ commit });
  });

  it.each([
    ['a tag on a commit main does not have', gh({ status: 'diverged' }), 'which is not on main'],
    ['a draft release', gh({ draft: true }), 'is a draft'],
    ['a release that does not exist', gh(), "there is no GitHub release 'v9.9.9'"],
    ['something that is not a release tag', gh(), "'main' is not a release tag"],
  ])('refuses %s', async (what, source, message) => {
    const tag = what.includes('does not exist')
      ? 'v9.9.9'
      : what.includes('not a release tag')
        ? 'main'
        : 'v1.2.0';
    const result = await resolve(tag, source);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(message);
    expect(result.outputs).toEqual({});
  });
});

describe('scripts/ci/setup-pnpm.sh', () => {
  /** npm that "installs" a pnpm printing the requested version into --prefix. */
  const npm = `(args, ctx) => {
    const prefix = args[args.indexOf('--prefix') + 1];
    const version = args.at(-1).replace('pnpm@', '');
    ctx.fs.mkdirSync(prefix + '/bin', { recursive: true });
    ctx.fs.writeFileSync(prefix + '/bin/pnpm', '#!/bin/sh\\necho ' + version + '\\n', { mode: 0o755 });
    return {};
  }`;

  it('installs the pnpm package.json pins, with npm, and puts it on the PATH of later steps', async () => {
    const project = join(work, 'project');
    mkdirSync(project);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ packageManager: 'pnpm@10.34.8', devDependencies: { pnpm: '10.34.8' } }),
    );
    const githubPath = join(work, 'github-path');
    fakes = fakeBin({ npm });
    const result = await runScript('scripts/ci/setup-pnpm.sh', [project, join(work, 'pnpm')], {
      path: [fakes.dir],
      env: { GITHUB_PATH: githubPath },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(lines(fakes.calls(), 'npm')).toEqual([
      `install --global --prefix ${join(work, 'pnpm')} --no-audit --no-fund --loglevel=error pnpm@10.34.8`,
    ]);
    expect(readFileSync(githubPath, 'utf8')).toBe(`${join(work, 'pnpm', 'bin')}\n`);
  });

  it('refuses when packageManager and the pnpm devDependency disagree', async () => {
    writeFileSync(
      join(work, 'package.json'),
      JSON.stringify({ packageManager: 'pnpm@10.34.8', devDependencies: { pnpm: '10.1.0' } }),
    );
    fakes = fakeBin({ npm });
    const result = await runScript('scripts/ci/setup-pnpm.sh', [work, join(work, 'pnpm')], {
      path: [fakes.dir],
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('pins pnpm 10.34.8 in packageManager but 10.1.0 in devDependencies');
    expect(fakes.calls()).toEqual([]);
  });

  it("pins the repository's own pnpm", () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    expect(manifest.packageManager).toBe(`pnpm@${manifest.devDependencies.pnpm}`);
  });
});

describe('scripts/ci/smoke.sh', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    server = undefined;
  });

  const built = 'b'.repeat(40);
  const older = 'a'.repeat(40);
  /** What a deployed app reports: its commit (null: no x-build-commit) and model; null is a 503. */
  type Served = { commit: string | null; model: string } | null;

  /** A stand-in for the deployed app: answers health with `answers[i]` on the i-th request. */
  async function app(answers: Served[]): Promise<{ url: string; hits: () => number }> {
    let hits = 0;
    server = createServer((request, response) => {
      const answer = answers[Math.min(hits, answers.length - 1)];
      hits += 1;
      if (request.url !== '/api/health' || !answer) {
        response.writeHead(503).end();
        return;
      }
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'x-model-version': answer.model,
      };
      if (answer.commit !== null) headers['x-build-commit'] = answer.commit;
      response.writeHead(200, headers).end('{}');
    });
    await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/`, hits: () => hits };
  }

  const model = '0123456789abcdef';
  const fast = {
    FORESTFN_SMOKE_INTERVAL: '0.1',
    FORESTFN_SMOKE_TIMEOUT: '20',
    FORESTFN_SMOKE_CONFIRMATIONS: '2',
  };

  it('waits until the deployed commit is served (same model or not), then runs the contract suite', async () => {
    // A code-only change keeps the model version: only the commit tells the builds apart.
    const deployed = await app([
      null,
      { commit: older, model },
      { commit: built, model },
      { commit: older, model }, // a rolling update: an old instance answers once more
      { commit: built, model },
      { commit: built, model },
    ]);
    fakes = fakeBin({ pnpm: '() => ({})' });
    const card = join(sealedBuild(work, model), 'model-card.json');
    const result = await runScript('scripts/ci/smoke.sh', [deployed.url, card, built], {
      path: [fakes.dir],
      env: { ...fast, FORESTFN_API_KEY: 'key-123' },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(deployed.hits()).toBe(6);
    const calls = fakes.calls();
    expect(lines(calls, 'pnpm')).toEqual(['test:contract']);
    expect(calls[0]?.env).toMatchObject({
      FORESTFN_BASE_URL: deployed.url.replace(/\/$/, ''),
      FORESTFN_API_KEY: 'key-123',
    });
  });

  it('fails with what it saw when the old build is still served at the deadline', async () => {
    const deployed = await app([{ commit: older, model }]);
    fakes = fakeBin({ pnpm: '() => ({})' });
    const card = join(sealedBuild(work, model), 'model-card.json');
    const result = await runScript('scripts/ci/smoke.sh', [deployed.url, card, built], {
      path: [fakes.dir],
      env: { FORESTFN_SMOKE_INTERVAL: '0.1', FORESTFN_SMOKE_TIMEOUT: '1', FORESTFN_API_KEY: 'k' },
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      `did not report commit ${built} with model ${model} within 1s (last seen: '${older} ${model}')`,
    );
    expect(fakes.calls()).toEqual([]);
  });

  it('does not take the right commit with another model, nor a build that reports no commit', async () => {
    const deployed = await app([
      { commit: built, model: 'ffffffffffffffff' },
      { commit: null, model },
    ]);
    fakes = fakeBin({ pnpm: '() => ({})' });
    const card = join(sealedBuild(work, model), 'model-card.json');
    const result = await runScript('scripts/ci/smoke.sh', [deployed.url, card, built], {
      path: [fakes.dir],
      env: { FORESTFN_SMOKE_INTERVAL: '0.1', FORESTFN_SMOKE_TIMEOUT: '3', FORESTFN_API_KEY: 'k' },
    });
    expect(deployed.hits()).toBeGreaterThanOrEqual(2);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`(last seen: '(none) ${model}')`);
    expect(fakes.calls()).toEqual([]);
  });

  it("runs the contract suite of FORESTFN_CONTRACT_DIR (a rollback runs the release's own)", async () => {
    const deployed = await app([{ commit: built, model }]);
    fakes = fakeBin({ pnpm: '(args, ctx) => { ctx.state.cwd = process.cwd(); return {}; }' });
    const card = join(sealedBuild(work, model), 'model-card.json');
    const release = join(work, 'release');
    mkdirSync(release);
    const result = await runScript('scripts/ci/smoke.sh', [deployed.url, card, built], {
      path: [fakes.dir],
      env: { ...fast, FORESTFN_CONTRACT_DIR: release, FORESTFN_API_KEY: 'k' },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(fakes.state().cwd).toBe(release);
  });

  it('fails when the contract suite fails', async () => {
    const deployed = await app([{ commit: built, model }]);
    fakes = fakeBin({ pnpm: '() => ({ code: 1 })' });
    const card = join(sealedBuild(work, model), 'model-card.json');
    const result = await runScript('scripts/ci/smoke.sh', [deployed.url, card, built], {
      path: [fakes.dir],
      env: { ...fast, FORESTFN_API_KEY: 'k' },
    });
    expect(result.code).toBe(1);
  });

  it('needs the function key and a full commit sha', async () => {
    fakes = fakeBin({ pnpm: '() => ({})' });
    const card = join(sealedBuild(work), 'model-card.json');
    const noKey = await runScript('scripts/ci/smoke.sh', ['http://127.0.0.1:9', card, built], {
      path: [fakes.dir],
    });
    expect(noKey.code).not.toBe(0);
    expect(noKey.stderr).toContain('missing environment: FORESTFN_API_KEY');
    const shortSha = await runScript('scripts/ci/smoke.sh', ['http://127.0.0.1:9', card, 'abc123'], {
      path: [fakes.dir],
      env: { FORESTFN_API_KEY: 'k' },
    });
    expect(shortSha.code).not.toBe(0);
    expect(shortSha.stderr).toContain("full 40-character sha, got 'abc123'");
  });
});
