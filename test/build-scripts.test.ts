// The scripts CI's build job calls: baseline download, quality gate, sealing the build.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/** A fake gh whose latest release is `tag` (none when null), with the given assets. */
function ghWithRelease(tag: string | null, assets: string[], cardText = card('0123456789abcdef')): string {
  return `(args, ctx) => {
    const tag = ${JSON.stringify(tag)};
    const sub = args.slice(0, 2).join(' ');
    if (sub === 'release list') return { stdout: tag ? tag + '\\n' : '' };
    if (sub === 'release view') return { stdout: ${JSON.stringify(assets)}.map((a) => a + '\\n').join('') };
    if (sub === 'release download') {
      const dir = args[args.indexOf('--dir') + 1];
      ctx.fs.writeFileSync(dir + '/model-card.json', ${JSON.stringify(cardText)});
      return {};
    }
    return { code: 9, stderr: 'unexpected gh call' };
  }`;
}

describe('scripts/ci/baseline-card.sh', () => {
  it('exits 0 with a notice and an empty path when there is no release', async () => {
    fakes = fakeBin({ gh: ghWithRelease(null, []) });
    const result = await runScript('scripts/ci/baseline-card.sh', [join(work, 'baseline')], {
      path: [fakes.dir],
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('::notice::No GitHub release yet');
    expect(result.outputs).toEqual({ path: '' });
    expect(lines(fakes.calls(), 'gh')).toEqual([
      'release list --exclude-drafts --limit 100 --json tagName,isLatest --jq .[] | select(.isLatest) | .tagName',
    ]);
  });

  it("downloads the latest release's model card and outputs its path", async () => {
    const text = card('fedcba9876543210');
    fakes = fakeBin({ gh: ghWithRelease('v1.4.0', ['functions.zip', 'model-card.json'], text) });
    const dir = join(work, 'baseline');
    const result = await runScript('scripts/ci/baseline-card.sh', [dir], { path: [fakes.dir] });
    expect(result.code).toBe(0);
    expect(result.outputs).toEqual({ tag: 'v1.4.0', path: join(dir, 'model-card.json') });
    expect(readFileSync(join(dir, 'model-card.json'), 'utf8')).toBe(text);
    const download = lines(fakes.calls(), 'gh').find((line) => line.startsWith('release download'));
    expect(download).toBe(`release download v1.4.0 --pattern model-card.json --dir ${dir} --clobber`);
  });

  it('skips with a warning when the latest release has no model card', async () => {
    fakes = fakeBin({ gh: ghWithRelease('v0.1.0', ['functions.zip']) });
    const result = await runScript('scripts/ci/baseline-card.sh', [join(work, 'b')], { path: [fakes.dir] });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('::warning::Release v0.1.0 has no model-card.json');
    expect(result.outputs).toEqual({ path: '' });
  });

  it('fails when gh fails, rather than silently skipping the regression check', async () => {
    fakes = fakeBin({ gh: `() => ({ code: 4, stderr: 'HTTP 401: Bad credentials' })` });
    const result = await runScript('scripts/ci/baseline-card.sh', [join(work, 'b')], { path: [fakes.dir] });
    expect(result.code).not.toBe(0);
    expect(result.outputs).toEqual({});
  });
});

describe('scripts/ci/validate.sh', () => {
  const pnpm = (code: number) => `() => ({ code: ${code} })`;

  it('runs pnpm validate without a baseline when given none', async () => {
    fakes = fakeBin({ pnpm: pnpm(0) });
    const result = await runScript('scripts/ci/validate.sh', [''], { path: [fakes.dir] });
    expect(result.code).toBe(0);
    expect(lines(fakes.calls(), 'pnpm')).toEqual(['validate']);
  });

  it('passes the baseline card to pnpm validate, and its failure fails the step', async () => {
    const baseline = join(work, 'model-card.json');
    writeFileSync(baseline, card('0123456789abcdef'));
    fakes = fakeBin({ pnpm: pnpm(1) });
    const result = await runScript('scripts/ci/validate.sh', [baseline], { path: [fakes.dir] });
    expect(result.code).toBe(1);
    expect(lines(fakes.calls(), 'pnpm')).toEqual([`validate --baseline ${baseline}`]);
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
