import type { RequestStep } from 'autocannon';
import { CLI, scenarioFile, serverScript, type BenchConfig } from './config.js';
import { SequentialClient } from './http-client.js';
import { launch, watchRss, type Launched } from './launch.js';
import { combine, CONNECTIONS, load, type LoadResult } from './load.js';
import { isSuccess, Nonces, orderPairSteps, restingBuy, signedPost, type Credentials, type Failures } from './orders.js';
import type { CannedRoutes } from './servers/canned.js';
import { fmt, ratio } from './stats.js';
import type { Row } from './table.js';

/** The three servers of benchmark 1: chaos-exchange and the two baselines serving its bytes. */
export type ServerName = 'chaos' | 'express' | 'http';

/** RSS of each server (MiB) idle after start and at its peak under load. */
export type Memory = Record<ServerName, { idle: number; load: number }>;

/** One benchmarked request mix: its name in the table and the autocannon steps (counting failed replies). */
export interface Workload {
  name: string;
  steps(failures: Failures): RequestStep[];
}

/** Starts the three servers: chaos-exchange on the armed-but-quiet scenario, then the baselines with its captured replies. */
async function startServers(): Promise<{ servers: Record<ServerName, Launched>; creds: Credentials; price: string; nonces: Nonces }> {
  const chaos = await launch([CLI, 'serve', '--port', '0', '--scenario', scenarioFile('rest.yaml')]);
  const account = await chaos.line(/^account bench key=(\S+) secret=(\S+)$/);
  const creds = { key: account[1]!, secret: account[2]! };
  const nonces = new Nonces();
  const client = new SequentialClient(chaos.url);
  const ticker = await client.get('/0/public/Ticker?pair=XBTUSD');
  const depth = await client.get('/0/public/Depth?pair=XBTUSD');
  const last = Number((JSON.parse(ticker.body) as { result: Record<string, { c: [string] }> }).result.XXBTZUSD!.c[0]);
  const price = String(Math.floor(last / 2));
  const add = signedPost('/0/private/AddOrder', restingBuy(price), creds, nonces.next());
  const added = await client.post('/0/private/AddOrder', add.body, add.headers);
  const txid = /"txid":\["([^"]+)"/.exec(added.body)?.[1];
  if (!isSuccess(added.body) || !txid) throw new Error(`AddOrder failed while capturing replies: ${added.body}`);
  const cancel = signedPost('/0/private/CancelOrder', { txid }, creds, nonces.next());
  const cancelled = await client.post('/0/private/CancelOrder', cancel.body, cancel.headers);
  client.close();
  const canned: CannedRoutes = {};
  for (const [path, r] of [['/0/public/Ticker', ticker], ['/0/public/Depth', depth], ['/0/private/AddOrder', added], ['/0/private/CancelOrder', cancelled]] as const) {
    if (r.status !== 200 || !isSuccess(r.body)) throw new Error(`${path} failed while capturing replies: ${r.status} ${r.body.slice(0, 200)}`);
    canned[path] = { type: r.type, body: r.body };
  }
  return { servers: { chaos, ...await launchBaselines(canned) }, creds, price, nonces };
}

/** Starts the two baselines, a bare Express 5 app and a bare node:http server, answering `canned`. */
export async function launchBaselines(canned: CannedRoutes): Promise<{ express: Launched; http: Launched }> {
  const env = { BENCH_ROUTES: JSON.stringify(canned) };
  const [express, http] = await Promise.all([launch([serverScript('bare-express.js')], { env }), launch([serverScript('bare-http.js')], { env })]);
  return { express, http };
}

/**
 * Benchmark 1: req/s and p50/p99 latency of Ticker, Depth and a signed AddOrder+CancelOrder pair
 * on chaos-exchange (fault pipeline armed, no rule matching) against a bare Express 5 app and a bare
 * node:http server answering the same bytes; also each server's RSS idle and at peak under load.
 */
