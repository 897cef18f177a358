// The scripts CI's build job calls: the baseline (the card of what production serves), the quality
// gate, sealing the build. Fake `gh` and `pnpm`, and a local server standing in for production.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeBin, fakeBin, lines, runScript } from './fake-commands.js';

let work: string;
let fakes: FakeBin | undefined;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'forestfn-build-'));
});
afterEach(() => {
  fakes?.cleanup();
  fakes = undefined;
  rmSync(work, { recursive: true, force: true });
});

const card = (version: string) =>
  `${JSON.stringify({ name: 'iris', version, metrics: { accuracy: 0.95 } })}\n`;

const commit = 'c'.repeat(40);
const servedModel = 'fedcba9876543210';

/** Production: a local server answering /api/health with a model version and (unless null) a commit. */
async function production(health: { version: string; commit: string | null } | 'down'): Promise<string> {
  server = createServer((request, response) => {
    if (health === 'down' || request.url !== '/api/health') {
      response.writeHead(503).end();
      return;
    }
    const body = {
      status: 'ok',
      ready: true,
      model: { name: 'm', version: health.version },
      uptimeSeconds: 1,
    };
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify(health.commit === null ? body : { ...body, commit: health.commit }));
  });
  await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * A fake gh for octo/forestfn: `deployments` are [id, latest state, url] newest first; `ciRun` is the CI
 * run of `commit` whose artifact still exists (null: none, or expired); `tags` maps tags to commits;
 * cards are served with `cardVersion`.
 */
function gh(options: {
  deployments: Array<[number, string, string]>;
  ciRun?: number | null;
  artifactExpired?: boolean;
  tags?: Record<string, string>;
  cardVersion?: string;
}): string {
  return `(args, ctx) => {
    const o = ${JSON.stringify({ ciRun: null, artifactExpired: false, tags: {}, cardVersion: servedModel, ...options })};
    const call = args.join(' ');
    const card = JSON.stringify({ name: 'm', version: o.cardVersion, metrics: { accuracy: 0.95, macroF1: 0.95 } });
    if (call.startsWith('api repos/octo/forestfn/deployments?environment=production'))
      return { stdout: o.deployments.map((d) => d[0] + '\\n').join('') };
    if (call.startsWith('api repos/octo/forestfn/deployments/') && call.includes('/statuses')) {
      const d = o.deployments.find((x) => String(x[0]) === call.split('/')[4]);
      return { stdout: d[1] + '|' + d[2] + '\\n' };
    }
    if (call.startsWith('run list --workflow ci.yml --commit ${commit}')) return { stdout: o.ciRun ? o.ciRun + '\\n' : '' };
    if (call.startsWith('run download')) {
      if (o.artifactExpired) return { code: 1, stderr: 'no valid artifacts found to download' };
      const dir = args[args.indexOf('--dir') + 1];
      ctx.fs.mkdirSync(dir, { recursive: true });
      ctx.fs.writeFileSync(dir + '/functions.zip', 'PK');
      ctx.fs.writeFileSync(dir + '/model-card.json', card);
      require('node:child_process').execFileSync('bash', ['-c', 'sha256sum functions.zip model-card.json > SHA256SUMS'], { cwd: dir });
      return {};
    }
    if (call.startsWith('api repos/octo/forestfn/tags'))
      return { stdout: Object.entries(o.tags).filter(([, sha]) => sha === '${commit}').map(([t]) => t + '\\n').join('') };
    if (call.startsWith('release download')) {
      const dir = args[args.indexOf('--dir') + 1];
      ctx.fs.mkdirSync(dir, { recursive: true });
      ctx.fs.writeFileSync(dir + '/model-card.json', card);
      return {};
    }
    return { code: 9, stderr: 'unexpected gh call: ' + call };
  }`;
}

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  server = undefined;
});

