// infra/provision.sh against a fake `az` that keeps the state of a pretend subscription (which apps,
// slots, keys and role assignments exist) and a fake `gh`: which resources it creates, in which order,
// what it hands to GitHub, that a second run changes nothing, and that no key is ever printed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Call, type FakeBin, fakeBin, lines, runScript } from './fake-commands.js';

const subscription = '00000000-1111-2222-3333-444444444444';

const az = `(args, ctx) => {
  const s = ctx.state;
  s.apps ??= []; s.keys ??= {}; s.roles ??= [];
  const cmd = args.filter((a) => !a.startsWith('-')).slice(0, 3).join(' ');
  const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const site = () => opt('--name') + (opt('--slot') ? '/slots/' + opt('--slot') : '');
  const id = (path) => '/subscriptions/${subscription}/resourceGroups/' + opt('--resource-group') + '/providers/Microsoft.Web/sites/' + path;
  if (cmd === 'account show') return { stdout: (opt('--query') === 'id' ? '${subscription}' : 'tenant-0000') + '\\n' };
  if (cmd.startsWith('functionapp show')) return s.apps.includes(site()) ? { stdout: id(site()) + '\\n' } : { code: 3, stderr: 'ResourceNotFound' };
  if (cmd.startsWith('functionapp create')) { s.apps.push(opt('--name')); return {}; }
  if (cmd === 'functionapp deployment slot') { if (args.includes('create')) s.apps.push(opt('--name') + '/slots/' + opt('--slot')); return {}; }
  if (cmd === 'monitor log-analytics workspace') return { stdout: '/subscriptions/x/workspaces/log\\n' };
  if (cmd.startsWith('identity show')) return { stdout: 'client-' + opt('--name') + '\\tprincipal-' + opt('--name') + '\\n' };
  if (cmd === 'role assignment list') {
    const principal = /principalId=='([^']+)'/.exec(opt('--query'))[1];
    return { stdout: s.roles.filter((r) => r === [principal, opt('--role'), opt('--scope')].join('|')).length + '\\n' };
  }
  if (cmd === 'role assignment create') { s.roles.push([opt('--assignee-object-id'), opt('--role'), opt('--scope')].join('|')); return {}; }
  if (cmd === 'functionapp keys list') return { stdout: (s.keys[site()] ?? '') + '\\n' };
  if (cmd === 'functionapp keys set') { s.keys[site()] = opt('--key-value'); return {}; }
  return {};
}`;

/** gh: logged in (or not); answers the reviewer's id and the environments' branch policies. */
const gh = (loggedIn: boolean) => `(args, ctx) => {
  if (args[0] === 'auth') return { code: ${loggedIn ? 0 : 1} };
  if (args[0] === 'secret') ctx.stdin();
  if (args[0] === 'api' && args.includes('--input')) ctx.stdin();
  if (args[0] === 'api' && args[1] === 'users/octocat') return { stdout: '583231\\n' };
  if (args[0] === 'api' && String(args[1]).endsWith('/deployment-branch-policies')) return { stdout: '' };
  return {};
}`;

// Each fake call starts a Node process and a run makes about 35 of them: each describe provisions
// once (beforeAll) and its tests read that run. Generous limits for loaded machines.
const slow = 180_000;

type Run = Awaited<ReturnType<typeof runScript>> & { calls: Call[]; fakes: FakeBin };

async function provision(
  args: string[],
  options: { loggedIn?: boolean; fakes?: FakeBin } = {},
): Promise<Run> {
  const fakes = options.fakes ?? fakeBin({ az, gh: gh(options.loggedIn ?? false) });
  const before = fakes.calls().length;
  const result = await runScript('infra/provision.sh', ['--repo', 'octo/forestfn', ...args], {
    path: [fakes.dir],
    env: { PROVISION_RETRY_SECONDS: '0' },
  });
  return { ...result, calls: fakes.calls().slice(before), fakes };
}

