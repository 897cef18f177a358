// The build a service reports (ServiceOptions.build): the commit in health and in `x-build-commit`,
// which the deploy pipeline's smoke test waits for to tell a new build from the one it replaces.
import { type Model, trainFromConfig } from '@forestfn/model';
import { beforeAll, describe, expect, it } from 'vitest';
import { createService } from './createService.js';
import { spec } from './generated/spec.js';

const base = 'http://localhost:7071';
const commit = '0123456789abcdef0123456789abcdef01234567';

let model: Model;
beforeAll(async () => {
  ({ model } = await trainFromConfig());
});

describe('createService({ build })', () => {
  it('reports the commit in health, in the shape the spec gives Health', async () => {
    const service = createService({ model, build: { commit } });
    const body = (await (await service.fetch(new Request(`${base}/api/health`))).json()) as Record<
      string,
      unknown
    >;
    expect(body).toMatchObject({ status: 'ok', commit });
    const documented = Object.keys(spec.components.schemas.Health.properties);
    for (const key of Object.keys(body)) expect(documented, key).toContain(key);
  });

  it('sends x-build-commit with every answer, problems included', async () => {
    const service = createService({ model, build: { commit } });
    const answers = await Promise.all([
      service.fetch(new Request(`${base}/api/health`)),
      service.fetch(new Request(`${base}/api/openapi.json`)),
      service.fetch(new Request(`${base}/api/nowhere`)),
      service.fetch(new Request(`${base}/api/predict`, { method: 'POST', body: '{' })),
    ]);
    for (const response of answers) expect(response.headers.get('x-build-commit')).toBe(commit);
    expect(spec.components.headers).toHaveProperty('BuildCommit');
  });

  it('reports no commit and sends no header when the build is not given', async () => {
    const service = createService({ model });
    const response = await service.fetch(new Request(`${base}/api/health`));
    expect(response.headers.get('x-build-commit')).toBeNull();
    expect(await response.json()).not.toHaveProperty('commit');
  });

  it('refuses an empty commit', () => {
    expect(() => createService({ model, build: { commit: '' } })).toThrow(/build\.commit is empty/);
  });
});
