// Serves the built page (dist/) on http://127.0.0.1:5173 (PORT to change it): `pnpm --filter
// forestfn-browser-example start` builds it first. Service workers need a secure context, which
// localhost and 127.0.0.1 are.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildExample, defaultOutDir } from './build.js';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

export interface ExampleServer {
  /** The page's origin, e.g. http://127.0.0.1:5173. */
  url: string;
  close(): Promise<void>;
}

/** Serves the files of `dir` (GET only; `/` is index.html). */
export async function serveExample(dir: string = defaultOutDir, port = 5173): Promise<ExampleServer> {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    const type = types[extname(file)];
    if (req.method !== 'GET' || !file.startsWith(dir) || !type) return res.writeHead(404).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = await buildExample();
  const { url } = await serveExample(dir, Number(process.env.PORT ?? 5173));
  console.log(
    `The browser example is at ${url} (the mock answers the API; ${url}/?mock=off calls a real one).`,
  );
}