const baseline = async (source: string, env: Record<string, string> = {}) => {
  fakes = fakeBin({ gh: source });
  const summary = join(work, 'summary.md');
  const dir = join(work, 'baseline');
  const result = await runScript('scripts/ci/baseline-card.sh', [dir], {
    path: [fakes.dir],
    env: { GH_REPO: 'octo/forestfn', GITHUB_STEP_SUMMARY: summary, ...env },
  });
  const said = existsSync(summary) ? readFileSync(summary, 'utf8') : '';
  return { ...result, dir, summary: said };
};

describe('scripts/ci/baseline-card.sh', () => {
  it("takes the card of the build production serves, from that commit's CI run", async () => {
    const url = await production({ version: servedModel, commit });
    const result = await baseline(
      gh({
        deployments: [
          [9, 'waiting', ''],
          [8, 'failure', url],
          [7, 'success', url],
        ],
        ciRun: 4242,
      }),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.outputs).toEqual({
      commit,
      source: 'CI run 4242',
      path: join(result.dir, 'ci-run-4242', 'model-card.json'),
    });
    expect(result.summary).toContain(`the model production serves, \`${servedModel}\``);
    // The newest deployment whose latest status is success gives production's URL.
    const calls = lines(fakes?.calls() ?? [], 'gh');
    expect(calls.filter((line) => line.includes('/statuses'))).toHaveLength(3);
  });

  it('falls back to the release made from that commit once the CI artifact has expired', async () => {
    const url = await production({ version: servedModel, commit });
    const result = await baseline(
      gh({
        deployments: [[7, 'success', url]],
        ciRun: 4242,
        artifactExpired: true,
        tags: { 'v1.2.0': commit, 'v1.1.0': 'd'.repeat(40) },
      }),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.outputs).toMatchObject({
      source: 'release v1.2.0',
      path: join(result.dir, 'release-v1.2.0', 'model-card.json'),
    });
    expect(lines(fakes?.calls() ?? [], 'gh')).toContain(
      `release download v1.2.0 --pattern model-card.json --dir ${join(result.dir, 'release-v1.2.0')} --clobber`,
    );
  });

  it('says the first deploy has no baseline, explicitly, when production never had a successful deployment', async () => {
    const result = await baseline(gh({ deployments: [[3, 'failure', 'https://x.invalid']] }));
    expect(result.code).toBe(0);
    expect(result.outputs).toEqual({ path: 'none' });
    expect(result.stdout).toContain('::notice::First deploy');
    expect(result.summary).toContain('**No-regression baseline: none.** First deploy');
    expect(result.stderr).not.toContain('::warning::');
  });

  it('turns the check off only when FORESTFN_BASELINE is none, and says so', async () => {
    const off = await baseline(gh({ deployments: [] }), { FORESTFN_BASELINE: 'none' });
    expect(off.code).toBe(0);
    expect(off.outputs).toEqual({ path: 'none' });
    expect(off.summary).toContain('FORESTFN_BASELINE');
    expect(lines(fakes?.calls() ?? [], 'gh')).toEqual([]);
    fakes?.cleanup();
    const typo = await baseline(gh({ deployments: [] }), { FORESTFN_BASELINE: 'off' });
    expect(typo.code).not.toBe(0);
    expect(typo.stderr).toContain("may only be 'none'");
  });

  it.each([
    ['production is down', 'down' as const, {}, 'did not answer /api/health'],
    [
      'production reports no commit (a build from before commits were reported)',
      { version: servedModel, commit: null },
      {},
      'does not report the commit',
    ],
    [
      "the served build's card cannot be found anywhere",
      { version: servedModel, commit },
      { ciRun: null },
      'its CI artifact has expired and no release was made from it',
    ],
    [
      'the card found is for another model than production serves',
      { version: servedModel, commit },
      { ciRun: 4242, cardVersion: '0000000000000000' },
      `is for model 0000000000000000, but production serves model ${servedModel}`,
    ],
  ])('fails, rather than skipping the check, when %s', async (_, health, extra, message) => {
    const url = await production(health);
    const result = await baseline(gh({ deployments: [[7, 'success', url]], ...extra }));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(message);
    expect(result.outputs.path).toBeUndefined();
  });

  it('fails when gh fails (auth, network)', async () => {
    const result = await baseline(`() => ({ code: 4, stderr: 'HTTP 401: Bad credentials' })`);
    expect(result.code).not.toBe(0);
    expect(result.outputs).toEqual({});
  });
});