/** Index of the first az call starting with `prefix` (fails the test when there is none). */
function at(calls: Call[], prefix: string): number {
  const index = lines(calls, 'az').findIndex((line) => line.startsWith(prefix));
  expect(index, `no az call starting with "${prefix}"`).toBeGreaterThanOrEqual(0);
  return index;
}

function keysOf(state: Record<string, unknown>): Record<string, string> {
  return state.keys as Record<string, string>;
}

describe('infra/provision.sh --plan flex', () => {
  let run: Run;
  beforeAll(async () => {
    run = await provision(['--plan', 'flex', '--print-only']);
  }, slow);
  afterAll(() => run?.fakes.cleanup());

  it('creates the resources in dependency order: two apps, no plan, no slot', () => {
    const { code, calls, stderr } = run;
    expect(code, stderr).toBe(0);
    const azCalls = lines(calls, 'az');
    const order = [
      'group create --name rg-forestfn --location eastus',
      'storage account create',
      'monitor log-analytics workspace create',
      'monitor app-insights component create',
      'functionapp create',
      'functionapp update',
      'resource update --ids',
      'identity create',
      'identity federated-credential create',
      'role assignment create',
      'functionapp keys set',
    ].map((prefix) => at(calls, prefix));
    expect(order).toEqual([...order].sort((a, b) => a - b));

    const creates = azCalls.filter((line) => line.startsWith('functionapp create'));
    expect(creates).toHaveLength(2);
    for (const create of creates) {
      expect(create).toContain('--flexconsumption-location eastus --runtime node --runtime-version 22');
      expect(create).toContain('--maximum-instance-count 40');
    }
    const app = /--name (forestfn-[0-9a-f]{6}) /.exec(creates[0] ?? '')?.[1];
    expect(creates[1]).toContain(`--name ${app}-staging `);
    expect(azCalls.some((line) => line.startsWith('functionapp plan create'))).toBe(false);
    expect(azCalls.some((line) => line.includes('slot create'))).toBe(false);
  });

  it('trusts GitHub per environment and gives each identity Website Contributor on its own app only', () => {
    const azCalls = lines(run.calls, 'az');
    const federated = azCalls.filter((line) => line.startsWith('identity federated-credential create'));
    expect(federated.map((line) => /--subject (\S+)/.exec(line)?.[1])).toEqual([
      'repo:octo/forestfn:environment:staging',
      'repo:octo/forestfn:environment:production',
    ]);
    for (const line of federated) {
      expect(line).toContain('--issuer https://token.actions.githubusercontent.com');
      expect(line).toContain('--audiences api://AzureADTokenExchange');
    }
    const assignments = azCalls.filter((line) => line.startsWith('role assignment create'));
    expect(assignments).toEqual([
      expect.stringMatching(
        /--assignee-object-id principal-id-forestfn-github-staging .*--role Website Contributor --scope \/subscriptions\/\S+\/sites\/forestfn-[0-9a-f]{6}-staging /,
      ),
      expect.stringMatching(
        /--assignee-object-id principal-id-forestfn-github-production .*--role Website Contributor --scope \/subscriptions\/\S+\/sites\/forestfn-[0-9a-f]{6} /,
      ),
    ]);
    expect(azCalls.filter((line) => line.includes('basicPublishingCredentialsPolicies'))).toHaveLength(4);
    expect(azCalls.filter((line) => line.startsWith('functionapp update'))).toEqual([
      expect.stringMatching(/--name forestfn-[0-9a-f]{6} --set httpsOnly=true/),
      expect.stringMatching(/--name forestfn-[0-9a-f]{6}-staging --set httpsOnly=true/),
    ]);
  });

  it('prints the GitHub configuration without printing a key', () => {
    const { stdout, calls } = run;
    const keys = Object.values(keysOf(run.fakes.state()));
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      expect(key).toMatch(/^[A-Za-z0-9_-]{40,}$/);
      expect(stdout).not.toContain(key);
    }
    expect(stdout).toContain('gh variable set FORESTFN_PROMOTION --repo octo/forestfn --body redeploy');
    expect(stdout).toMatch(
      /gh variable set FORESTFN_STAGING_APP_NAME --repo octo\/forestfn --body forestfn-[0-9a-f]{6}-staging/,
    );
    expect(stdout).toContain(
      'gh variable set AZURE_CLIENT_ID --repo octo/forestfn --env production --body client-id-forestfn-github-production',
    );
    expect(stdout).toMatch(
      /az functionapp keys list --resource-group rg-forestfn --name forestfn-[0-9a-f]{6}-staging --query functionKeys.github --output tsv \| gh secret set FORESTFN_FUNCTION_KEY --env staging/,
    );
    expect(lines(calls, 'gh')).toEqual([]);
  });

  it(
    'changes nothing on a second run and keeps the keys',
    async () => {
      const keys = { ...keysOf(run.fakes.state()) };
      const again = await provision(['--plan', 'flex', '--print-only'], { fakes: run.fakes });
      expect(again.code, again.stderr).toBe(0);
      const azCalls = lines(again.calls, 'az');
      for (const creation of ['functionapp create', 'role assignment create', 'functionapp keys set']) {
        expect(azCalls.filter((line) => line.startsWith(creation))).toEqual([]);
      }
      expect(keysOf(run.fakes.state())).toEqual(keys);
    },
    slow,
  );
});

