import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CLI, scenarioFile, serverScript, type BenchConfig } from './config.js';
import { launch, type Launched } from './launch.js';
import type { LatencySample } from './servers/latency-client.js';
import { fmt, median, percentile, ratio } from './stats.js';
import type { Row } from './table.js';

const SCRIPTED_MS = 100;

/**
 * Round trips of the undelayed and the delayed request, sent in turn, one at a time, by a client
 * process of its own (bench/servers/latency-client.ts). One at a time: with several in flight,
 * the machine's queueing, not the delay, would set the tail (four connections doubled the
 * undelayed p99 on the two-core machine).
 */
async function measure(url: string, path: string, plain: Record<string, string>, delayed: Record<string, string>, pairs: number): Promise<LatencySample> {
  const { stdout } = await promisify(execFile)(process.execPath, [serverScript('latency-client.js'), url, String(pairs), JSON.stringify(plain), JSON.stringify(delayed), path], { maxBuffer: 16 << 20 });
  return JSON.parse(stdout) as LatencySample;
}

/** The error of each delayed round trip: what it took beyond the scripted delay and the median undelayed round trip of its round. */
const errorsOf = (s: LatencySample): number[] => {
  const base = median(s.plain);
  return s.delayed.map((ms) => ms - base - SCRIPTED_MS);
};

/** Rounds in which the two servers take turns: the machine's quiet and busy spells fall on both. */
const ROUNDS = 5;

/** Share of `xs` above `limit`, as a percentage text. */
const over = (xs: number[], limit: number): string => `${fmt((100 * xs.filter((x) => x > limit).length) / xs.length, 1)} %`;

/**
 * Benchmark 2: a fixed 100 ms latency fault on the real clock at speed 1. One client
 * alternates the faulted key and the unfaulted one (same route, same bytes, same rule
 * matching); each faulted round trip minus the unfaulted median of its round minus 100 ms is the
 * error of the scripted delay. The baseline is the machine's own floor: a bare node:http server
 * delaying the same way with setTimeout(100), measured by the same client in the same run. Both
 * servers run throughout and take turns over ROUNDS rounds, each round a fresh client process
 * with its own warm-up.
 */
export async function latencyAccuracy(cfg: BenchConfig): Promise<Row[]> {
  const chaos: LatencySample = { plain: [], delayed: [] };
  const bare: LatencySample = { plain: [], delayed: [] };
  const errors: number[] = [];
  const floor: number[] = [];
  const rounds = cfg.quick ? 1 : ROUNDS;
  const pairs = Math.ceil(cfg.latencySamples / rounds);
  const servers: Launched[] = [];
  try {
    const exchange = await launch([CLI, 'serve', '--port', '0', '--scenario', scenarioFile('latency.yaml')]);
    servers.push(exchange);
    const keyOf = async (name: string): Promise<string> => (await exchange.line(new RegExp(`^account ${name} key=(\\S+) `)))[1]!;
    const [slow, fast] = [await keyOf('slow'), await keyOf('fast')];
    const delayer = await launch([serverScript('bare-delay.js')]);
    servers.push(delayer);
    const add = (into: LatencySample, errs: number[], s: LatencySample): void => {
      into.plain.push(...s.plain);
      into.delayed.push(...s.delayed);
      errs.push(...errorsOf(s));
    };
    for (let r = 0; r < rounds; r++) {
      add(chaos, errors, await measure(exchange.url, '/0/public/Time', { 'API-Key': fast }, { 'API-Key': slow }, pairs));
      add(bare, floor, await measure(delayer.url, '/', {}, { 'x-delay': String(SCRIPTED_MS) }, pairs));
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
  const p99 = percentile(errors, 99);
  const pair = (xs: number[]): string => `${fmt(percentile(xs, 50), 2)} / ${fmt(percentile(xs, 99), 2)} ms`;
  const shortest = Math.min(...chaos.delayed);
  return [
    {
      goal: 2, figure: `100 ms latency fault: error p50 / p99 (n=${errors.length}, ${rounds} round${rounds === 1 ? '' : 's'})`,
      measured: pair(errors), baseline: `bare setTimeout ${pair(floor)}`,
      ratio: ratio(p99, percentile(floor, 99)), target: 'p99 ≤ 2 ms', verdict: p99 <= 2 ? 'pass' : 'miss',
    },
    {
      goal: 2, figure: '100 ms latency fault: replies more than 2 ms off',
      measured: over(errors, 2), baseline: `bare setTimeout ${over(floor, 2)}`, ratio: '—', target: '—', verdict: 'info',
    },
    {
      goal: 2, figure: 'undelayed round trip p50 / p99 (the same client)',
      measured: pair(chaos.plain), baseline: `bare ${pair(bare.plain)}`, ratio: ratio(percentile(chaos.plain, 99), percentile(bare.plain, 99)), target: '—', verdict: 'info',
    },
    {
      goal: 2, figure: '100 ms latency fault: shortest faulted round trip',
      measured: `${fmt(shortest, 2)} ms`, baseline: `scripted ${SCRIPTED_MS} ms`, ratio: ratio(shortest, SCRIPTED_MS),
      target: '≥ 100 ms (never early)', verdict: shortest >= SCRIPTED_MS ? 'pass' : 'miss',
    },
  ];
}
