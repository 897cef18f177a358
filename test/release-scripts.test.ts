// The scripts release.yml calls, run in throwaway git repositories (with a bare `origin`) against
// fake `pnpm` and `gh` that record what they are asked to do.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeBin, fakeBin, lines, repoRoot, runScript } from './fake-commands.js';

let work: string;
let fakes: FakeBin | undefined;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'forestfn-release-'));
});
afterEach(() => {
  fakes?.cleanup();
  fakes = undefined;
  rmSync(work, { recursive: true, force: true });
});

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], {
    cwd,
    encoding: 'utf8',
  }).trim();

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

const manifest = (name: string, version: string) => `${JSON.stringify({ name, version }, null, 2)}\n`;

/** A repository shaped like this one (the files the release scripts read), pushed to a bare origin. */
function repository(options: { changesets: string[]; version?: string }): string {
  const origin = join(work, 'origin.git');
  const repo = join(work, 'repo');
  execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', origin]);
  execFileSync('git', ['init', '--quiet', '--initial-branch=main', repo]);
  const version = options.version ?? '0.1.0';
  write(join(repo, 'packages/client/package.json'), manifest('@forestfn/client', version));
  write(join(repo, 'packages/mock/package.json'), manifest('@forestfn/mock', version));
  write(join(repo, '.changeset/config.json'), '{}\n');
  write(join(repo, '.changeset/README.md'), '# Changesets\n');
  for (const name of options.changesets)
    write(join(repo, `.changeset/${name}`), '---\n"@forestfn/client": minor\n---\n\nAdd retries.\n');
  git(repo, 'add', '--all');
  git(repo, 'commit', '--quiet', '--message', 'initial');
  git(repo, 'remote', 'add', 'origin', origin);
  git(repo, 'push', '--quiet', 'origin', 'main');
  return repo;
}

describe('scripts/ci/changeset-mode.sh', () => {
  it('publishes when only the config and README are there', async () => {
    const repo = repository({ changesets: [] });
    const result = await runScript('scripts/ci/changeset-mode.sh', [], { cwd: repo });
    expect(result.code).toBe(0);
    expect(result.outputs).toEqual({ mode: 'publish' });
  });

  it('versions while a changeset is pending, and names it', async () => {
    const repo = repository({ changesets: ['brave-dogs-run.md'] });
    const result = await runScript('scripts/ci/changeset-mode.sh', [], { cwd: repo });
    expect(result.outputs).toEqual({ mode: 'version' });
    expect(result.stdout).toContain('1 pending changeset(s): brave-dogs-run.md');
  });

  it('fails outside a repository root', async () => {
    const result = await runScript('scripts/ci/changeset-mode.sh', [], { cwd: work });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('.changeset/config.json not found');
  });

  it('is happy with the real .changeset folder of this repository', async () => {
    const result = await runScript('scripts/ci/changeset-mode.sh', []);
    expect(result.code).toBe(0);
    expect(['version', 'publish']).toContain(result.outputs.mode);
  });
});

