// HTTP load from this process with autocannon: the HTTP and interoperability sections post the same way.
import autocannon from 'autocannon';

/** What one autocannon run of POSTs measured. */
export interface Load {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  errors: number;
  non2xx: number;
}

/** autocannon records latencies in whole milliseconds. */
export const wholeMs = (ms: number): string => (ms < 1 ? '< 1 ms' : `${ms.toFixed(0)} ms`);

/** POSTs `body` as JSON to `url` for `seconds` over `connections` connections, after an optional warm-up. */
export async function loadPost(
  url: string,
  body: string,
  options: { connections: number; seconds: number; warmupSeconds?: number },
): Promise<Load> {
  const request = {
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections: options.connections,
  };
  if (options.warmupSeconds) await autocannon({ ...request, duration: options.warmupSeconds });
  const result = await autocannon({ ...request, duration: options.seconds });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}
