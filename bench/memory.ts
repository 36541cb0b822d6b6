import autocannon from 'autocannon';
import { CLI, scenarioFile, serverScript, type BenchConfig } from './config.js';
import { SequentialClient } from './http-client.js';
import { launch, watchRss, type Launched } from './launch.js';
import { CONNECTIONS } from './load.js';
import { mixedSteps, STATUS_PATH } from './mixed-workload.js';
import { isSuccess, Nonces, restingBuy, signedPost, type Credentials, type Failures } from './orders.js';
import type { CannedRoutes } from './servers/canned.js';
import { fmt, ratio } from './stats.js';
import type { Row } from './table.js';

/** The goal: RSS below 150 MB (10^6 bytes) after 10^6 mixed requests, in MiB as VmRSS is read. */
const GOAL_MIB = 150e6 / 2 ** 20;
const GOAL_REQUESTS = 1_000_000;
/** The floor serves a tenth as many requests: a bare server's RSS is flat after the first few thousand. */
const FLOOR_SHARE = 10;

/** What one server's run of the workload showed: RSS (MiB) before, at its peak and right after, and its speed. */
interface MemoryRun {
  idle: number;
  peak: number;
  after: number;
  seconds: number;
}

/** Sends the mixed workload, `requests` replies in all over CONNECTIONS keep-alive connections, watching RSS. */
async function drive(server: Launched, creds: Credentials, restPrice: string, requests: number): Promise<MemoryRun> {
  const idle = server.rssMiB();
  const failures: Failures = { count: 0 };
  const rss = watchRss(server, 250);
  const started = performance.now();
  const result = await autocannon({ url: server.url, connections: CONNECTIONS, pipelining: 1, amount: requests, requests: mixedSteps(creds, restPrice, new Nonces(), failures) });
  const seconds = (performance.now() - started) / 1000;
  const after = server.rssMiB();
  const peak = rss.stop();
  if (failures.count > 0) throw new Error(`mixed workload: ${failures.count} replies were not successes, e.g. ${failures.last}`);
  if (result.errors > 0) throw new Error(`mixed workload: ${result.errors} connection errors or timeouts`);
  return { idle, peak, after, seconds };
}

/** One reply of each kind the workload asks for, captured from chaos-exchange for the bare server to serve. */
async function capture(url: string, creds: Credentials, restPrice: string): Promise<CannedRoutes> {
  const client = new SequentialClient(url);
  const nonces = new Nonces();
  const canned: CannedRoutes = {};
  try {
    const post = async (method: string, params: Record<string, string>): Promise<string> => {
      const path = `/0/private/${method}`;
      const { body, headers } = signedPost(path, params, creds, nonces.next());
      const r = await client.post(path, body, headers);
      if (!isSuccess(r.body)) throw new Error(`${method} failed while capturing replies: ${r.body.slice(0, 200)}`);
      canned[path] = { type: r.type, body: r.body };
      return r.body;
    };
    const txid = /"txid":\["([^"]+)"/.exec(await post('AddOrder', restingBuy(restPrice)))?.[1] ?? '';
    for (const method of ['OpenOrders', 'Balance', 'ClosedOrders', 'TradesHistory', 'Ledgers']) await post(method, {});
    await post('QueryOrders', { txid });
    await post('CancelOrder', { txid });
    for (const path of ['/0/public/Ticker', '/0/public/Depth', STATUS_PATH]) {
      const r = await client.get(path === STATUS_PATH ? path : `${path}?pair=XBTUSD`);
      canned[path] = { type: r.type, body: r.body };
    }
    return canned;
  } finally {
    client.close();
  }
}

/** Reads what the workload left: how many ended orders ClosedOrders counts, and the money audit, which must be clean. */
async function afterCheck(client: SequentialClient, creds: Credentials): Promise<number> {
  const closed = signedPost('/0/private/ClosedOrders', {}, creds, new Nonces().next());
  const kept = (JSON.parse((await client.post('/0/private/ClosedOrders', closed.body, closed.headers)).body) as { result: { count: number } }).result.count;
  const audit = JSON.parse((await client.get('/__chaos/audit')).body) as { problems: string[] };
  if (audit.problems.length > 0) throw new Error(`the money audit failed after the mixed workload: ${audit.problems.slice(0, 3).join('; ')}`);
  return kept;
}