describe('scripts/ci/validate.sh', () => {
  const pnpm = (code: number) => `() => ({ code: ${code} })`;

  it("runs pnpm validate without a baseline only when told 'none'", async () => {
    fakes = fakeBin({ pnpm: pnpm(0) });
    const result = await runScript('scripts/ci/validate.sh', ['none'], { path: [fakes.dir] });
    expect(result.code).toBe(0);
    expect(lines(fakes.calls(), 'pnpm')).toEqual(['validate']);
  });

  it('refuses an empty baseline: no baseline is never implicit', async () => {
    fakes = fakeBin({ pnpm: pnpm(0) });
    const result = await runScript('scripts/ci/validate.sh', [''], { path: [fakes.dir] });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("no baseline given: pass the baseline model card, or 'none'");
    expect(fakes.calls()).toEqual([]);
  });

  it('passes the baseline card to pnpm validate, and its failure fails the step', async () => {
    const baselineCard = join(work, 'model-card.json');
    writeFileSync(baselineCard, card('0123456789abcdef'));
    fakes = fakeBin({ pnpm: pnpm(1) });
    const result = await runScript('scripts/ci/validate.sh', [baselineCard], { path: [fakes.dir] });
    expect(result.code).toBe(1);
    expect(lines(fakes.calls(), 'pnpm')).toEqual([`validate --baseline ${baselineCard}`]);
  });

  it('refuses a baseline path that does not exist, without running the gate', async () => {
    fakes = fakeBin({ pnpm: pnpm(0) });
    const result = await runScript('scripts/ci/validate.sh', [join(work, 'missing.json')], {
      path: [fakes.dir],
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('does not exist');
    expect(fakes.calls()).toEqual([]);
  });
});

describe('scripts/ci/seal-build.sh', () => {
  function build(version: string): string {
    const dir = join(work, 'artifacts');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'functions.zip'), 'PK zip bytes');
    writeFileSync(join(dir, 'model.bin'), '{"trees":[]}');
    writeFileSync(join(dir, 'model-card.json'), card(version));
    return dir;
  }

  it('writes checksums that verify, outputs the model version and summarises the build', async () => {
    const dir = build('00ff00ff00ff00ff');
    const summary = join(work, 'summary.md');
    const result = await runScript('scripts/ci/seal-build.sh', [dir], {
      env: { GITHUB_STEP_SUMMARY: summary },
    });
    expect(result.code).toBe(0);
    expect(result.outputs).toEqual({ 'model-version': '00ff00ff00ff00ff' });
    expect(
      execFileSync('sha256sum', ['--check', '--strict', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' }),
    ).toContain('functions.zip: OK');
    expect(readFileSync(join(dir, 'SHA256SUMS'), 'utf8').trim().split('\n')).toHaveLength(3);
    expect(readFileSync(summary, 'utf8')).toContain('Model version `00ff00ff00ff00ff`');
  });

  it('fails when the package step produced no zip', async () => {
    const dir = build('00ff00ff00ff00ff');
    rmSync(join(dir, 'functions.zip'));
    const result = await runScript('scripts/ci/seal-build.sh', [dir]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('functions.zip is missing');
  });

  it('fails when the model card has no valid version', async () => {
    const dir = build('not-a-hash');
    const result = await runScript('scripts/ci/seal-build.sh', [dir]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("got 'not-a-hash'");
  });
});
