// Section 5: one predict() through the client SDK next to a raw fetch of the same request, answered by
// the MSW mock in-process and by the local host over HTTP.
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../../packages/model/src/index.js';
import type { BenchContext } from './context.js';
import { childEnv, outputOf, startChild } from './processes.js';
import { formatMs, formatRatio, type SectionReport, type TargetResult } from './report.js';

const script = fileURLToPath(new URL('clientMock.ts', import.meta.url));

interface Latency {
  meanMs: number;
  medianMs: number;
  p90Ms: number;
  p99Ms: number;
}

/**
 * The client's cost per call over a raw fetch: the difference of the per-call medians, and the median
 * over rounds of the difference in mean time per call between a client round and the raw round beside it.
 */
interface Overhead {
  medianDiffMs: number;
  pairedMedianMs: number;
}

/** The issue's budget for the client over a raw fetch to the same host, per call. */
const OVERHEAD_TARGET_MS = 0.1;

/** A difference in the unit that keeps it readable, with its sign. */
function signedMs(ms: number): string {
  return ms < 0 ? `−${formatMs(-ms)}` : `+${formatMs(ms)}`;
}

export async function benchClientMock(
  ctx: BenchContext,
  progress: (line: string) => void,
): Promise<SectionReport> {
  const samples = ctx.options.quick ? 500 : 3000;
  type Result = {
    source: 'dist' | 'src';
    samples: number;
    warmup: number;
    client: Latency;
    fetch: Latency;
    overhead: Overhead;
  };
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
    formatMs(l.meanMs),
    formatMs(l.p90Ms),
    formatMs(l.p99Ms),
    formatRatio(l.medianMs / fetch.medianMs),
  ];
  const overheadRow = (name: string, r: Result) => [
    name,
    formatMs(r.client.medianMs),
    formatMs(r.fetch.medianMs),
    signedMs(r.overhead.medianDiffMs),
    signedMs(r.overhead.pairedMedianMs),
  ];
  const localOverhead = local.overhead.medianDiffMs;
  const targets: TargetResult[] = [
    {
      target: `Client: at most ${formatMs(OVERHEAD_TARGET_MS)} per call over a raw fetch to the local host (interleaved, same run)`,
      measured: `${signedMs(localOverhead)} per call (median ${formatMs(local.client.medianMs)} vs ${formatMs(local.fetch.medianMs)})`,
      pass: Number.isFinite(localOverhead) ? localOverhead <= OVERHEAD_TARGET_MS : undefined,
    },
  ];
  return {
    id: 'client',
    title: 'Client SDK and mock',
    tables: [
      {
        caption: `One prediction (1 instance, typed form) through MSW's in-process interception and to the local host, ${result.samples} calls each after ${result.warmup} warm-up, in interleaved rounds of 10; @forestfn/client and @forestfn/mock from ${result.source === 'dist' ? 'their built packages (dist)' : 'source (no dist: run `pnpm build`)'}.`,
        columns: ['call', 'median', 'mean', 'p90', 'p99', 'median / raw fetch'],
        rows: [
          row('`client.predict()` through the mock', result.client, result.fetch),
          row('raw `fetch()` through the mock', result.fetch, result.fetch),
          row('`client.predict()` to the local host (HTTP, keep-alive)', local.client, local.fetch),
          row('raw `fetch()` to the local host', local.fetch, local.fetch),
        ],
      },
      {
        caption:
          'What the client adds per call: the difference of the per-call medians above, and (noisier, as a check) the median over rounds of a client round’s mean time per call minus that of the raw round beside it.',
        columns: [
          'target',
          'client per call',
          'raw fetch per call',
          'client − raw',
          'client − raw, paired rounds',
        ],
        rows: [overheadRow('the mock (in-process)', result), overheadRow('the local host (HTTP)', local)],
      },
    ],
    notes: [
      'Each pair answers the same request from the same target (the mock runs the real service and model in-process); the difference is the client: openapi-fetch building the request and parsing the answer, the per-attempt timeout (an AbortSignal and a timer), the retry loop, and the promise that offers `.withResponse()`.',
    ],
    targets,
    data: { mock: result, local },
  };
}
