import autocannon, { type RequestStep } from 'autocannon';
import { spread, type Spread } from './stats.js';

/** What one fixed-duration autocannon run measured (latency at the client, in ms). */
export interface LoadResult extends Spread {
  /** Completed requests per second. */
  rps: number;
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
  return { ...spread(latencies), rps: latencies.length / elapsed, requests: latencies.length, errors: bad + result.errors + result.timeouts };
}

/** A warm-up run (discarded), then the measured one. */
export async function warmLoad(url: string, requests: () => RequestStep[], warmupSeconds: number, seconds: number): Promise<LoadResult> {
  await load(url, requests(), warmupSeconds);
  return load(url, requests(), seconds);
}
