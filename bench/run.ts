// `npm run bench`: runs every benchmark (or those named by --only / BENCH_ONLY) and prints the results table.
import { cpus, totalmem } from 'node:os';
import { binanceThroughput } from './binance-throughput.js';
import { benchConfig } from './config.js';
import { latencyAccuracy } from './latency-accuracy.js';
import { memoryAfterMixed } from './memory.js';
import { phaseEdge } from './phase-edge.js';
import { replayHour } from './replay.js';
import { restThroughput, type Memory } from './rest-throughput.js';
import { startup } from './startup.js';
import { markdownTable, textTable, type Row } from './table.js';
import { wsFanout } from './ws-fanout.js';

const NAMES = ['rest', 'binance', 'latency', 'edges', 'startup', 'replay', 'ws', 'memory'];
const cfg = benchConfig(process.argv.slice(2), process.env);
const unknown = cfg.only.filter((n) => !NAMES.includes(n));
if (unknown.length) throw new Error(`--only / BENCH_ONLY: unknown benchmark ${unknown.join(', ')}; expected some of ${NAMES.join(', ')}`);
const wanted = (name: string): boolean => cfg.only.length === 0 || cfg.only.includes(name);
const rows: Row[] = [];
const began = performance.now();

/** Runs one benchmark when wanted, timing it on stderr, and keeps its rows. */
async function step(name: string, run: () => Promise<Row[]>): Promise<void> {
  if (!wanted(name)) return;
  const t = performance.now();
  process.stderr.write(`bench: ${name}…`);
  rows.push(...await run());
  process.stderr.write(` ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
}

process.stderr.write(`bench: ${cfg.quick ? 'quick' : 'full'} run, ${cfg.seconds} s per measurement; ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}\n`);
let memory: Memory | undefined;
await step('rest', async () => {
  const r = await restThroughput(cfg);
  memory = r.memory;
  return r.rows;
});
await step('binance', () => binanceThroughput(cfg));
await step('latency', () => latencyAccuracy(cfg));
await step('edges', () => phaseEdge(cfg));
await step('startup', () => startup(cfg, memory));
await step('replay', () => replayHour(cfg));
await step('ws', () => wsFanout(cfg));
await step('memory', () => memoryAfterMixed(cfg));

rows.sort((a, b) => a.goal - b.goal);
process.stdout.write(`\n${textTable(rows)}\n\n`);
if (cfg.markdown) process.stdout.write(`${markdownTable(rows)}\n\n`);
const count = (v: Row['verdict']): number => rows.filter((r) => r.verdict === v).length;
process.stdout.write(`${count('pass')} figures met their goal, ${count('miss')} missed; ${((performance.now() - began) / 1000).toFixed(0)} s\n`);
