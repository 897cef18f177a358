// Fake `az`, `gh`, `pnpm`... for running the workflow scripts on this machine: each fake records its
// arguments (and stdin when asked) and answers from a small handler, so tests assert which commands a
// script runs, in which order, without any network or cloud call.
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface Call {
  cmd: string;
  args: string[];
  stdin?: string;
  env: Record<string, string>;
}

/**
 * A handler is the source of a plain JavaScript function `(args, ctx) => result` run by the fake.
 * `ctx.state` is an object persisted across calls (JSON), `ctx.stdin()` reads stdin, `ctx.env` is the
 * environment, `ctx.fs` is node:fs. The result: `{ stdout?, stderr?, code? }` or nothing (exit 0).
 */
export type HandlerSource = string;

export interface FakeBin {
  /** Directory to put first on PATH. */
  dir: string;
  /** Every call so far, in order, across all fakes. */
  calls(): Call[];
  /** The persisted state the handlers share. */
  state(): Record<string, unknown>;
  cleanup(): void;
}

/** Environment variables recorded with each call (the ones scripts hand to the tools). */
const recordedEnv = [
  'FORESTFN_BASE_URL',
  'FORESTFN_API_KEY',
  'NPM_CONFIG_PROVENANCE',
  'NPM_CONFIG_USERCONFIG',
  'NPM_TOKEN',
  'GH_TOKEN',
];

export function fakeBin(handlers: Record<string, HandlerSource>): FakeBin {
  const dir = mkdtempSync(join(tmpdir(), 'forestfn-fake-'));
  const log = join(dir, 'calls.jsonl');
  const statePath = join(dir, 'state.json');
  writeFileSync(log, '');
  writeFileSync(statePath, '{}');
  for (const [cmd, handler] of Object.entries(handlers)) {
    const source = `#!${process.execPath}
const fs = require('node:fs');
const args = process.argv.slice(2);
let stdinText;
const ctx = {
  fs,
  env: process.env,
  state: JSON.parse(fs.readFileSync(${JSON.stringify(statePath)}, 'utf8')),
  stdin() { if (stdinText === undefined) stdinText = fs.readFileSync(0, 'utf8'); return stdinText; },
};
const handler = (${handler});
const result = handler(args, ctx) || {};
const env = {};
for (const name of ${JSON.stringify(recordedEnv)}) if (process.env[name] !== undefined) env[name] = process.env[name];
const call = { cmd: ${JSON.stringify(cmd)}, args, env };
if (stdinText !== undefined) call.stdin = stdinText;
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify(call) + '\\n');
fs.writeFileSync(${JSON.stringify(statePath)}, JSON.stringify(ctx.state));
if (result.stdout) process.stdout.write(result.stdout);
if (result.stderr) process.stderr.write(result.stderr);
process.exitCode = result.code || 0;
`;
    const path = join(dir, cmd);
    writeFileSync(path, source);
    chmodSync(path, 0o755);
  }
  return {
    dir,
    calls: () =>
      readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Call),
    state: () => JSON.parse(readFileSync(statePath, 'utf8')) as Record<string, unknown>,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface ScriptResult {
  code: number;
  stdout: string;
  stderr: string;
  /** What the script wrote to $GITHUB_OUTPUT, as key/value pairs. */
  outputs: Record<string, string>;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Directories put first on PATH (fakes). */
  path?: string[];
  /** Replaces the inherited environment entirely (PATH still gets `path` prepended). */
  cleanEnv?: boolean;
}

/** Runs a script with bash (asynchronously, so a test's own HTTP server can answer it). */
export async function runScript(
  script: string,
  args: string[],
  options: RunOptions = {},
): Promise<ScriptResult> {
  const work = mkdtempSync(join(tmpdir(), 'forestfn-run-'));
  const outputFile = join(work, 'github-output');
  writeFileSync(outputFile, '');
  const base: Record<string, string | undefined> = options.cleanEnv
    ? { PATH: process.env.PATH, HOME: process.env.HOME }
    : { ...process.env };
  // Variables of a real GitHub runner would change what the scripts do: start from none.
  for (const name of Object.keys(base)) {
    if (name.startsWith('GITHUB_') || name.startsWith('FORESTFN_') || name.startsWith('AZURE_'))
      delete base[name];
  }
  const env: Record<string, string | undefined> = {
    ...base,
    GITHUB_OUTPUT: outputFile,
    ...options.env,
    PATH: [...(options.path ?? []), process.env.PATH].join(':'),
  };
  try {
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      const child = execFile(
        'bash',
        [resolve(repoRoot, script), ...args],
        { cwd: options.cwd ?? repoRoot, env: env as NodeJS.ProcessEnv, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          done({ code, stdout, stderr });
        },
      );
      // The scripts read no stdin of their own: close it so nothing can wait on it.
      child.stdin?.end();
    });
    const outputs: Record<string, string> = {};
    for (const line of readFileSync(outputFile, 'utf8').split('\n')) {
      const at = line.indexOf('=');
      if (at > 0) outputs[line.slice(0, at)] = line.slice(at + 1);
    }
    return { ...result, outputs };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The calls of one fake, as argument strings ("functionapp show --name x ..."), for readable asserts. */
export function lines(calls: Call[], cmd: string): string[] {
  return calls.filter((call) => call.cmd === cmd).map((call) => call.args.join(' '));
}
