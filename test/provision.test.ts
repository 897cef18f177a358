// infra/provision.sh against a fake `az` that keeps the state of a pretend subscription (which apps,
// slots, keys and role assignments exist) and a fake `gh`: which resources it creates, in which order,
// what it hands to GitHub, that a second run changes nothing, and that no key is ever printed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spec } from '../packages/service/src/generated/spec.js';
import { type Call, type FakeBin, fakeBin, lines, runScript } from './fake-commands.js';

const subscription = '00000000-1111-2222-3333-444444444444';

const az = `(args, ctx) => {
  const s = ctx.state;
  s.apps ??= []; s.keys ??= {}; s.roles ??= []; s.accounts ??= []; s.containers ??= []; s.shares ??= [];
  s.contentShares ??= {};
  const cmd = args.filter((a) => !a.startsWith('-')).slice(0, 3).join(' ');
  const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const site = () => opt('--name') + (opt('--slot') ? '/slots/' + opt('--slot') : '');
  const id = (path) => '/subscriptions/${subscription}/resourceGroups/' + opt('--resource-group') + '/providers/Microsoft.Web/sites/' + path;
  const accountId = (name) => '/subscriptions/${subscription}/resourceGroups/' + opt('--resource-group') + '/providers/Microsoft.Storage/storageAccounts/' + name;
  if (cmd === 'account show') return { stdout: (opt('--query') === 'id' ? '${subscription}' : 'tenant-0000') + '\\n' };
  if (cmd === 'storage account show') return s.accounts.includes(opt('--name')) ? { stdout: accountId(opt('--name')) + '\\n' } : { code: 3, stderr: 'ResourceNotFound' };
  if (cmd === 'storage account create') { s.accounts.push(opt('--name')); return {}; }
  if (cmd === 'storage account show-connection-string') return { stdout: 'DefaultEndpointsProtocol=https;AccountName=' + opt('--name') + ';AccountKey=KEY-OF-' + opt('--name') + '==\\n' };
  if (cmd === 'storage container-rm exists') return { stdout: String(s.containers.includes(opt('--storage-account') + '/' + opt('--name'))) + '\\n' };
  if (cmd === 'storage container-rm create') { s.containers.push(opt('--storage-account') + '/' + opt('--name')); return {}; }
  if (cmd === 'storage share-rm exists') return { stdout: String(s.shares.includes(opt('--storage-account') + '/' + opt('--name'))) + '\\n' };
  if (cmd === 'storage share-rm create') { s.shares.push(opt('--storage-account') + '/' + opt('--name')); return {}; }
  if (cmd.startsWith('functionapp show')) return s.apps.includes(site()) ? { stdout: id(site()) + '\\n' } : { code: 3, stderr: 'ResourceNotFound' };
  if (cmd.startsWith('functionapp create')) {
    s.apps.push(opt('--name'));
    // Flex apps get their deployment container; a Premium app gets a content share named by the CLI.
    if (opt('--deployment-storage-container-name')) s.containers.push(opt('--deployment-storage-name') + '/' + opt('--deployment-storage-container-name'));
    if (opt('--plan')) s.contentShares[opt('--name')] = opt('--name') + 'b0c1';
    return {};
  }
  if (cmd === 'functionapp deployment slot') { if (args.includes('create')) s.apps.push(opt('--name') + '/slots/' + opt('--slot')); return {}; }
  if (cmd === 'functionapp identity assign') return { stdout: 'system-' + site() + '\\n' };
  if (cmd === 'functionapp config appsettings' && args[3] === 'list') return { stdout: (s.contentShares[site()] ?? '') + '\\n' };
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

/** gh: logged in (or not); answers the reviewer's id, the environments' branch policies and rulesets. */
const gh = (loggedIn: boolean, rulesets = '') => `(args, ctx) => {
  if (args[0] === 'auth') return { code: ${loggedIn ? 0 : 1} };
  if (args[0] === 'secret') ctx.stdin();
  if (args[0] === 'api' && args.includes('--input')) ctx.stdin();
  if (args[0] === 'api' && args[1] === 'users/octocat') return { stdout: '583231\\n' };
  if (args[0] === 'api' && String(args[1]).endsWith('/deployment-branch-policies')) return { stdout: '' };
  if (args[0] === 'api' && String(args[1]).endsWith('/rulesets')) return { stdout: ${JSON.stringify(rulesets)} };
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

/** The role assignments created, as "<principal> | <role> | <last two scope segments>". */
function roles(calls: Call[]): string[] {
  return lines(calls, 'az')
    .filter((line) => line.startsWith('role assignment create'))
    .map((line) => {
      const principal = /--assignee-object-id (\S+)/.exec(line)?.[1];
      const role = /--role (.+?) --scope/.exec(line)?.[1];
      const scope = /--scope (\S+)/.exec(line)?.[1] ?? '';
      return `${principal} | ${role} | ${scope.split('/').slice(-2).join('/')}`;
    });
}

describe('infra/provision.sh --plan flex', () => {
  let run: Run;
  let app: string;
  beforeAll(async () => {
    run = await provision(['--plan', 'flex', '--print-only']);
    app =
      /--name (forestfn-[0-9a-f]{6}) /.exec(
        lines(run.calls, 'az').find((l) => l.startsWith('functionapp create')) ?? '',
      )?.[1] ?? '';
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
      'functionapp identity assign',
      'functionapp deployment config set',
      'functionapp config appsettings delete',
      'storage account update',
      'resource update --ids',
      'functionapp update',
      'identity create',
      'identity federated-credential create',
      'functionapp keys set',
    ].map((prefix) => at(calls, prefix));
    expect(order).toEqual([...order].sort((a, b) => a - b));

    const creates = azCalls.filter((line) => line.startsWith('functionapp create'));
    expect(creates).toHaveLength(2);
    for (const create of creates) {
      expect(create).toContain('--flexconsumption-location eastus --runtime node --runtime-version 22');
      expect(create).toContain('--maximum-instance-count 40');
    }
    expect(app).toMatch(/^forestfn-[0-9a-f]{6}$/);
    expect(creates[1]).toContain(`--name ${app}-staging `);
    expect(azCalls.some((line) => line.startsWith('functionapp plan create'))).toBe(false);
    expect(azCalls.some((line) => line.includes('slot create'))).toBe(false);
  });

  it('gives each app its own storage account, reached by its managed identity, with shared keys off', () => {
    const azCalls = lines(run.calls, 'az');
    const account = `st${app.replace('-', '')}`;
    const accounts = azCalls.filter((line) => line.startsWith('storage account create'));
    expect(accounts.map((line) => /--name (\S+)/.exec(line)?.[1])).toEqual([account, `${account}s`]);
    for (const line of accounts) expect(line).toContain('--allow-shared-key-access false');
    // Each app is created on its own account, with identity-based deployment storage in it.
    const [production, staging] = azCalls.filter((line) => line.startsWith('functionapp create'));
    for (const [line, own] of [
      [production, account],
      [staging, `${account}s`],
    ] as const) {
      expect(line).toContain(`--storage-account ${own} `);
      expect(line).toContain(`--deployment-storage-name ${own} `);
      expect(line).toContain('--deployment-storage-auth-type SystemAssignedIdentity');
      expect(line).toContain('--assign-identity [system]');
    }
    // The host reaches storage by identity: the account name is set, the connection strings removed.
    expect(
      azCalls.filter(
        (line) =>
          line.startsWith('functionapp config appsettings set') && line.includes('AzureWebJobsStorage'),
      ),
    ).toEqual([
      `functionapp config appsettings set --resource-group rg-forestfn --name ${app} --settings AzureWebJobsStorage__accountName=${account} --output none`,
      `functionapp config appsettings set --resource-group rg-forestfn --name ${app}-staging --settings AzureWebJobsStorage__accountName=${account}s --output none`,
    ]);
    for (const line of azCalls.filter((l) => l.startsWith('functionapp config appsettings delete'))) {
      expect(line).toContain('--setting-names AzureWebJobsStorage DEPLOYMENT_STORAGE_CONNECTION_STRING');
    }
    expect(azCalls.filter((line) => line.startsWith('functionapp deployment config set'))).toEqual([
      expect.stringContaining(`--name ${app} --deployment-storage-name ${account} `),
      expect.stringContaining(`--name ${app}-staging --deployment-storage-name ${account}s `),
    ]);
    expect(azCalls.filter((line) => line.startsWith('storage account update'))).toEqual([
      `storage account update --resource-group rg-forestfn --name ${account} --allow-shared-key-access false --output none`,
      `storage account update --resource-group rg-forestfn --name ${account}s --allow-shared-key-access false --output none`,
    ]);
    expect(azCalls.join('\n')).not.toMatch(/AccountKey|show-connection-string|keys list --account/);
  });

  it("caps the host's request bodies above the spec's limit on both apps, and sets no CORS origins unasked", () => {
    const settings = lines(run.calls, 'az').filter((line) =>
      line.includes('FUNCTIONS_REQUEST_BODY_SIZE_LIMIT'),
    );
    expect(settings).toEqual([
      `functionapp config appsettings set --resource-group rg-forestfn --name ${app} --output none --settings FUNCTIONS_REQUEST_BODY_SIZE_LIMIT=2097152`,
      `functionapp config appsettings set --resource-group rg-forestfn --name ${app}-staging --output none --settings FUNCTIONS_REQUEST_BODY_SIZE_LIMIT=2097152`,
    ]);
    expect(2097152).toBeGreaterThan(spec['x-forestfn'].maxBodyBytes);
    expect(lines(run.calls, 'az').join('\n')).not.toContain('FORESTFN_CORS_ORIGINS');
  });

  it('grants each identity roles on its own target only (the list docs/deploy.md gives)', () => {
    const account = `st${app.replace('-', '')}`;
    expect(roles(run.calls)).toEqual([
      `system-${app} | Storage Blob Data Owner | storageAccounts/${account}`,
      `system-${app}-staging | Storage Blob Data Owner | storageAccounts/${account}s`,
      `principal-id-forestfn-github-staging | Website Contributor | sites/${app}-staging`,
      `principal-id-forestfn-github-production | Website Contributor | sites/${app}`,
    ]);
    const federated = lines(run.calls, 'az').filter((line) =>
      line.startsWith('identity federated-credential create'),
    );
    expect(federated.map((line) => /--subject (\S+)/.exec(line)?.[1])).toEqual([
      'repo:octo/forestfn:environment:staging',
      'repo:octo/forestfn:environment:production',
    ]);
    for (const line of federated) {
      expect(line).toContain('--issuer https://token.actions.githubusercontent.com');
      expect(line).toContain('--audiences api://AzureADTokenExchange');
    }
  });

  it('turns on rolling updates (preview) on both apps, and HTTPS only and no basic auth', () => {
    const azCalls = lines(run.calls, 'az');
    const rolling = azCalls.filter((line) => line.includes('siteUpdateStrategy'));
    expect(rolling).toEqual([
      expect.stringMatching(new RegExp(`^resource update --ids \\S+/sites/${app} --api-version 2024-11-01 `)),
      expect.stringMatching(
        new RegExp(`^resource update --ids \\S+/sites/${app}-staging --api-version 2024-11-01 `),
      ),
    ]);
    for (const line of rolling) {
      expect(line).toContain(
        '--set properties.functionAppConfig.siteUpdateStrategy={"type":"RollingUpdate"}',
      );
    }
    expect(azCalls.filter((line) => line.includes('basicPublishingCredentialsPolicies'))).toHaveLength(4);
    expect(azCalls.filter((line) => line.startsWith('functionapp update'))).toEqual([
      expect.stringMatching(/--name forestfn-[0-9a-f]{6} --set httpsOnly=true/),
      expect.stringMatching(/--name forestfn-[0-9a-f]{6}-staging --set httpsOnly=true/),
    ]);
  });

  it('prints the GitHub configuration, the tag ruleset included, without printing a key', () => {
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
    expect(stdout).toContain('gh api --method POST repos/octo/forestfn/rulesets --input -');
    expect(stdout).toContain('prevent_self_review');
    expect(lines(calls, 'gh')).toEqual([]);
  });

  it(
    'changes nothing on a second run and keeps the keys',
    async () => {
      const keys = { ...keysOf(run.fakes.state()) };
      const again = await provision(['--plan', 'flex', '--print-only'], { fakes: run.fakes });
      expect(again.code, again.stderr).toBe(0);
      const azCalls = lines(again.calls, 'az');
      for (const creation of [
        'storage account create',
        'storage container-rm create',
        'functionapp create',
        'role assignment create',
        'functionapp keys set',
      ]) {
        expect(azCalls.filter((line) => line.startsWith(creation))).toEqual([]);
      }
      expect(keysOf(run.fakes.state())).toEqual(keys);
    },
    slow,
  );
});

