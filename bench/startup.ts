import { CLI, type BenchConfig } from './config.js';
import { SequentialClient } from './http-client.js';
import { launch } from './launch.js';
import type { Memory } from './rest-throughput.js';
import { fmt, median, ratio } from './stats.js';
import type { Row } from './table.js';

/** A bare node:http server started with `node -e`, printing the same kind of ready line. */
const BARE = "require('node:http').createServer((q, s) => s.end('ok')).listen(0, '127.0.0.1', function () { console.log('listening on http://127.0.0.1:' + this.address().port) })";

const SERVE = [CLI, 'serve', '--port', '0'];

/** One cold start: ms from spawn to the ready line, and to the first answer of `probe` asked right after it. */
async function coldStart(args: string[], probe: string): Promise<{ ready: number; answered: number }> {
  const started = performance.now();
  const child = await launch(args);
  const client = new SequentialClient(child.url);
  try {
    const r = await client.get(probe);
    if (r.status !== 200) throw new Error(`${probe} answered ${r.status} right after start: ${r.body.slice(0, 200)}`);
    return { ready: child.readyMs, answered: performance.now() - started };
  } finally {
    client.close();
    await child.stop();
  }
}

/**
 * Benchmark 4: start-to-ready of `chaos-exchange serve --port 0` (default scenario) against
 * `node -e` starting a bare http server, both until their ready line, started in turn so both see
 * the same machine; also how long the first control call takes (Express loads on first use).
 * Plus RSS idle and under load from benchmark 1's servers, against the bare Express app.
 */
export async function startup(cfg: BenchConfig, memory: Memory | undefined): Promise<Row[]> {
  // One start unmeasured: the files are then in the page cache (and Node 22+'s compile cache) for both.
  await coldStart(SERVE, '/0/public/Time');
  const chaos: { ready: number; answered: number }[] = [];
  const bare: number[] = [];
  for (let i = 0; i < cfg.starts; i++) {
    chaos.push(await coldStart(SERVE, '/__chaos/state'));
    bare.push((await coldStart(['-e', BARE], '/')).ready);
  }
  const ready = median(chaos.map((c) => c.ready));
  const control = median(chaos.map((c) => c.answered));
  const bareReady = median(bare);
  const rows: Row[] = [
    {
      goal: 4, figure: `serve: spawn → ready line (median of ${cfg.starts}, Node ${process.versions.node})`, measured: `${fmt(ready)} ms`, baseline: `node -e http ${fmt(bareReady)} ms`,
      ratio: ratio(ready, bareReady), target: '< 300 ms', verdict: ready < 300 ? 'pass' : 'miss',
    },
    {
      goal: 4, figure: 'serve: spawn → first control answer (GET /__chaos/state)', measured: `${fmt(control)} ms`, baseline: `ready ${fmt(ready)} ms`,
      ratio: ratio(control, ready), target: '—', verdict: 'info',
    },
  ];
  if (memory) {
    const mib = (x: number): string => `${fmt(x, 1)} MiB`;
    rows.push(
      { goal: 4, figure: 'RSS idle (after start)', measured: mib(memory.chaos.idle), baseline: `express ${mib(memory.express.idle)}`, ratio: ratio(memory.chaos.idle, memory.express.idle), target: '—', verdict: 'info' },
      { goal: 4, figure: 'RSS peak under benchmark 1 load', measured: mib(memory.chaos.load), baseline: `express ${mib(memory.express.load)}`, ratio: ratio(memory.chaos.load, memory.express.load), target: '—', verdict: 'info' },
    );
  }
  return rows;
}
