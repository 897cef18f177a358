// A real HTTP server that answers each request as a script says (misbehaving on purpose when asked),
// and remembers what it was sent: for tests of what the client sends, retries and reports.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Behaviour = (req: IncomingMessage, res: ServerResponse, body: string) => void;

export interface Hit {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

export interface ScriptedServer {
  baseUrl: string;
  /** What was sent so far, in order. */
  hits: Hit[];
  /** Answers the next requests in turn; the last behaviour repeats. Clears the hits. */
  script(...behaviours: Behaviour[]): void;
  close(): Promise<void>;
}

/** Answers `body` as JSON (problem+json for error statuses) with `x-request-id: server-rid`. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Behaviour {
  return (_req, res) => {
    const type = status >= 400 ? 'application/problem+json' : 'application/json';
    res.writeHead(status, { 'content-type': type, 'x-request-id': 'server-rid', ...headers });
    res.end(JSON.stringify(body));
  };
}

/** Answers a problem document of `status`, listing `errors`. */
export function problem(
  status: number,
  headers: Record<string, string> = {},
  errors: unknown[] = [],
): Behaviour {
  const body = {
    type: 'https://forestfn.dev/problems/test',
    title: `Status ${status}`,
    status,
    detail: 'Misbehaving on purpose.',
    requestId: 'server-rid',
    errors,
  };
  return json(status, body, headers);
}

export const health = {
  status: 'ok',
  ready: true,
  model: { name: 'test-model', version: '0123456789abcdef' },
  uptimeSeconds: 1,
};
export const ok: Behaviour = json(200, health);

/** Starts the server; with nothing scripted it answers as `fallback` (default: health). */
export async function startScriptedServer(fallback: Behaviour = ok): Promise<ScriptedServer> {
  let behaviours: Behaviour[] = [];
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, at: Date.now() });
      const behaviour = behaviours[Math.min(hits.length - 1, behaviours.length - 1)] ?? fallback;
      behaviour(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    script(...next) {
      behaviours = next;
      hits.length = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Answers as `then` does, `ms` later (unless the client gave up first). */
export function later(ms: number, then: Behaviour): Behaviour {
  return (req, res, body) => {
    const timer = setTimeout(() => {
      if (!res.destroyed) then(req, res, body);
    }, ms);
    res.on('close', () => clearTimeout(timer));
  };
}
