// Child processes of the benchmark (servers, Python): every one is tracked so it can be stopped by its
// own id, whatever happens to the run.
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';

/** A started child with the tail of its output, for error messages. */
export interface Child {
  process: ChildProcess;
  /** Last few KiB of stderr. */
  stderr(): string;
  /** Resolves with the exit code (or signal name) when the process has exited. */
  exited: Promise<number | string>;
}

const live = new Set<ChildProcess>();
const tailBytes = 4096;

/** Environment for children: this one's, without the settings that would change what a server does. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['PORT', 'HOST', 'FORESTFN_API_KEY', 'FORESTFN_ARTIFACT', 'NODE_OPTIONS'])
    delete env[name];
  return { ...env, ...extra };
}

/** Spawns a tracked child; stdout stays readable (piped) unless `stdio` says otherwise. */
export function startChild(command: string, args: readonly string[], options: SpawnOptions = {}): Child {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  live.add(child);
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-tailBytes);
  });
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve(code ?? signal ?? 'unknown');
    });
    child.once('error', (error) => {
      live.delete(child);
      stderr += `\n${error.message}`;
      resolve('spawn error');
    });
  });
  return { process: child, stderr: () => stderr.trim(), exited };
}

/** Stops a child: SIGTERM, then SIGKILL if it has not exited after `graceMs`. Resolves once it has exited. */
export async function stopChild(child: Child, graceMs = 3000): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

/** Kills every child still running (each by its own pid); for the end of a run or an interrupt. */
export function killAllChildren(): void {
  for (const child of live) child.kill('SIGKILL');
}

/** Resolves with the first stdout line matching `pattern`; rejects if the child exits or times out first. */
export function waitForLine(child: Child, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  const stdout = child.process.stdout;
  if (stdout === null) return Promise.reject(new Error('the child has no stdout pipe'));
  return new Promise((resolve, reject) => {
    let buffered = '';
    const done = (finish: () => void) => {
      clearTimeout(timer);
      stdout.off('data', onData);
      finish();
    };
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const match = line.match(pattern);
        if (match !== null) return done(() => resolve(match));
      }
    };
    const timer = setTimeout(
      () =>
        done(() => reject(new Error(`no line matching ${pattern} after ${timeoutMs} ms: ${child.stderr()}`))),
      timeoutMs,
    );
    stdout.on('data', onData);
    child.exited.then((code) =>
      done(() => reject(new Error(`exited (${code}) before printing ${pattern}: ${child.stderr()}`))),
    );
  });
}

/** Everything the child writes to stdout, once it has exited with code 0 (rejects otherwise). */
export async function outputOf(child: Child): Promise<string> {
  const chunks: Buffer[] = [];
  child.process.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
  const code = await child.exited;
  if (code !== 0) throw new Error(`${child.process.spawnargs.join(' ')} failed (${code}): ${child.stderr()}`);
  return Buffer.concat(chunks).toString('utf8');
}

/** The last line the child printed, as JSON (the bench's children print their figures last). */
export async function lastJsonOf<T>(child: Child): Promise<T> {
  const output = await outputOf(child);
  return JSON.parse(output.trim().split('\n').at(-1) ?? '') as T;
}

/** A TCP port that was free a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * POSTs a JSON body on a fresh connection and resolves with the status code once the answer is read;
 * rejects on connection errors (e.g. nothing listening yet).
 */
export function postJson(url: string, body: string, timeoutMs = 5000): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
        res.once('error', reject);
      },
    );
    req.once('timeout', () => req.destroy(new Error(`no answer from ${url} after ${timeoutMs} ms`)));
    req.once('error', reject);
    req.end(body);
  });
}
