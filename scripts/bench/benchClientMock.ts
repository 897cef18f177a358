// Section 5: one predict() through the client SDK and the MSW mock, next to a raw fetch through the mock.
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
  progress(`client/mock: ${samples} interleaved calls each`);
  const child = startChild(process.execPath, ['--import', 'tsx', script], {
    cwd: repoRoot,
    env: childEnv({ SAMPLES: String(samples) }),
  });
  const lines = (await outputOf(child)).trim().split('\n');
  const result = JSON.parse(lines.at(-1) ?? '') as {
    source: 'dist' | 'src';
    samples: number;
    warmup: number;
    client: Latency;
    fetch: Latency;
  };
  const row = (name: string, l: Latency) => [
    name,
    formatMs(l.medianMs),
    formatMs(l.p90Ms),
    formatMs(l.p99Ms),
    formatRatio(l.medianMs / result.fetch.medianMs),
  ];
  return {
    id: 'client',
    title: 'Client SDK and mock',
    tables: [
      {
        caption: `One prediction (1 instance, typed form) through MSW's in-process interception, ${result.samples} calls each after ${result.warmup} warm-up, interleaved; @forestfn/client and @forestfn/mock from ${result.source === 'dist' ? 'their built packages (dist)' : 'source (no dist: run `pnpm build`)'}.`,
        columns: ['call', 'median', 'p90', 'p99', 'median / raw fetch'],
        rows: [
          row('`client.predict()` through the mock', result.client),
          row('raw `fetch()` through the mock', result.fetch),
        ],
      },
    ],
    notes: [
      'Both go through the same mock, which runs the real service and model in-process; the difference is the client: request building, the typed response, and its retrying fetch wrapper.',
    ],
    targets: [],
    data: result,
  };
}