describe('infra/provision.sh --plan premium', () => {
  let run: Run;
  beforeAll(async () => {
    run = await provision(['--plan', 'premium', '--print-only']);
  }, slow);
  afterAll(() => run?.fakes.cleanup());

  it('creates an Elastic Premium plan, one app with a staging slot, and scopes staging to the slot', () => {
    const { code, calls, stdout, stderr } = run;
    expect(code, stderr).toBe(0);
    const azCalls = lines(calls, 'az');
    expect(at(calls, 'functionapp plan create')).toBeLessThan(at(calls, 'functionapp create'));
    expect(azCalls.find((line) => line.startsWith('functionapp plan create'))).toContain(
      '--sku EP1 --is-linux',
    );
    expect(azCalls.filter((line) => line.startsWith('functionapp create'))).toHaveLength(1);
    expect(at(calls, 'functionapp create')).toBeLessThan(at(calls, 'functionapp deployment slot create'));
    expect(azCalls).toContainEqual(
      expect.stringMatching(/^functionapp deployment slot create .*--slot staging/),
    );

    expect(azCalls.filter((line) => line.startsWith('role assignment create'))).toEqual([
      expect.stringMatching(
        /staging .*--role Website Contributor --scope \S+\/sites\/forestfn-[0-9a-f]{6}\/slots\/staging /,
      ),
      expect.stringMatching(/staging .*--role Reader --scope \S+\/sites\/forestfn-[0-9a-f]{6} /),
      expect.stringMatching(
        /production .*--role Website Contributor --scope \S+\/sites\/forestfn-[0-9a-f]{6} /,
      ),
    ]);
    expect(Object.keys(keysOf(run.fakes.state())).sort()).toEqual([
      expect.stringMatching(/^forestfn-[0-9a-f]{6}$/),
      expect.stringMatching(/^forestfn-[0-9a-f]{6}\/slots\/staging$/),
    ]);
    expect(azCalls.filter((line) => line.startsWith('functionapp update'))).toEqual([
      expect.stringMatching(/--name forestfn-[0-9a-f]{6} --set httpsOnly=true/),
      expect.stringMatching(/--name forestfn-[0-9a-f]{6} --slot staging --set httpsOnly=true/),
    ]);
    expect(stdout).toContain('--body slot-swap');
    expect(stdout).not.toContain('FORESTFN_STAGING_APP_NAME');
  });
});

