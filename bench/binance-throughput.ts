import { binanceOrderPairSteps, binanceRestingBuy, binanceSigned, BINANCE_SYMBOL, isBinanceSuccess } from './binance-orders.js';
import { CLI, scenarioFile, type BenchConfig } from './config.js';
import { SequentialClient } from './http-client.js';
import { launch, type Launched } from './launch.js';
import { launchBaselines, measureWorkloads, type ServerName } from './rest-throughput.js';
import type { CannedRoutes } from './servers/canned.js';
import type { Row } from './table.js';

const TICKER = `/api/v3/ticker/24hr?symbol=${BINANCE_SYMBOL}`;

/** Starts chaos-exchange as Binance on the armed-but-quiet scenario, captures its replies, then the baselines serving them. */
async function startServers(): Promise<{ servers: Record<ServerName, Launched>; creds: { key: string; secret: string }; price: string }> {
  const chaos = await launch([CLI, 'serve', '--port', '0', '--scenario', scenarioFile('binance-rest.yaml')]);
  try {
    const account = await chaos.line(/^account bench key=(\S+) secret=(\S+)$/);
    const creds = { key: account[1]!, secret: account[2]! };
    const client = new SequentialClient(chaos.url);
    const ticker = await client.get(TICKER);
    const last = Number((JSON.parse(ticker.body) as { lastPrice: string }).lastPrice);
    const price = String(Math.floor(last / 2));
    const add = binanceSigned('/api/v3/order', binanceRestingBuy(price), creds);
    const added = await client.call('POST', add.path, add.headers);
    const orderId = /"orderId":(\d+)/.exec(added.body)?.[1];
    if (!isBinanceSuccess(added.status, added.body) || !orderId) throw new Error(`POST /api/v3/order failed while capturing replies: ${added.status} ${added.body}`);
    const cancel = binanceSigned('/api/v3/order', { symbol: BINANCE_SYMBOL, orderId }, creds);
    const cancelled = await client.call('DELETE', cancel.path, cancel.headers);
    client.close();
    const canned: CannedRoutes = {};
    for (const [key, r] of [['GET /api/v3/ticker/24hr', ticker], ['POST /api/v3/order', added], ['DELETE /api/v3/order', cancelled]] as const) {
      if (!isBinanceSuccess(r.status, r.body)) throw new Error(`${key} failed while capturing replies: ${r.status} ${r.body.slice(0, 200)}`);
      canned[key] = { type: r.type, body: r.body };
    }
    return { servers: { chaos, ...await launchBaselines(canned) }, creds, price };
  } catch (err) {
    await chaos.stop();
    throw err;
  }
}

/**
 * Benchmark 1 under Binance: req/s and p50/p99 latency of `GET /api/v3/ticker/24hr` and a signed
 * order + cancel pair (`POST` then `DELETE /api/v3/order`) on chaos-exchange serving Binance (fault
 * pipeline armed, no rule matching), against the same two baselines answering its bytes.
 */
export async function binanceThroughput(cfg: BenchConfig): Promise<Row[]> {
  const { servers, creds, price } = await startServers();
  try {
    const { rows } = await measureWorkloads(cfg, servers, [
      { name: 'Binance ticker/24hr', steps: () => [{ method: 'GET', path: TICKER }] },
      { name: 'Binance order+cancel', steps: (failures) => binanceOrderPairSteps(creds, price, failures) },
    ]);
    return rows;
  } finally {
    await Promise.all(Object.values(servers).map((s) => s.stop()));
  }
}