/**
 * Benchmark 7: RSS of `chaos-exchange serve` at default settings (order history, journal size)
 * after 10^6 mixed requests (orders, cancels, reads, status polls; `mixed-workload.ts`), against the
 * goal of 150 MB. Baselines: the same process idle before the workload, and the floor, a bare
 * node:http server answering a tenth as many of the same requests with canned copies of
 * chaos-exchange's replies (what Node itself holds under that traffic).
 */
export async function memoryAfterMixed(cfg: BenchConfig): Promise<Row[]> {
  const requests = cfg.memoryRequests;
  const chaos = await launch([CLI, 'serve', '--port', '0', '--scenario', scenarioFile('memory.yaml')]);
  const client = new SequentialClient(chaos.url);
  let run: MemoryRun;
  let kept: number;
  let canned: CannedRoutes;
  try {
    const account = await chaos.line(/^account bench key=(\S+) secret=(\S+)$/);
    const creds = { key: account[1]!, secret: account[2]! };
    const ticker = JSON.parse((await client.get('/0/public/Ticker?pair=XBTUSD')).body) as { result: Record<string, { c: [string] }> };
    const restPrice = String(Math.floor(Number(ticker.result.XXBTZUSD!.c[0]) / 2));
    canned = await capture(chaos.url, creds, restPrice);
    await new Promise((r) => setTimeout(r, 500));
    run = await drive(chaos, creds, restPrice, requests);
    kept = await afterCheck(client, creds);
  } finally {
    client.close();
    await chaos.stop();
  }
  const bare = await launch([serverScript('bare-http.js')], { env: { BENCH_ROUTES: JSON.stringify(canned) } });
  let floor: MemoryRun;
  try {
    await new Promise((r) => setTimeout(r, 500));
    floor = await drive(bare, { key: 'k', secret: Buffer.alloc(64).toString('base64') }, '1', Math.ceil(requests / FLOOR_SHARE));
  } finally {
    await bare.stop();
  }
  return memoryRows(requests, kept, run, floor);
}

function memoryRows(requests: number, kept: number, run: MemoryRun, floor: MemoryRun): Row[] {
  const mib = (x: number): string => `${fmt(x, 1)} MiB`;
  const count = requests === 1_000_000 ? '10⁶' : fmt(requests);
  const met = run.after < GOAL_MIB;
  const bare = `node:http after ${fmt(Math.ceil(requests / FLOOR_SHARE))}`;
  return [
    {
      goal: 7, figure: `RSS after ${count} mixed requests (default settings; ${fmt(kept)} ended orders kept)`, measured: mib(run.after), baseline: `idle before ${mib(run.idle)}`,
      ratio: ratio(run.after, run.idle), target: `< 150 MB (${fmt(GOAL_MIB, 1)} MiB)`, verdict: requests < GOAL_REQUESTS ? 'info' : met ? 'pass' : 'miss',
    },
    { goal: 7, figure: `RSS after ${count} mixed requests`, measured: mib(run.after), baseline: `${bare} ${mib(floor.after)}`, ratio: ratio(run.after, floor.after), target: 'floor', verdict: 'info' },
    { goal: 7, figure: 'RSS peak during the mixed requests', measured: mib(run.peak), baseline: `${bare} ${mib(floor.peak)}`, ratio: ratio(run.peak, floor.peak), target: '—', verdict: 'info' },
    {
      goal: 7, figure: `mixed requests: throughput (${CONNECTIONS} conns, ${fmt(run.seconds)} s)`, measured: `${fmt(requests / run.seconds)} req/s`,
      baseline: `node:http ${fmt(Math.ceil(requests / FLOOR_SHARE) / floor.seconds)} req/s`, ratio: ratio(requests / run.seconds, Math.ceil(requests / FLOOR_SHARE) / floor.seconds), target: '—', verdict: 'info',
    },
  ];
}
