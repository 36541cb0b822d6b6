import { CLI, type BenchConfig } from './config.js';
import { launch } from './launch.js';
import type { Memory } from './rest-throughput.js';
import { fmt, median, ratio } from './stats.js';
import type { Row } from './table.js';

/** A bare node:http server started with `node -e`, printing the same kind of ready line. */
const BARE = "require('node:http').createServer((q, s) => s.end('ok')).listen(0, '127.0.0.1', function () { console.log('listening on http://127.0.0.1:' + this.address().port) })";

/** Median milliseconds from spawn to the ready line over `n` cold starts of `node ARGS…`. */
async function readyMs(args: string[], n: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const child = await launch(args);
    times.push(child.readyMs);
    await child.stop();
  }
  return median(times);
}

/**
 * Benchmark 4: start-to-ready of `chaos-exchange serve --port 0` (default scenario) against
 * `node -e` starting a bare http server, both until their ready line; plus RSS idle and under
 * load from benchmark 1's servers, against the bare Express app.
 */
export async function startup(cfg: BenchConfig, memory: Memory | undefined): Promise<Row[]> {
  await readyMs([CLI, 'serve', '--port', '0'], 1);
  const chaos = await readyMs([CLI, 'serve', '--port', '0'], cfg.starts);
  const bare = await readyMs(['-e', BARE], cfg.starts);
  const rows: Row[] = [{
    goal: 4, figure: `serve: spawn → ready line (median of ${cfg.starts})`, measured: `${fmt(chaos)} ms`, baseline: `node -e http ${fmt(bare)} ms`,
    ratio: ratio(chaos, bare), target: '< 300 ms', verdict: chaos < 300 ? 'pass' : 'miss',
  }];
  if (memory) {
    const mib = (x: number): string => `${fmt(x, 1)} MiB`;
    rows.push(
      { goal: 4, figure: 'RSS idle (after start)', measured: mib(memory.chaos.idle), baseline: `express ${mib(memory.express.idle)}`, ratio: ratio(memory.chaos.idle, memory.express.idle), target: '—', verdict: 'info' },
      { goal: 4, figure: 'RSS peak under benchmark 1 load', measured: mib(memory.chaos.load), baseline: `express ${mib(memory.express.load)}`, ratio: ratio(memory.chaos.load, memory.express.load), target: '—', verdict: 'info' },
    );
  }
  return rows;
}
