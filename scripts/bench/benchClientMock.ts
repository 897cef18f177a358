// Section 5: one predict() through the client SDK next to a raw fetch of the same request, answered by
// the MSW mock in-process and by the local host over HTTP.
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../../packages/model/src/index.js';
import type { BenchContext } from './context.js';
import { childEnv, outputOf, startChild } from './processes.js';
import { formatMs, formatRatio, type SectionReport } from './report.js';

const script = fileURLToPath(new URL('clientMock.ts', import.meta.url));

interface Latency {
  medianMs: number;
  p90Ms: number;
  p99Ms: number;
}

export async function benchClientMock(
  ctx: BenchContext,
  progress: (line: string) => void,
): Promise<SectionReport> {
  const samples = ctx.options.quick ? 500 : 3000;
  type Result = { source: 'dist' | 'src'; samples: number; warmup: number; client: Latency; fetch: Latency };
  const measure = async (target: 'mock' | 'local'): Promise<Result> => {
    progress(
      `client: ${samples} interleaved calls each, through the ${target === 'mock' ? 'mock' : 'local host'}`,
    );
    const child = startChild(process.execPath, ['--import', 'tsx', script], {
      cwd: repoRoot,
      env: childEnv({ SAMPLES: String(samples), TARGET: target }),
    });
    const lines = (await outputOf(child)).trim().split('\n');
    return JSON.parse(lines.at(-1) ?? '') as Result;
  };
  const result = await measure('mock');
  const local = await measure('local');
  const row = (name: string, l: Latency, fetch: Latency) => [
    name,
    formatMs(l.medianMs),
    formatMs(l.p90Ms),
    formatMs(l.p99Ms),
    formatRatio(l.medianMs / fetch.medianMs),
  ];
  return {
    id: 'client',
    title: 'Client SDK and mock',
    tables: [
      {
        caption: `One prediction (1 instance, typed form) through MSW's in-process interception and to the local host, ${result.samples} calls each after ${result.warmup} warm-up, interleaved; @forestfn/client and @forestfn/mock from ${result.source === 'dist' ? 'their built packages (dist)' : 'source (no dist: run `pnpm build`)'}.`,
        columns: ['call', 'median', 'p90', 'p99', 'median / raw fetch'],
        rows: [
          row('`client.predict()` through the mock', result.client, result.fetch),
          row('raw `fetch()` through the mock', result.fetch, result.fetch),
          row('`client.predict()` to the local host (HTTP, keep-alive)', local.client, local.fetch),
          row('raw `fetch()` to the local host', local.fetch, local.fetch),
        ],
      },
    ],
    notes: [
      'Each pair answers the same request from the same target (the mock runs the real service and model in-process); the difference is the client: request building, the typed response, and its retrying fetch wrapper.',
    ],
    targets: [],
    data: { mock: result, local },
  };
}
