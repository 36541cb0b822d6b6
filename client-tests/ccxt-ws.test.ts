/**
 * ccxt.pro (4.5.84, `ccxt.pro.kraken`) against the WebSocket v2 API of a real chaos-exchange on
 * port 0 with the manual clock. ccxt's own checksum option is left off: its formatter expects v1
 * string levels and throws on v2 numbers (our checksums are verified on the raw frames in
 * server/test/ws-v2.test.ts instead).
 */
import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startExchange } from '../server/src/app.js';
import { pa, proKraken } from './ccxt-pro.js';


/**
 * Resolves `p` while moving simulated time a second per turn of the event loop: a watch* call
 * subscribes asynchronously, and only then may the market produce what it waits for.
 */
async function whileAdvancing<T>(p: Promise<T>): Promise<T> {
  let done = false;
  const out = p.finally(() => (done = true));
  for (let i = 0; i < 300 && !done; i++) {
    await new Promise<void>((r) => setImmediate(r));
    if (!done) ex.clock.advance(1_000);
  }
  return out;
}

let ex: Awaited<ReturnType<typeof startExchange<{ port: number; clock: 'manual'; seed: number }>>>;
let kraken: InstanceType<typeof ccxt.pro.kraken>;

beforeAll(async () => {
  ex = await startExchange({ port: 0, clock: 'manual', seed: 5 });
  kraken = await proKraken(ex.url);
});

afterAll(async () => {
  await kraken?.close();
  await ex?.close();
});

describe('ccxt.pro over WebSocket v2', () => {
  test('watchOrderBook: the snapshot equals REST Depth at the same instant; updates keep the book sorted and uncrossed', async () => {
    const book = await kraken.watchOrderBook('BTC/USD', 10);
    const depth = await kraken.fetchOrderBook('BTC/USD', 10);
    expect(pa(book.asks.slice(0, 10))).toEqual(pa(depth.asks));
    expect(pa(book.bids.slice(0, 10))).toEqual(pa(depth.bids));
    for (let i = 0; i < 5; i++) {
      ex.clock.advance(1_000);
      const b = await kraken.watchOrderBook('BTC/USD', 10);
      expect(b.asks.length).toBe(10);
      for (let j = 1; j < b.asks.length; j++) expect(b.asks[j]![0]).toBeGreaterThan(b.asks[j - 1]![0]!);
      for (let j = 1; j < b.bids.length; j++) expect(b.bids[j]![0]).toBeLessThan(b.bids[j - 1]![0]!);
      expect(b.bids[0]![0]).toBeLessThan(b.asks[0]![0]!);
    }
    ex.clock.advance(1_000);
    const live = await kraken.watchOrderBook('BTC/USD', 10);
    const rest = await kraken.fetchOrderBook('BTC/USD', 10);
    expect(pa(live.asks.slice(0, 10))).toEqual(pa(rest.asks));
    expect(pa(live.bids.slice(0, 10))).toEqual(pa(rest.bids));
  });

  test('watchTicker and watchTrades follow the simulated market', async () => {
    const ticker = await kraken.watchTicker('ETH/USD');
    expect(ticker.symbol).toBe('ETH/USD');
    expect(ticker.bid!).toBeLessThan(ticker.ask!);
    const trades = await whileAdvancing(kraken.watchTrades('ETH/USD'));
    expect(trades.length).toBeGreaterThan(0);
    for (const t of trades) {
      expect(t.symbol).toBe('ETH/USD');
      expect(['buy', 'sell']).toContain(t.side);
      expect(t.price).toBeGreaterThan(0);
    }
    const rest = await kraken.fetchTrades('ETH/USD');
    const restIds = new Set(rest.map((t) => String(t.id)));
    for (const t of trades) expect(restIds.has(String(t.id))).toBe(true);
  });

  test('watchOHLCV: one-minute candles that agree with REST OHLC', async () => {
    const candles = await kraken.watchOHLCV('SOL/USD', '1m');
    expect(candles.length).toBeGreaterThan(1);
    const updated = await whileAdvancing(kraken.watchOHLCV('SOL/USD', '1m'));
    const last = updated[updated.length - 1]!;
    expect(last[0]! % 60_000).toBe(0);
    expect(last[2]!).toBeGreaterThanOrEqual(Math.max(last[1]!, last[4]!));
    const rest = await kraken.fetchOHLCV('SOL/USD', '1m');
    const same = rest.find((c) => c[0] === last[0]);
    expect(same?.slice(0, 5)).toEqual(last.slice(0, 5));
  });

  test('private: watchBalance, createOrderWs, watchOrders and cancelOrderWs on /v2-auth', async () => {
    const { key, secret } = ex.accounts[0]!;
    const pro = await proKraken(ex.url, { apiKey: key, secret });
    let nonce = 0;
    pro.nonce = () => ++nonce;
    try {
      const balance = await pro.watchBalance();
      expect((balance.total as unknown as Record<string, number>).BTC).toBe(2);
      const watching = pro.watchOrders('BTC/USD');
      const placed = await pro.createOrderWs('BTC/USD', 'limit', 'buy', 0.01, 50_000);
      expect(placed.id).toMatch(/^O[A-Z2-7]{5}-/);
      const orders = await watching;
      expect(orders.map((o) => o.id)).toContain(placed.id);
      const cancelling = pro.watchOrders('BTC/USD');
      await pro.cancelOrderWs(placed.id!); // ccxt refuses a symbol here
      const after = await cancelling;
      expect(after.find((o) => o.id === placed.id)?.status).toBe('canceled');
      expect(ex.exchange.trading.orders.get(placed.id!)?.status).toBe('canceled');
    } finally {
      await pro.close();
    }
  });
});
