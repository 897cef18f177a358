// Installs the packed client and mock into a copy of examples/consumer, as a consumer's `npm install`
// would, and runs its tests offline: with msw 2 on this Node (20), and with msw 3 on Node 24 (msw 3
// needs Node >= 22.12). Needs `pnpm build` first, which `pnpm test` runs before vitest.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const example = join(root, 'examples', 'consumer');
const node24Cache = join(root, 'node_modules', '.cache', 'forestfn-node24');
const minutes = 60_000;

let work: string;
let tarballs: string[];

/** Runs a command, failing with its output when it fails; returns stdout and the seconds it took. */
async function sh(file: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
  const started = performance.now();
  try {
    const { stdout } = await run(file, args, { ...options, maxBuffer: 64 * 1024 * 1024 });
    return { stdout, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${file} ${args.join(' ')} failed in ${options.cwd}:\n${stdout}\n${stderr}`);
  }
}

/** A Node 24 binary, from the npm registry's node-<os>-<arch> package, cached across runs. */
async function node24(): Promise<string> {
  const os = process.platform === 'win32' ? 'win' : process.platform;
  const name = `node-${os}-${process.arch}`;
  const binary = join(
    node24Cache,
    'node_modules',
    name,
    'bin',
    process.platform === 'win32' ? 'node.exe' : 'node',
  );
  if (!existsSync(binary)) {
    await mkdir(node24Cache, { recursive: true });
    await sh('npm', ['install', '--no-audit', '--no-fund', '--prefix', node24Cache, `${name}@24`], {
      cwd: root,
    });
  }
  return binary;
}

/**
 * A preload that refuses every connection and DNS lookup except to loopback, so the consumer's tests
 * prove they need no network: anything MSW does not answer fails instead of going out.
 */
const offlineGuard = `
const net = require('node:net');
const dns = require('node:dns');
const loopback = (host) => host === undefined || host === 'localhost' || /^(127\\.|::1$|::ffff:127\\.)/.test(String(host));
const refuse = (what) => { throw new Error('offline guard: no network in consumer tests (' + what + ')'); };
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const ipc = typeof first === 'string' && Number.isNaN(Number(first));
  const host = typeof first === 'object' && first !== null ? first.host : typeof args[1] === 'string' ? args[1] : undefined;
  if (!ipc && !(first && first.path !== undefined) && !loopback(host)) refuse('connect ' + host);
  return connect.apply(this, args);
};
const lookup = dns.lookup;
dns.lookup = function (host, ...rest) { if (!loopback(host)) refuse('lookup ' + host); return lookup.call(this, host, ...rest); };
dns.promises.lookup = async (host) => refuse('lookup ' + host);
`;

interface ConsumerRun {
  msw: string;
  node: string;
}

/** Copies the example, installs the tarballs and msw with npm, and runs its `npm test` on the given Node. */
async function runConsumer({ msw, node }: ConsumerRun): Promise<string> {
  const dir = join(work, `consumer-msw${msw}`);
  await cp(example, dir, { recursive: true, filter: (source) => !/[\\/](node_modules|dist)$/.test(source) });
  const install = await sh('npm', ['install', '--no-audit', '--no-fund', ...tarballs, `msw@${msw}`], {
    cwd: dir,
  });
  const guard = join(dir, 'offline-guard.cjs');
  await writeFile(guard, offlineGuard);
  const nodeDir = resolve(node, '..');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // npm and the example's scripts (tsc, vitest, node) then run on the chosen Node.
    PATH: `${nodeDir}${process.platform === 'win32' ? ';' : ':'}${process.env.PATH ?? ''}`,
    NODE_OPTIONS: `--require ${guard}`,
    npm_config_update_notifier: 'false',
    NO_COLOR: '1',
    CI: '1',
  };
  delete env.VITEST;
  delete env.VITEST_POOL_ID;
  delete env.VITEST_WORKER_ID;
  delete env.NODE_ENV;
  delete env.FORCE_COLOR;
  const version = (await sh(node, ['--version'], { cwd: dir, env })).stdout.trim();
  const installed = JSON.parse(
    await readFile(join(dir, 'node_modules', 'msw', 'package.json'), 'utf8'),
  ).version;
  expect(installed).toBe(msw);
  const test = await sh('npm', ['test'], { cwd: dir, env });
  const summary = `consumer example, msw ${msw} on Node ${version}: npm install ${install.seconds.toFixed(1)} s, npm test ${test.seconds.toFixed(1)} s`;
  console.log(summary);
  return `${test.stdout}\n${summary}`;
}

describe('consumer example (packed tarballs, installed with npm)', () => {
  beforeAll(async () => {
    for (const pkg of ['client', 'mock']) {
      if (!existsSync(join(root, 'packages', pkg, 'dist', 'index.js'))) {
        throw new Error(`packages/${pkg}/dist is missing: run \`pnpm build\` first (\`pnpm test\` does).`);
      }
    }
    work = await mkdtemp(join(tmpdir(), 'forestfn-consumer-'));
    const packs = join(work, 'packs');
    for (const pkg of ['client', 'mock']) {
      await sh('pnpm', ['pack', '--pack-destination', packs], { cwd: join(root, 'packages', pkg) });
    }
    tarballs = (await readdir(packs))
      .filter((file) => file.endsWith('.tgz'))
      .map((file) => join(packs, file));
    expect(tarballs).toHaveLength(2);
  }, 5 * minutes);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('publishes a mock package that publint and arethetypeswrong find no fault with', async () => {
    const mockDir = join(root, 'packages', 'mock');
    const mockTarball = tarballs.find((file) => file.includes('forestfn-mock-'));
    if (!mockTarball) throw new Error('no @forestfn/mock tarball was packed');
    await sh('pnpm', ['exec', 'publint', '--strict'], { cwd: mockDir });
    const attw = await sh('pnpm', ['exec', 'attw', '--format', 'table-flipped', mockTarball], {
      cwd: mockDir,
    });
    expect(attw.stdout).toContain('No problems found');
  });

  // The two runs are independent: concurrent, they take the time of the slower one.
  it.concurrent('passes with msw 2 on this Node', { timeout: 10 * minutes }, async ({ expect }) => {
    const output = await runConsumer({ msw: '2.15.0', node: process.execPath });
    expect(output).toMatch(/Tests\s+\d+ passed/);
    expect(output).toMatch(/require\(\) works/);
  });

  it.concurrent('passes with msw 3 on Node 24', { timeout: 10 * minutes }, async ({ expect }) => {
    const output = await runConsumer({ msw: '3.0.5', node: await node24() });
    expect(output).toMatch(/Tests\s+\d+ passed/);
    expect(output).toMatch(/on Node v24\./);
  });
});