describe('infra/provision.sh --plan flex where rolling updates are not offered', () => {
  let run: Run;
  beforeAll(async () => {
    const refusing = az.replace(
      "if (cmd === 'account show')",
      "if (args.includes('--api-version')) return { code: 1, stderr: 'The property siteUpdateStrategy is not supported in this region' };\n  if (cmd === 'account show')",
    );
    expect(refusing).not.toBe(az);
    run = await provision(['--plan', 'flex', '--print-only'], {
      fakes: fakeBin({ az: refusing, gh: gh(false) }),
    });
  }, slow);
  afterAll(() => run?.fakes.cleanup());

  it('keeps the default update strategy, says so, and goes on', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('rolling updates are not available');
    expect(Object.keys(keysOf(run.fakes.state()))).toHaveLength(2);
  });
});

describe('infra/provision.sh --plan premium', () => {
  let run: Run;
  const origins = 'https://app.example.com,http://localhost:5173';
  beforeAll(async () => {
    run = await provision(['--plan', 'premium', '--cors-origins', origins, '--print-only']);
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
    const app = /sites\/(forestfn-[0-9a-f]{6})$/.exec(roles(calls).at(-1) ?? '')?.[1];
    const account = `st${app?.replace('-', '')}`;
    expect(roles(calls)).toEqual([
      `system-${app} | Storage Blob Data Owner | storageAccounts/${account}`,
      `system-${app}/slots/staging | Storage Blob Data Owner | storageAccounts/${account}s`,
      `principal-id-forestfn-github-staging | Website Contributor | slots/staging`,
      `principal-id-forestfn-github-staging | Reader | sites/${app}`,
      `principal-id-forestfn-github-production | Website Contributor | sites/${app}`,
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

  it('sets the browser origins given, and the host body limit, on the app and its slot', () => {
    const app = /--name (forestfn-[0-9a-f]{6}) /.exec(
      lines(run.calls, 'az').find((l) => l.startsWith('functionapp create')) ?? '',
    )?.[1];
    expect(lines(run.calls, 'az').filter((line) => line.includes('FORESTFN_CORS_ORIGINS'))).toEqual([
      `functionapp config appsettings set --resource-group rg-forestfn --name ${app} --output none --settings FUNCTIONS_REQUEST_BODY_SIZE_LIMIT=2097152 FORESTFN_CORS_ORIGINS=${origins}`,
      `functionapp config appsettings set --resource-group rg-forestfn --name ${app} --slot staging --output none --settings FUNCTIONS_REQUEST_BODY_SIZE_LIMIT=2097152 FORESTFN_CORS_ORIGINS=${origins}`,
    ]);
  });

  it('gives the slot its own account and file share as slot settings; production keeps its share', () => {
    const azCalls = lines(run.calls, 'az');
    const app = /--name (forestfn-[0-9a-f]{6}) /.exec(
      azCalls.find((l) => l.startsWith('functionapp create')) ?? '',
    )?.[1];
    const account = `st${app?.replace('-', '')}`;
    // Azure Files takes no identity: Premium's accounts keep shared keys, one account per target.
    for (const line of azCalls.filter((l) => l.startsWith('storage account create'))) {
      expect(line).toContain('--allow-shared-key-access true');
    }
    expect(azCalls.some((line) => line.startsWith('storage account update'))).toBe(false);
    expect(azCalls.some((line) => line.includes('siteUpdateStrategy'))).toBe(false);
    const slotSettings = azCalls.filter((line) => line.includes('--slot-settings'));
    expect(slotSettings).toEqual([
      `functionapp config appsettings set --resource-group rg-forestfn --name ${app} --output none --slot-settings AzureWebJobsStorage__accountName=${account} WEBSITE_CONTENTAZUREFILECONNECTIONSTRING=DefaultEndpointsProtocol=https;AccountName=${account};AccountKey=KEY-OF-${account}== WEBSITE_CONTENTSHARE=${app}b0c1`,
      `functionapp config appsettings set --resource-group rg-forestfn --name ${app} --slot staging --output none --slot-settings AzureWebJobsStorage__accountName=${account}s WEBSITE_CONTENTAZUREFILECONNECTIONSTRING=DefaultEndpointsProtocol=https;AccountName=${account}s;AccountKey=KEY-OF-${account}s== WEBSITE_CONTENTSHARE=${app}-staging`,
    ]);
    expect(azCalls).toContain(
      `storage share-rm create --resource-group rg-forestfn --storage-account ${account}s --name ${app}-staging --output none`,
    );
    // Nothing the staging slot can read holds production's key.
    const stagingLines = azCalls.filter((line) => line.includes('--slot staging'));
    expect(stagingLines.join('\n')).not.toContain(`KEY-OF-${account}==`);
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
      prevent_self_review: true,
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
  it('protects v* tags with a ruleset: they can be created, never moved or deleted', () => {
    const create = run.calls.find(
      (call) =>
        call.cmd === 'gh' &&
        call.args.join(' ') === 'api --method POST repos/octo/forestfn/rulesets --input - --silent',
    );
    const body = JSON.parse(create?.stdin ?? '{}');
    expect(body).toMatchObject({
      name: 'forestfn release tags',
      target: 'tag',
      enforcement: 'active',
      bypass_actors: [],
      conditions: { ref_name: { include: ['refs/tags/v*'], exclude: [] } },
    });
    expect(body.rules.map((rule: { type: string }) => rule.type).sort()).toEqual([
      'deletion',
      'non_fast_forward',
      'update',
    ]);
  });
});

describe('infra/provision.sh with its tag ruleset already there', () => {
  let run: Run;
  beforeAll(async () => {
    run = await provision([], { fakes: fakeBin({ az, gh: gh(true, '42\n') }) });
  }, slow);
  afterAll(() => run?.fakes.cleanup());

  it('updates that ruleset rather than adding a second one', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(lines(run.calls, 'gh').filter((line) => line.includes('/rulesets'))).toEqual([
      'api repos/octo/forestfn/rulesets --jq .[] | select(.name == "forestfn release tags") | .id',
      'api --method PUT repos/octo/forestfn/rulesets/42 --input - --silent',
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
    [['--repo', 'octo/forestfn', '--cors-origins', '*'], '--cors-origins must be origins'],
    [
      ['--repo', 'octo/forestfn', '--cors-origins', 'https://a.example/path'],
      '--cors-origins must be origins',
    ],
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
