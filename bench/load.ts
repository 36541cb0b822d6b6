import autocannon, { type RequestStep } from 'autocannon';
import { median, spread, type Spread } from './stats.js';

/** What one fixed-duration autocannon run measured (latency at the client, in ms). */
export interface LoadResult extends Spread {
  /** Completed requests per second. */
  rps: number;
  /** Every response's latency (ms), in arrival order. */
  latencies: number[];
  requests: number;
  /** Connection errors, timeouts and non-2xx replies together. */
  errors: number;
}

/** Keep-alive connections per run (autocannon's default). */
export const CONNECTIONS = 10;

/**
 * Runs autocannon against `url` for `seconds` with CONNECTIONS keep-alive connections looping
 * over `requests`; latencies are taken from every response at full precision.
 */
export async function load(url: string, requests: RequestStep[], seconds: number): Promise<LoadResult> {
  const latencies: number[] = [];
  let bad = 0;
  const started = performance.now();
  const run = autocannon({ url, connections: CONNECTIONS, pipelining: 1, duration: seconds, requests });
  run.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
    if (status < 200 || status > 299) bad++;
  });
  const result = await run;
  const elapsed = (performance.now() - started) / 1000;
  return { ...spread(latencies), latencies, rps: latencies.length / elapsed, requests: latencies.length, errors: bad + result.errors + result.timeouts };
}

/** Several runs of one server as one result: the median run's req/s, latencies and counts of all of them together. */
export function combine(runs: readonly LoadResult[]): LoadResult {
  const latencies = runs.flatMap((r) => r.latencies);
  return {
    ...spread(latencies), latencies, rps: median(runs.map((r) => r.rps)),
    requests: runs.reduce((n, r) => n + r.requests, 0), errors: runs.reduce((n, r) => n + r.errors, 0),
  };
}