describe('scripts/ci/version-pr.sh', () => {
  /** `pnpm exec changeset version`, as far as the script can tell: bumps both packages, consumes the changeset. */
  const pnpmVersion = `(args, ctx) => {
    if (args.join(' ') !== 'exec changeset version') return { code: 9 };
    for (const dir of ['packages/client', 'packages/mock']) {
      const file = dir + '/package.json';
      const pkg = JSON.parse(ctx.fs.readFileSync(file, 'utf8'));
      pkg.version = '0.2.0';
      ctx.fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + '\\n');
      ctx.fs.writeFileSync(dir + '/CHANGELOG.md', '# ' + pkg.name + '\\n\\n## 0.2.0\\n');
    }
    for (const f of ctx.fs.readdirSync('.changeset')) if (f.endsWith('.md') && f !== 'README.md') ctx.fs.rmSync('.changeset/' + f);
    return {};
  }`;
  const gh = (openPr: string) => `(args, ctx) => {
    const sub = args.slice(0, 2).join(' ');
    if (sub === 'pr list') return { stdout: ${JSON.stringify(openPr)} };
    if (sub === 'pr create' || sub === 'pr edit') {
      ctx.state.body = ctx.fs.readFileSync(args[args.indexOf('--body-file') + 1], 'utf8');
      return {};
    }
    return { code: 9 };
  }`;

  it('commits the new versions on changeset-release/main, pushes it and opens the pull request', async () => {
    const repo = repository({ changesets: ['brave-dogs-run.md'] });
    fakes = fakeBin({ pnpm: pnpmVersion, gh: gh('') });
    const result = await runScript('scripts/ci/version-pr.sh', [], { cwd: repo, path: [fakes.dir] });
    expect(result.code).toBe(0);

    const origin = join(work, 'origin.git');
    expect(git(origin, 'log', '-1', '--format=%s|%an', 'changeset-release/main')).toBe(
      'Version packages|github-actions[bot]',
    );
    expect(JSON.parse(git(origin, 'show', 'changeset-release/main:packages/mock/package.json')).version).toBe(
      '0.2.0',
    );
    expect(git(origin, 'ls-tree', '--name-only', 'changeset-release/main', '.changeset/')).not.toContain(
      'brave-dogs-run.md',
    );
    expect(git(origin, 'rev-parse', 'main')).toBe(git(origin, 'rev-parse', 'changeset-release/main~1'));

    const ghCalls = lines(fakes.calls(), 'gh');
    expect(ghCalls[0]).toMatch(/^pr list --head changeset-release\/main --base main --state open/);
    expect(ghCalls[1]).toMatch(
      /^pr create --base main --head changeset-release\/main --title Version packages --body-file /,
    );
    expect(fakes.state().body).toContain('| @forestfn/client | 0.2.0 |');
  });

  it('updates the open pull request instead of opening a second one', async () => {
    const repo = repository({ changesets: ['brave-dogs-run.md'] });
    fakes = fakeBin({ pnpm: pnpmVersion, gh: gh('17\n') });
    const result = await runScript('scripts/ci/version-pr.sh', [], { cwd: repo, path: [fakes.dir] });
    expect(result.code).toBe(0);
    expect(lines(fakes.calls(), 'gh')[1]).toMatch(/^pr edit 17 --title Version packages --body-file /);
  });

  it('pushes nothing and opens nothing when there is nothing to version', async () => {
    const repo = repository({ changesets: [] });
    fakes = fakeBin({ pnpm: '() => ({})', gh: gh('') });
    const result = await runScript('scripts/ci/version-pr.sh', [], { cwd: repo, path: [fakes.dir] });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('changed nothing');
    expect(lines(fakes.calls(), 'gh')).toEqual([]);
    expect(git(join(work, 'origin.git'), 'branch', '--list', 'changeset-release/main')).toBe('');
  });
});

