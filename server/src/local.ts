// The local development host: node:http over the same service the Azure functions use.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultArtifactPath, loadModel } from '@forestfn/model';
import { createService, type Handler, type LogEntry } from '@forestfn/service';
import { rendererFilesIn, rendererPackageDir } from './docsAssets.js';

export interface LocalServerOptions {
  /** Port to listen on; 0 picks a free one. Default 7071, the Functions host's. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** Require this key for predict and getModel (as Azure's function key). */
  apiKey?: string;
  /** The model artifact. Default `<repo>/artifacts/model.bin`. */
  artifactPath?: string;
  /** Print one line per request to stdout. */
  log?: boolean;
  /** Browser origins allowed to call the API (CORS), e.g. from FORESTFN_CORS_ORIGINS; default none. */
  corsOrigins?: readonly string[];
}

export interface LocalServer {
  url: string;
  /** The model being served. */
  model: { name: string; version: string };
  close(): Promise<void>;
}

/**
 * The request body as a web stream, read only as the service pulls (one chunk per pull), so a body the
 * service refuses early is not read. Cancelling stops reading without destroying the socket, which would
 * lose the answer.
 */
function bodyOf(message: IncomingMessage): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        message.pause();
        message.on('data', (chunk: Buffer) => {
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          message.pause();
        });
        message.once('end', () => controller.close());
        message.once('error', (error) => controller.error(error));
      },
      pull() {
        message.resume();
      },
      cancel() {
        release(message);
      },
    },
    { highWaterMark: 0 },
  );
}

/** Stops feeding the body stream; what the caller still sends is read and dropped. */
function release(message: IncomingMessage): void {
  message.removeAllListeners('data').removeAllListeners('end').removeAllListeners('error');
  message.on('error', () => undefined);
  message.resume();
}

function toRequest(message: IncomingMessage, origin: string): Request {
  let url: URL;
  try {
    url = new URL(message.url ?? '/', origin);
  } catch {
    url = new URL('/', origin);
  }
  const headers = new Headers();
  for (let i = 0; i + 1 < message.rawHeaders.length; i += 2) {
    headers.append(message.rawHeaders[i] as string, message.rawHeaders[i + 1] as string);
  }
  const method = message.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const init = hasBody ? { body: bodyOf(message), duplex: 'half' } : {};
  return new Request(url, { method, headers, ...init } as RequestInit);
}

async function answer(
  fetch: Handler,
  message: IncomingMessage,
  res: ServerResponse,
  origin: string,
): Promise<void> {
  const response = await fetch(toRequest(message, origin));
  const body = new Uint8Array(await response.arrayBuffer());
  res.statusCode = response.status;
  for (const [name, value] of response.headers) res.setHeader(name, value);
  // A body left unread (refused early, e.g. 413) must not be parsed as the next request.
  if (!message.complete) res.setHeader('connection', 'close');
  res.end(body);
  // Draining lets a caller that is still sending finish and read the answer; nothing is kept.
  if (!message.complete) release(message);
}

function formatEntry(entry: LogEntry): string {
  return `${entry.method} ${entry.path} ${entry.status} ${entry.ms.toFixed(1)}ms ${entry.requestId}\n`;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Loads the model (a ModelLoadError rejects before anything listens), then serves the API over HTTP.
 * `close()` stops accepting connections and resolves once open requests are answered.
 */
export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  const model = await loadModel(options.artifactPath ?? defaultArtifactPath);
  const service = createService({
    model,
    apiKey: options.apiKey || undefined,
    corsOrigins: options.corsOrigins,
    // GET /api/docs: Swagger UI from the installed swagger-ui-dist package.
    docsAssets: rendererFilesIn(rendererPackageDir()),
    ...(options.log
      ? {
          log: (entry: LogEntry) => {
            process.stdout.write(formatEntry(entry));
            if (entry.error !== undefined) console.error(entry.error);
          },
        }
      : {}),
  });
  const host = options.host ?? '127.0.0.1';
  let origin = 'http://localhost';
  let inFlight = 0;
  let closing = false;
  // A caller gets 10 s to send its headers and 30 s for the whole request (Node's defaults are 60 s and
  // 5 min), so slow senders cannot hold connections open for long.
  const server = createServer({ headersTimeout: 10_000, requestTimeout: 30_000 }, (message, res) => {
    inFlight += 1;
    res.once('close', () => {
      inFlight -= 1;
      if (closing && inFlight === 0) server.closeAllConnections();
    });
    answer(service.fetch, message, res, origin).catch((error: unknown) => {
      // service.fetch answers every failure itself; reaching here means the socket is unusable.
      if (options.log) console.error(error);
      res.destroy();
    });
  });
  await listen(server, options.port ?? 7071, host);
  const { port } = server.address() as AddressInfo;
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: origin,
    model: { name: model.card.name, version: model.card.version },
    close: () =>
      new Promise<void>((resolve, reject) => {
        closing = true;
        server.close((error) => (error ? reject(error) : resolve()));
        // Requests being answered finish; any other connection (idle keep-alive, or a caller still
        // sending a refused body) is closed now rather than when its timeout expires.
        if (inFlight === 0) server.closeAllConnections();
      }),
  };
}
