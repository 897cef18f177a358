// `pnpm package` as a command: exit codes, messages and the zip it writes (the zip's contents are tested
// in server/src/packageFunctionApp.test.ts).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainFromConfig } from '../packages/model/src/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'forestfn-package-cli-'));
  await writeFile(join(dir, 'model.bin'), (await trainFromConfig()).artifact);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function packageCommand(args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/package.ts', ...args],
      { cwd: root, env: { ...process.env, INIT_CWD: dir } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

describe('scripts/package.ts', () => {
  it('writes the zip where --out says, reading the model --artifact names', async () => {
    const { code, stdout } = await packageCommand(['--artifact', 'model.bin', '--out', 'dist/functions.zip']);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^wrote dist\/functions\.zip \([\d.]+ KiB; bundle [\d.]+ KiB\): host\.json, package\.json, functions\.js, model\.bin, docs\/swagger-ui-bundle\.js, docs\/swagger-ui\.css, docs\/LICENSE, docs\/NOTICE, docs\/swagger-ui-bundle\.js\.LICENSE\.txt$/m,
    );
    expect(existsSync(join(dir, 'dist', 'functions.zip'))).toBe(true);
  });

  it('fails with exit 1 and says to run pnpm train when there is no model', async () => {
    const { code, stderr } = await packageCommand([
      '--artifact',
      'absent.bin',
      '--out',
      'none/functions.zip',
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain(`packaging failed: Cannot load the model artifact ${join(dir, 'absent.bin')}`);
    expect(stderr).toMatch(/pnpm train/);
    expect(existsSync(join(dir, 'none', 'functions.zip'))).toBe(false);
  });

  it('rejects unknown options with usage', async () => {
    const { code, stderr } = await packageCommand(['--zip']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/usage: pnpm package/);
  });
});
