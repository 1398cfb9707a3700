/** Latency summaries for the benchmark (milliseconds in, milliseconds out). */
export interface Summary {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile of an ascending-sorted sample. */
export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}

export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p99: percentile(sorted, 0.99),
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

export const round = (x: number, digits = 3) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);

export const ratio = (a: number, b: number) => round(a / b, 2);

/** Runs `task` `total` times with at most `concurrency` in flight; returns each run's duration in ms. */
export async function pooled(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<number[]> {
  const durations: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      await task(i);
      durations.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return durations;
}

export interface ClosedLoopResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  latency: Summary;
  /** Every request's latency (ms), for merging phases. */
  samples: number[];
}

/**
 * `concurrency` clients each sending one request after the other until `durationMs` has passed
 * (or `maxRequests` were sent, whichever comes first). `fn` resolves true for a good answer.
 */
export async function closedLoop(
  fn: () => Promise<boolean>,
  concurrency: number,
  durationMs: number,
  maxRequests: number,
): Promise<ClosedLoopResult> {
  const latencies: number[] = [];
  let issued = 0;
  let errors = 0;
  const start = performance.now();
  const deadline = start + durationMs;
  const client = async () => {
    while (issued < maxRequests && performance.now() < deadline) {
      issued++;
      const t0 = performance.now();
      const ok = await fn().catch(() => false);
      latencies.push(performance.now() - t0);
      if (!ok) errors++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  const seconds = (performance.now() - start) / 1000;
  return { requests: latencies.length, errors, seconds, rps: latencies.length / seconds, latency: summarize(latencies), samples: latencies };
}