describe('scripts/ci/publish-packages.sh', () => {
  /** `node` reporting another version for the script's version check; anything else runs the real node. */
  function nodeReporting(version: string): string {
    const dir = join(work, `node-${version}`);
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'node'),
      `#!/usr/bin/env bash\nif [[ "$1" == --version ]]; then echo ${version}; else exec ${process.execPath} "$@"; fi\n`,
    );
    chmodSync(join(dir, 'node'), 0o755);
    return dir;
  }

  /** `pnpm exec changeset publish`: records the npm configuration it would publish with, tags like changesets. */
  const pnpmPublish = (code: number) => `(args, ctx) => {
    if (args.join(' ') !== 'exec changeset publish') return { code: 9 };
    const rc = ctx.env.NPM_CONFIG_USERCONFIG;
    ctx.state.npmrc = rc ? ctx.fs.readFileSync(rc, 'utf8') : null;
    if (${code} !== 0) return { code: ${code}, stderr: 'E403 Forbidden' };
    require('node:child_process').execFileSync('git', ['tag', '@forestfn/client@0.2.0']);
    require('node:child_process').execFileSync('git', ['tag', '@forestfn/mock@0.2.0']);
    return {};
  }`;

  it('publishes with provenance, the token only referenced in the npmrc, and pushes the tags', async () => {
    const repo = repository({ changesets: [], version: '0.2.0' });
    fakes = fakeBin({ pnpm: pnpmPublish(0) });
    const token = 'npm_SECRET_token_value';
    const result = await runScript('scripts/ci/publish-packages.sh', [], {
      cwd: repo,
      path: [nodeReporting('v24.1.0'), fakes.dir],
      env: { NPM_TOKEN: token },
    });
    expect(result.code).toBe(0);
    const [publish] = fakes.calls();
    expect(publish?.env.NPM_CONFIG_PROVENANCE).toBe('true');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal npm expands itself
    expect(fakes.state().npmrc).toBe('//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n');
    expect(result.stdout + result.stderr).not.toContain(token);
    expect(existsSync(publish?.env.NPM_CONFIG_USERCONFIG ?? '')).toBe(false);
    expect(git(join(work, 'origin.git'), 'tag', '--list').split('\n')).toEqual([
      '@forestfn/client@0.2.0',
      '@forestfn/mock@0.2.0',
    ]);
  });

  it('uses trusted publishing (no npmrc) when there is no NPM_TOKEN', async () => {
    const repo = repository({ changesets: [], version: '0.2.0' });
    fakes = fakeBin({ pnpm: pnpmPublish(0) });
    const result = await runScript('scripts/ci/publish-packages.sh', [], {
      cwd: repo,
      path: [nodeReporting('v22.11.0'), fakes.dir],
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('trusted publishing');
    expect(fakes.state().npmrc).toBeNull();
  });

  it('pushes no tag when publishing fails', async () => {
    const repo = repository({ changesets: [], version: '0.2.0' });
    fakes = fakeBin({ pnpm: pnpmPublish(1) });
    const result = await runScript('scripts/ci/publish-packages.sh', [], {
      cwd: repo,
      path: [nodeReporting('v24.1.0'), fakes.dir],
    });
    expect(result.code).toBe(1);
    expect(git(join(work, 'origin.git'), 'tag', '--list')).toBe('');
  });
});