describe('infra/provision.sh with gh logged in', () => {
  let run: Run;
  beforeAll(async () => {
    run = await provision(['--reviewer', 'octocat'], { loggedIn: true });
  }, slow);
  afterAll(() => run?.fakes.cleanup());

  it('sets the keys as environment secrets through stdin, never on a command line or in the output', () => {
    const { code, calls, stdout, stderr } = run;
    expect(code, stderr).toBe(0);
    const ghCalls = calls.filter((call) => call.cmd === 'gh');
    const keys = keysOf(run.fakes.state());
    const secrets = ghCalls.filter((call) => call.args[0] === 'secret');
    expect(secrets.map((call) => [call.args.join(' '), call.stdin])).toEqual([
      [
        'secret set FORESTFN_FUNCTION_KEY --env staging --repo octo/forestfn',
        Object.entries(keys).find(([site]) => site.endsWith('-staging'))?.[1],
      ],
      [
        'secret set FORESTFN_FUNCTION_KEY --env production --repo octo/forestfn',
        Object.entries(keys).find(([site]) => !site.endsWith('-staging'))?.[1],
      ],
    ]);
    for (const key of Object.values(keys)) {
      expect(stdout + stderr).not.toContain(key);
      for (const call of ghCalls) expect(call.args.join(' ')).not.toContain(key);
    }
  });

  it('sets the variables and creates both environments, production with the reviewer, main only', () => {
    const ghCalls = run.calls.filter((call) => call.cmd === 'gh');
    const production = ghCalls.find((call) =>
      call.args.join(' ').includes('--method PUT repos/octo/forestfn/environments/production'),
    );
    expect(JSON.parse(production?.stdin ?? '{}')).toEqual({
      reviewers: [{ type: 'User', id: 583231 }],
      deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
    });
    expect(
      ghCalls.filter((call) => call.args.join(' ').includes('deployment-branch-policies -f name=main')),
    ).toHaveLength(2);
    expect(ghCalls.filter((call) => call.args[0] === 'variable').map((call) => call.args[2])).toEqual([
      'AZURE_TENANT_ID',
      'AZURE_SUBSCRIPTION_ID',
      'AZURE_RESOURCE_GROUP',
      'FORESTFN_APP_NAME',
      'FORESTFN_PROMOTION',
      'FORESTFN_STAGING_APP_NAME',
      'AZURE_CLIENT_ID',
      'AZURE_CLIENT_ID',
    ]);
  });
});

describe('infra/provision.sh when Azure refuses to set a key', () => {
  let run: Run;
  beforeAll(async () => {
    const refusing = az.replace(
      "if (cmd === 'functionapp keys set') {",
      "if (cmd === 'functionapp keys set') { return { code: 1, stderr: 'Forbidden' };",
    );
    expect(refusing).not.toBe(az);
    run = await provision([], { fakes: fakeBin({ az: refusing, gh: gh(true) }) });
  }, slow);
  afterAll(() => run?.fakes.cleanup());

  it('stops before storing any secret', () => {
    expect(run.code).not.toBe(0);
    expect(lines(run.calls, 'gh').filter((line) => line.startsWith('secret'))).toEqual([]);
  });
});

describe('infra/provision.sh arguments', () => {
  it.each([
    [[], '--repo OWNER/REPO is required'],
    [['--repo', 'octo/forestfn', '--plan', 'dedicated'], "--plan must be flex or premium, got 'dedicated'"],
    [['--repo', 'octo/forestfn', '--name', 'Bad_Name'], '--name must be'],
    [['--repo', 'octo/forestfn', '--frobnicate'], "unknown argument '--frobnicate'"],
  ])('refuses %j before touching Azure', async (args, message) => {
    const fakes = fakeBin({ az, gh: gh(false) });
    try {
      const result = await runScript('infra/provision.sh', args, { path: [fakes.dir] });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(message);
      expect(fakes.calls()).toEqual([]);
    } finally {
      fakes.cleanup();
    }
  });
});