export async function restThroughput(cfg: BenchConfig): Promise<{ rows: Row[]; memory: Memory }> {
  const { servers, creds, price, nonces } = await startServers();
  try {
    return await measureWorkloads(cfg, servers, [
      { name: 'Ticker', steps: () => [{ method: 'GET', path: '/0/public/Ticker?pair=XBTUSD' }] },
      { name: 'Depth', steps: () => [{ method: 'GET', path: '/0/public/Depth?pair=XBTUSD' }] },
      { name: 'AddOrder+CancelOrder', steps: (failures) => orderPairSteps(creds, price, nonces, failures) },
    ]);
  } finally {
    await Promise.all(Object.values(servers).map((s) => s.stop()));
  }
}

/**
 * Loads each workload on the three servers, round after round, and gives its rows (chaos-exchange
 * against each baseline) and each server's RSS idle and at peak. A failed reply (as the workload's
 * steps count it) or a non-2xx status stops the benchmark: a figure of failures is no figure.
 */
export async function measureWorkloads(cfg: BenchConfig, servers: Record<ServerName, Launched>, workloads: readonly Workload[]): Promise<{ rows: Row[]; memory: Memory }> {
  const memory = {} as Memory;
  await new Promise((r) => setTimeout(r, 500));
  for (const name of Object.keys(servers) as ServerName[]) memory[name] = { idle: servers[name].rssMiB(), load: 0 };
  const rows: Row[] = [];
  const names = ['chaos', 'express', 'http'] as const;
  for (const w of workloads) {
    const runs = { chaos: [], express: [], http: [] } as Record<ServerName, LoadResult[]>;
    const checked = (name: ServerName, r: LoadResult, failures: Failures): LoadResult => {
      if (failures.count > 0) throw new Error(`${w.name} on ${name}: ${failures.count} replies were not successes, e.g. ${failures.last}`);
      if (r.errors > 0) throw new Error(`${w.name} on ${name}: ${r.errors} connection errors or non-2xx replies`);
      return r;
    };
    for (const name of names) {
      const failures: Failures = { count: 0 };
      checked(name, await load(servers[name].url, w.steps(failures), cfg.warmupSeconds), failures);
    }
    // The servers take turns, round after round, so a busy moment of the machine falls on all of them alike.
    for (let round = 0; round < cfg.rounds; round++) {
      for (const name of names) {
        const failures: Failures = { count: 0 };
        const rss = watchRss(servers[name]);
        runs[name].push(checked(name, await load(servers[name].url, w.steps(failures), cfg.roundSeconds), failures));
        memory[name].load = Math.max(memory[name].load, rss.stop());
      }
    }
    rows.push(...workloadRows(w.name, { chaos: combine(runs.chaos), express: combine(runs.express), http: combine(runs.http) }));
  }
  return { rows, memory };
}

function workloadRows(name: string, r: Record<ServerName, LoadResult>): Row[] {
  const rps = (x: LoadResult): string => `${fmt(x.rps)} req/s`;
  const lat = (x: LoadResult): string => `${fmt(x.p50, 2)} / ${fmt(x.p99, 2)} ms`;
  const goalMet = r.chaos.rps / r.express.rps >= 0.8;
  return [
    { goal: 1, figure: `${name}: throughput (${CONNECTIONS} conns, median run)`, measured: rps(r.chaos), baseline: `express ${rps(r.express)}`, ratio: ratio(r.chaos.rps, r.express.rps), target: '≥ 0.80× express', verdict: goalMet ? 'pass' : 'miss' },
    { goal: 1, figure: `${name}: throughput (${CONNECTIONS} conns, median run)`, measured: rps(r.chaos), baseline: `node:http ${rps(r.http)}`, ratio: ratio(r.chaos.rps, r.http.rps), target: 'floor', verdict: 'info' },
    { goal: 1, figure: `${name}: latency p50 / p99`, measured: lat(r.chaos), baseline: `express ${lat(r.express)}`, ratio: `${ratio(r.chaos.p50, r.express.p50)} / ${ratio(r.chaos.p99, r.express.p99)}`, target: '—', verdict: 'info' },
    { goal: 1, figure: `${name}: latency p50 / p99`, measured: lat(r.chaos), baseline: `node:http ${lat(r.http)}`, ratio: `${ratio(r.chaos.p50, r.http.p50)} / ${ratio(r.chaos.p99, r.http.p99)}`, target: 'floor', verdict: 'info' },
  ];
}
