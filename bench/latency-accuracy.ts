import { CLI, scenarioFile, type BenchConfig } from './config.js';
import { SequentialClient } from './http-client.js';
import { launch } from './launch.js';
import { fmt, median, percentile, ratio } from './stats.js';
import type { Row } from './table.js';

const SCRIPTED_MS = 100;

/**
 * Benchmark 2: a fixed 100 ms latency fault on the real clock at speed 1. Requests alternate
 * between the faulted key and the unfaulted one (same route, same bytes); each faulted round trip
 * minus the unfaulted median minus 100 ms is the error of the scripted delay.
 */
export async function latencyAccuracy(cfg: BenchConfig): Promise<Row[]> {
  const server = await launch([CLI, 'serve', '--port', '0', '--scenario', scenarioFile('latency.yaml')]);
  try {
    const keyOf = async (name: string): Promise<string> => (await server.line(new RegExp(`^account ${name} key=(\\S+) `)))[1]!;
    const slow = { 'api-key': await keyOf('slow') };
    const fast = { 'api-key': await keyOf('fast') };
    const client = new SequentialClient(server.url);
    const plain: number[] = [];
    const delayed: number[] = [];
    for (let i = 0; i < 20; i++) await client.get('/0/public/Time', fast);
    for (let i = 0; i < cfg.latencySamples; i++) {
      plain.push((await client.get('/0/public/Time', fast)).ms);
      const r = await client.get('/0/public/Time', slow);
      if (r.status !== 200) throw new Error(`delayed Time answered ${r.status}: ${r.body}`);
      delayed.push(r.ms);
    }
    client.close();
    const base = median(plain);
    const errors = delayed.map((ms) => ms - base - SCRIPTED_MS);
    const p50 = percentile(errors, 50);
    const p99 = percentile(errors, 99);
    const expected = SCRIPTED_MS + base;
    return [
      {
        goal: 2, figure: `100 ms latency fault: error p50 / p99 (n=${cfg.latencySamples})`,
        measured: `${fmt(p50, 2)} / ${fmt(p99, 2)} ms`, baseline: `no fault ${fmt(base, 2)} / ${fmt(percentile(plain, 99), 2)} ms`,
        ratio: `${ratio(median(delayed), expected)} / ${ratio(percentile(delayed, 99), expected)}`, target: 'p99 ≤ 2 ms', verdict: p99 <= 2 ? 'pass' : 'miss',
      },
      {
        goal: 2, figure: '100 ms latency fault: shortest faulted round trip',
        measured: `${fmt(Math.min(...delayed), 2)} ms`, baseline: `scripted ${SCRIPTED_MS} ms`, ratio: ratio(Math.min(...delayed), SCRIPTED_MS),
        target: '≥ 100 ms (never early)', verdict: Math.min(...delayed) >= SCRIPTED_MS ? 'pass' : 'miss',
      },
    ];
  } finally {
    await server.stop();
  }
}
