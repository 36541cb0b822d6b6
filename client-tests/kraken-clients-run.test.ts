/**
 * Kraken clients for Node, unchanged, as real bot processes under `chaos-exchange run`:
 * node-kraken-api 2.2.2 (which can only dial api.kraken.com, ws.kraken.com and ws-auth.kraken.com),
 * kraken-api 1.0.2 (whose default URL is https://api.kraken.com) and ccxt / ccxt.pro with its own
 * URLs. None is given a URL; run's route preload and CA take them to the exchange. Each run takes a
 * few seconds of real time.
 */
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../server/src/scenario/builtin.js';
import { spawnCli } from '../server/test/spawn-cli.js';

const ROOT = packageRoot();
/** Beside node_modules, so the bundles find the clients there. */
const OUT = join(ROOT, 'node_modules/.cache/chaos-exchange-test');
const BOTS = ['node-kraken-api-bot', 'kraken-api-bot', 'ccxt-bot'] as const;

beforeAll(async () => {
  for (const bot of BOTS) {
    await build({ entryPoints: [join(ROOT, `client-tests/bots/${bot}.ts`)], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: join(OUT, `${bot}.mjs`), logLevel: 'error' });
  }
});

/** What a bot printed, one JSON line per thing it saw, keyed by what (the last of each). */
type Seen = Record<string, any>;

/** Runs the bot under `run calm` at 5x; its exit code, what it printed, and the requests the exchange saw. */
async function underRun(bot: (typeof BOTS)[number]): Promise<{ code: number | null; seen: Seen; requests: number; output: string }> {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'chaos-clients-')));
  const cli = spawnCli(ROOT, ['run', 'calm', '--speed', '5', '--duration', '2m', '--allow-inconclusive', '--report', dir, '--', process.execPath, join(OUT, `${bot}.mjs`)]);
  const { code } = await cli.exited;
  const seen: Seen = {};
  for (const line of cli.stdout().split('\n')) if (line.startsWith('{"what":')) {
    const { what, value } = JSON.parse(line);
    seen[what] = value;
  }
  const verdict = JSON.parse(readFileSync(join(dir, 'verdict.json'), 'utf8'));
  return { code, seen, requests: verdict.phases.reduce((n: number, p: { requests: number }) => n + p.requests, 0), output: cli.stdout() + cli.stderr() };
}

/** The default account's opening balances, as Kraken's Balance writes them. */
const OPENING = { ZUSD: '100000.0000', XXBT: '2.0000000000', XETH: '25.0000000000', USDT: '50000.00000000', SOL: '300.0000000000', XXDG: '100000.00000000' };

describe('Kraken\'s own clients, unchanged, under run', () => {
  it('node-kraken-api 2.2.2: REST Time, Balance and Ticker; a WS v1 ticker; a private openOrders snapshot; its own verified book mirror, never resubscribing', async () => {
    const r = await underRun('node-kraken-api-bot');
    expect(r.code, r.output).toBe(0);
    const { seen } = r;
    expect(seen.time.unixtime).toBeGreaterThan(1_700_000_000);
    expect(seen.time.rfc1123).toMatch(/^\w{3}, \d{2} \w{3} \d{2} \d{2}:\d{2}:\d{2} \+0000$/);
    expect(seen.balance).toEqual(OPENING);
    const rest = seen['ticker-rest'].XXBTZUSD;
    expect(Number(rest.a[0])).toBeGreaterThan(Number(rest.b[0]));
    expect(seen.ticker.pair).toBe('XBT/USD');
    expect(Number(seen.ticker.update.a[0])).toBeGreaterThan(Number(seen.ticker.update.b[0]));
    const txid = seen.addOrder.txid[0];
    expect(txid).toMatch(/^O[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{6}$/);
    expect(seen.addOrder.descr.order).toBe('buy 0.01000000 XBTUSD @ limit 1000.0');
    // The snapshot arrives after the subscription's ack, so the client delivers it (it dropped it before).
    const snapshot = Object.assign({}, ...seen.openOrders.update);
    expect(snapshot[txid]).toMatchObject({ status: 'open', vol: '0.01000000', descr: { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '1000.0' } });
    // node-kraken-api emits "mirror" only for an update whose checksum it verified; a mismatch would resubscribe.
    expect(seen.summary.mirrors).toBeGreaterThan(10);
    expect(seen.summary.bookSubscriptions).toBe(1);
    expect(seen.summary.tickers).toBeGreaterThan(3);
    const { as, bs } = seen.summary.lastMirror.mirror;
    expect([as.length, bs.length]).toEqual([10, 10]);
    expect(Number(as[0][0])).toBeGreaterThan(Number(bs[0][0]));
    expect(r.requests).toBeGreaterThanOrEqual(6);
  });

  it('kraken-api 1.0.2: Time, Balance, AddOrder, OpenOrders, CancelOrder, and Kraken\'s error text', async () => {
    const r = await underRun('kraken-api-bot');
    expect(r.code, r.output).toBe(0);
    const { seen } = r;
    expect(seen.time.unixtime).toBeGreaterThan(1_700_000_000);
    expect(seen.balance).toEqual(OPENING);
    const txid = seen.addOrder.txid[0];
    expect(seen.openOrders.open[txid]).toMatchObject({ status: 'open', vol: '0.01000000', descr: { order: 'buy 0.01000000 XBTUSD @ limit 1000.0' } });
    expect(seen.cancelOrder).toEqual({ count: 1 });
    // kraken-api strips the leading "E" of Kraken's error.
    expect(seen.error).toBe('General:Invalid arguments:volume');
    expect(r.requests).toBe(6);
  });

  it('ccxt / ccxt.pro 4.5.84 with its own Kraken URLs: fetchTime, fetchBalance, watchTicker, createOrder, watchOrders', async () => {
    const r = await underRun('ccxt-bot');
    expect(r.code, r.output).toBe(0);
    const { seen } = r;
    expect(seen.time).toBeGreaterThan(1_700_000_000_000);
    expect(seen.balance).toEqual({ USD: 100000, BTC: 2, ETH: 25, USDT: 50000, SOL: 300, DOGE: 100000 });
    expect(seen.ticker.symbol).toBe('BTC/USD');
    expect(seen.ticker.ask).toBeGreaterThan(seen.ticker.bid);
    expect(seen.watchOrders).toContainEqual({ id: seen.order.id, status: 'open', amount: 0.01, price: 1000 });
  });
});