describe('scripts/ci/github-release.sh', () => {
  const sha = 'b'.repeat(40);
  const runUrl = 'https://github.com/o/r/actions/runs/4242';

  function releaseInputs(clientVersion = '0.2.0', mockVersion = '0.2.0'): { root: string; build: string } {
    const root = join(work, 'root');
    write(join(root, 'packages/client/package.json'), manifest('@forestfn/client', clientVersion));
    write(join(root, 'packages/mock/package.json'), manifest('@forestfn/mock', mockVersion));
    write(
      join(root, 'packages/client/CHANGELOG.md'),
      '# @forestfn/client\n\n## 0.2.0\n\n### Minor Changes\n\n- Add retries.\n\n## 0.1.0\n\n- First.\n',
    );
    const build = join(work, 'artifacts');
    write(join(build, 'functions.zip'), 'PK zip bytes');
    write(join(build, 'model.bin'), '{"trees":[]}');
    const card = {
      name: 'iris-forest',
      version: 'c0ffee00c0ffee00',
      metrics: { accuracy: 0.95, macroF1: 0.949, holdoutRows: 30 },
      dataset: { path: 'data/iris.csv', sha256: 'd'.repeat(64), rows: 150, trainRows: 120 },
    };
    write(join(build, 'model-card.json'), JSON.stringify(card));
    execFileSync('bash', ['-c', 'sha256sum functions.zip model.bin model-card.json > SHA256SUMS'], {
      cwd: build,
    });
    return { root, build };
  }

  const gh = (exists: boolean) => `(args, ctx) => {
    const sub = args.slice(0, 2).join(' ');
    if (sub === 'release view') return ${exists} ? { stdout: '{}' } : { code: 1, stderr: 'release not found' };
    if (sub === 'release create') {
      ctx.state.notes = ctx.fs.readFileSync(args[args.indexOf('--notes-file') + 1], 'utf8');
      ctx.state.release = JSON.parse(ctx.fs.readFileSync(args[args.length - 1], 'utf8'));
      return {};
    }
    return { code: 9 };
  }`;

  it('creates v<version> at the commit, with the build as assets and the model version recorded', async () => {
    const { root, build } = releaseInputs();
    fakes = fakeBin({ gh: gh(false) });
    const result = await runScript('scripts/ci/github-release.sh', [build, sha, runUrl], {
      cwd: root,
      path: [fakes.dir],
    });
    expect(result.code).toBe(0);
    const create = lines(fakes.calls(), 'gh')[1];
    expect(create).toBe(
      [
        `release create v0.2.0 --target ${sha} --title forestfn v0.2.0 --notes-file ${build}/release-notes.md --latest`,
        ...['functions.zip', 'model.bin', 'model-card.json', 'SHA256SUMS', 'release.json'].map(
          (f) => `${build}/${f}`,
        ),
      ].join(' '),
    );
    const notes = String(fakes.state().notes);
    expect(notes).toContain('`iris-forest` version `c0ffee00c0ffee00`');
    expect(notes).toContain('accuracy 95.0%');
    expect(notes).toContain(`Built from ${sha} by ${runUrl}.`);
    expect(notes).toContain('## @forestfn/client\n\n### Minor Changes\n\n- Add retries.');
    expect(notes).not.toContain('First.');
    expect(fakes.state().release).toMatchObject({
      tag: 'v0.2.0',
      packages: { '@forestfn/client': '0.2.0', '@forestfn/mock': '0.2.0' },
      model: { name: 'iris-forest', version: 'c0ffee00c0ffee00' },
      commit: sha,
      ciRun: runUrl,
    });
  });

  it('does nothing when the release exists (a re-run, or nothing new published)', async () => {
    const { root, build } = releaseInputs();
    fakes = fakeBin({ gh: gh(true) });
    const result = await runScript('scripts/ci/github-release.sh', [build, sha], {
      cwd: root,
      path: [fakes.dir],
    });
    expect(result.code).toBe(0);
    expect(lines(fakes.calls(), 'gh')).toEqual(['release view v0.2.0 --json tagName']);
  });

  it('refuses when client and mock versions differ (they are one fixed group)', async () => {
    const { root, build } = releaseInputs('0.3.0', '0.2.0');
    fakes = fakeBin({ gh: gh(false) });
    const result = await runScript('scripts/ci/github-release.sh', [build, sha], {
      cwd: root,
      path: [fakes.dir],
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('@forestfn/client 0.3.0 and @forestfn/mock 0.2.0 differ');
    expect(fakes.calls()).toEqual([]);
  });

  it('refuses a build that does not match its checksums', async () => {
    const { root, build } = releaseInputs();
    writeFileSync(join(build, 'model.bin'), '{"trees":[1]}');
    fakes = fakeBin({ gh: gh(false) });
    const result = await runScript('scripts/ci/github-release.sh', [build, sha], {
      cwd: root,
      path: [fakes.dir],
    });
    expect(result.code).not.toBe(0);
    expect(fakes.calls()).toEqual([]);
  });
});

describe('.changeset/config.json', () => {
  it('publishes client and mock as one fixed group and ignores exactly the private packages', () => {
    const config = JSON.parse(readFileSync(join(repoRoot, '.changeset/config.json'), 'utf8'));
    expect(config.fixed).toEqual([['@forestfn/client', '@forestfn/mock']]);
    expect(config.access).toBe('public');
    const manifests = [
      'packages/client',
      'packages/mock',
      'packages/model',
      'packages/service',
      'server',
    ].map(
      (dir) =>
        JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8')) as {
          name: string;
          private?: boolean;
        },
    );
    const privateNames = manifests.filter((pkg) => pkg.private === true).map((pkg) => pkg.name);
    expect([...config.ignore].sort()).toEqual(privateNames.sort());
    expect(manifests.filter((pkg) => pkg.private !== true).map((pkg) => pkg.name)).toEqual([
      '@forestfn/client',
      '@forestfn/mock',
    ]);
  });
});
