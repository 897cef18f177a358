import { type Model, trainFromConfig } from '@forestfn/model';
import { beforeAll, describe, expect, it } from 'vitest';
import { normaliseOrigin, parseCorsOrigins } from './cors.js';
import { createService, type Service } from './createService.js';
import { spec } from './generated/spec.js';

const base = 'http://localhost:7071';
const allowed = 'https://app.example.com';
const other = 'https://evil.example';
const exposed = spec['x-forestfn'].cors.exposeHeaders;

let model: Model;
let service: Service;

beforeAll(async () => {
  ({ model } = await trainFromConfig());
  service = createService({ model, corsOrigins: [allowed, 'http://localhost:5173'] });
});

const preflight = (
  origin: string,
  path = '/api/predict',
  method = 'POST',
  headers = 'content-type,x-functions-key',
) =>
  new Request(`${base}${path}`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': method,
      ...(headers ? { 'access-control-request-headers': headers } : {}),
    },
  });

const corsHeaders = (response: Response) =>
  [...response.headers].filter(([name]) => name.startsWith('access-control-'));

describe('parseCorsOrigins', () => {
  it('splits FORESTFN_CORS_ORIGINS on commas, trimming and ignoring blanks', () => {
    expect(parseCorsOrigins(' https://a.example , http://localhost:5173,, ')).toEqual([
      'https://a.example',
      'http://localhost:5173',
    ]);
    expect(parseCorsOrigins(undefined)).toEqual([]);
    expect(parseCorsOrigins('')).toEqual([]);
  });
});

describe('normaliseOrigin', () => {
  it('writes an origin as browsers send it', () => {
    expect(normaliseOrigin('HTTPS://App.Example.COM/')).toBe('https://app.example.com');
    expect(normaliseOrigin('https://app.example.com:443')).toBe('https://app.example.com');
    expect(normaliseOrigin('http://localhost:5173')).toBe('http://localhost:5173');
  });

  it.each([
    '*',
    'null',
    'app.example.com',
    'https://app.example.com/path',
    'https://app.example.com?x=1',
    'https://app.example.com#top',
    'https://user:pw@app.example.com',
    'ftp://app.example.com',
  ])('refuses %s, naming the setting', (value) => {
    expect(() => normaliseOrigin(value)).toThrow(/FORESTFN_CORS_ORIGINS/);
  });

  it('makes createService refuse a bad origin at start-up', () => {
    expect(() => createService({ model, corsOrigins: ['https://a.example/x'] })).toThrow(/Not a CORS origin/);
  });
});

describe('CORS', () => {
  it('answers a preflight from an allowed origin with 204, before any key check', async () => {
    const keyed = createService({ model, apiKey: 'k', corsOrigins: [allowed] });
    for (const answer of [
      await service.fetch(preflight(allowed)),
      await keyed.fetch(preflight(allowed)),
      // The Azure catch-all (no key check of its own) answers preflights to keyed routes.
      await service.fallback(preflight(allowed)),
      await keyed.handlers.predict(preflight(allowed)),
    ]) {
      expect(answer.status).toBe(204);
      expect(await answer.text()).toBe('');
      expect(Object.fromEntries(corsHeaders(answer))).toEqual({
        'access-control-allow-origin': allowed,
        'access-control-allow-methods': 'POST',
        'access-control-allow-headers': 'content-type,x-functions-key',
        'access-control-max-age': String(spec['x-forestfn'].cors.maxAgeSeconds),
      });
      expect(answer.headers.get('vary')).toBe(
        'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
      );
      expect(answer.headers.get('x-request-id')).toBeTruthy();
    }
  });

  it('answers preflights on every route with that route own methods', async () => {
    for (const route of service.routes) {
      const path = route.path.replace('{asset}', 'docs.js');
      const answer = await service.fetch(preflight(allowed, path, 'GET', ''));
      expect(answer.status, path).toBe(204);
      expect(answer.headers.get('access-control-allow-methods')).toBe(route.methods.join(', '));
      expect(answer.headers.has('access-control-allow-headers')).toBe(false);
    }
  });

  it('does not echo a malformed Access-Control-Request-Headers', async () => {
    const answer = await service.fetch(preflight(allowed, '/api/predict', 'POST', 'x-a, bad header\r'));
    expect(answer.status).toBe(204);
    expect(answer.headers.has('access-control-allow-headers')).toBe(false);
  });

  it('gives an origin not listed no CORS headers: its preflight is the usual 405', async () => {
    const answer = await service.fetch(preflight(other));
    expect(answer.status).toBe(405);
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    expect(corsHeaders(answer)).toEqual([]);
    expect(answer.headers.get('vary')).toBe('Origin');
    const actual = await service.fetch(new Request(`${base}/api/health`, { headers: { origin: other } }));
    expect(actual.status).toBe(200);
    expect(corsHeaders(actual)).toEqual([]);
    expect(actual.headers.get('vary')).toBe('Origin');
  });

  it('lets an allowed origin read every answer, errors too, and the request id and model version', async () => {
    const keyed = createService({ model, apiKey: 'k', corsOrigins: [allowed] });
    const answers = [
      await keyed.fetch(new Request(`${base}/api/health`, { headers: { origin: allowed } })),
      await keyed.fetch(new Request(`${base}/api/model`, { headers: { origin: allowed } })),
      await keyed.fetch(new Request(`${base}/api/nope`, { headers: { origin: allowed } })),
      await keyed.fetch(
        new Request(`${base}/api/predict`, {
          method: 'POST',
          headers: { origin: allowed, 'x-functions-key': 'k', 'content-type': 'application/json' },
          body: '[',
        }),
      ),
      // An OPTIONS that is not a preflight is an actual request: 405, readable by the page.
      await keyed.fetch(
        new Request(`${base}/api/health`, { method: 'OPTIONS', headers: { origin: allowed } }),
      ),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 401, 404, 400, 405]);
    for (const answer of answers) {
      expect(answer.headers.get('access-control-allow-origin')).toBe(allowed);
      expect(answer.headers.get('access-control-expose-headers')?.split(', ')).toEqual(exposed);
      expect(answer.headers.has('access-control-allow-credentials')).toBe(false);
      expect(answer.headers.get('vary')).toBe('Origin');
    }
    expect(exposed).toEqual(expect.arrayContaining(['x-request-id', 'x-model-version']));
  });

  it('adds nothing when no origin is configured', async () => {
    const plain = createService({ model });
    const answer = await plain.fetch(new Request(`${base}/api/health`, { headers: { origin: allowed } }));
    expect(corsHeaders(answer)).toEqual([]);
    expect(answer.headers.has('vary')).toBe(false);
    expect((await plain.fetch(preflight(allowed))).status).toBe(405);
  });

  it('applyCors adds the same headers to an answer the host makes itself', () => {
    const headers = new Headers();
    service.applyCors(new Request(`${base}/api/predict`, { headers: { origin: allowed } }), headers);
    expect(headers.get('access-control-allow-origin')).toBe(allowed);
    expect(headers.get('vary')).toBe('Origin');
  });
});
