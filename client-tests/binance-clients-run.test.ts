/**
 * ccxt / ccxt.pro 4.5.84's `binance`, unchanged (no URL, default options), as a real bot process
 * under `chaos-exchange run --exchange binance`: run's route preload and CA take every call to
 * Binance's own hosts — REST on api.binance.com (and fapi/dapi for the default loadMarkets), market
 * streams on stream.binance.com:9443, the WebSocket API on ws-api.binance.com — to the exchange,
 * and curl reaches api.binance.com through HTTPS_PROXY. Each run takes a few seconds of real time.
 */
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../server/src/scenario/builtin.js';
import { spawnCli } from '../server/test/spawn-cli.js';

const ROOT = packageRoot();
/** Beside node_modules, so the bundle finds ccxt there. */
const OUT = join(ROOT, 'node_modules/.cache/chaos-exchange-test');

beforeAll(async () => {
  await build({ entryPoints: [join(ROOT, 'client-tests/bots/binance-ccxt-bot.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: join(OUT, 'binance-ccxt-bot.mjs'), logLevel: 'error' });
});

/** Runs `bot` under `run calm --exchange binance`; its exit code, what it printed (JSON lines keyed by what), the requests the exchange saw, and all output. */
async function underRun(bot: string[]): Promise<{ code: number | null; seen: Record<string, any>; requests: number; output: string }> {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'chaos-binance-run-')));
  const cli = spawnCli(ROOT, ['run', 'calm', '--exchange', 'binance', '--speed', '5', '--duration', '2m', '--allow-inconclusive', '--report', dir, '--', ...bot]);
  const { code } = await cli.exited;
  const seen: Record<string, any> = {};
  for (const line of cli.stdout().split('\n')) if (line.startsWith('{"what":')) {
    const { what, value } = JSON.parse(line);
    seen[what] = value;
  }
  const verdict = JSON.parse(readFileSync(join(dir, 'verdict.json'), 'utf8'));
  return { code, seen, requests: verdict.phases.reduce((n: number, p: { requests: number }) => n + p.requests, 0), output: cli.stdout() + cli.stderr() };
}

describe('Binance\'s own clients, unchanged, under run --exchange binance', () => {
  it('ccxt.pro binance: loadMarkets, fetchTicker, fetchBalance, watchOrderBook, createOrder, watchOrders, cancelOrder', async () => {
    const r = await underRun([process.execPath, join(OUT, 'binance-ccxt-bot.mjs')]);
    expect(r.code, r.output).toBe(0);
    const { seen } = r;
    expect(seen.markets.btc).toBe('BTCUSD');
    expect(seen.ticker.symbol).toBe('BTC/USD');
    expect(seen.ticker.ask).toBeGreaterThan(seen.ticker.bid);
    expect(seen.balance.BTC).toBeGreaterThan(0);
    expect(seen.book).toMatchObject({ symbol: 'BTC/USD', nonce: expect.any(Number) });
    expect(seen.book.ask).toBeGreaterThan(seen.book.bid);
    expect(seen.order.status).toBe('open');
    expect(seen.watchOrders).toContainEqual({ id: seen.order.id, status: 'open', amount: 0.01 });
    expect(seen.cancel).toEqual({ id: seen.order.id, status: 'canceled' });
    // loadMarkets' calls (spot, futures on fapi/dapi, currencies, margin pairs), ticker, balance, depth snapshot, order, cancel at least.
    expect(r.requests).toBeGreaterThanOrEqual(8);
  });

  it('curl https://api.binance.com/api/v3/time, through HTTPS_PROXY, gets the exchange\'s answer', async () => {
    const r = await underRun(['sh', '-c', 'curl -sS https://api.binance.com/api/v3/time; echo']);
    expect(r.output).toMatch(/\{"serverTime":\d{13}\}/);
    expect(r.requests).toBe(1);
  });
});
