import { fileURLToPath } from 'node:url';

/** How long and how much each benchmark measures; `quick` shrinks everything for a smoke run. */
export interface BenchConfig {
  quick: boolean;
  /** Seconds of each timed REST / WebSocket measurement. */
  seconds: number;
  /** Seconds of load before each timed REST measurement (not counted). */
  warmupSeconds: number;
  /** REST: rounds in which the servers take turns, and the seconds of each server's turn (about `seconds` in all). */
  rounds: number;
  roundSeconds: number;
  /** Delayed requests in the latency-accuracy benchmark, each after an undelayed one (per server). */
  latencySamples: number;
  /** Phase edges watched on the real clock. */
  edges: number;
  /** Cold starts timed per command. */
  starts: number;
  /** `serve --speed` of the WebSocket fan-out benchmark: market steps, so book publish rounds, a second. */
  wsSpeed: number;
  /** Requests of the memory benchmark's mixed workload (the goal is stated for 10^6). */
  memoryRequests: number;
  /** Benchmarks to run, by name (all when empty). */
  only: string[];
  /** Also print the table as Markdown. */
  markdown: boolean;
}

/** Reads the configuration from flags (`--quick`, `--seconds N`, `--only a,b`, `--markdown`) and BENCH_* variables (flags win). */
export function benchConfig(argv: readonly string[], env: NodeJS.ProcessEnv): BenchConfig {
  const flag = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes('--quick') || (env.BENCH_QUICK !== undefined && env.BENCH_QUICK !== '' && env.BENCH_QUICK !== '0');
  const secondsText = flag('seconds') ?? env.BENCH_SECONDS;
  const seconds = secondsText !== undefined ? Number(secondsText) : quick ? 1 : 5;
  if (!Number.isInteger(seconds) || seconds < 1) throw new Error(`--seconds / BENCH_SECONDS expects a whole number of seconds >= 1, got "${secondsText}"`);
  const speedText = env.BENCH_WS_SPEED ?? '50';
  const wsSpeed = Number(speedText);
  if (!(wsSpeed > 0) || wsSpeed > 1000) throw new Error(`BENCH_WS_SPEED expects a speed factor in (0, 1000], got "${speedText}"`);
  const requestsText = env.BENCH_MEMORY_REQUESTS ?? (quick ? '100000' : '1000000');
  const memoryRequests = Number(requestsText);
  if (!Number.isInteger(memoryRequests) || memoryRequests < 1000) throw new Error(`BENCH_MEMORY_REQUESTS expects a whole number of requests >= 1000, got "${requestsText}"`);
  const only = (flag('only') ?? env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return {
    quick, seconds,
    warmupSeconds: quick ? 1 : 2,
    rounds: quick ? 1 : 3,
    roundSeconds: quick ? seconds : Math.max(1, Math.round(seconds / 3)),
    latencySamples: quick ? 40 : 500,
    edges: quick ? 3 : 8,
    starts: quick ? 3 : 11,
    wsSpeed,
    memoryRequests,
    only,
    markdown: argv.includes('--markdown') || env.BENCH_MARKDOWN === '1',
  };
}

/** The repository root (bench files run from dist/bench/). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Path of a benchmark scenario in bench/scenarios/. */
export const scenarioFile = (name: string): string => fileURLToPath(new URL(`../../bench/scenarios/${name}`, import.meta.url));

/** Path of a compiled helper process in dist/bench/servers/. */
export const serverScript = (name: string): string => fileURLToPath(new URL(`./servers/${name}`, import.meta.url));

/** The chaos-exchange command, as a user runs it. */
export const CLI = fileURLToPath(new URL('../../bin/chaos-exchange.js', import.meta.url));
