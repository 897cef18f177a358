#!/usr/bin/env node
// Entry point for `npm start` / `npm test` on a machine that has Node and npm but maybe no pnpm:
// install the workspace with the pinned pnpm (through npx when pnpm is absent), then run the script.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const script = process.argv[2];
if (!script) {
  console.error('usage: node scripts/bootstrap.mjs <package.json script>');
  process.exit(2);
}
const pinned = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).packageManager;
const version = pinned.replace(/^pnpm@/, '');

function installedPnpm() {
  try {
    return execFileSync('pnpm', ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

const pnpm = installedPnpm() === version ? ['pnpm'] : ['npx', '--yes', `pnpm@${version}`];
function run(args) {
  const [cmd, ...rest] = [...pnpm, ...args];
  const result = spawnSync(cmd, rest, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(['install', '--frozen-lockfile']);
run(['run', script]);
