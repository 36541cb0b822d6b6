/**
 * Real ccxt.pro (4.5.84) `binance` against `startExchange({ exchange: 'binance' })`: market streams
 * consistent with REST, an exact order book across many diff frames, a resync after dropped diff
 * frames (ccxt's own U/u check detects the gap), and a reconnect after a dropped connection.
 * Real server on port 0, manual clock moved in 100 ms steps while ccxt works.
 */
import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from 'vitest';
import { startExchange, type RunningExchange } from '../server/src/app.js';
import type { ManualClock } from '../server/src/clock/clock.js';
import type { ScenarioInput } from '../server/src/scenario/schema.js';

const SCENARIO: ScenarioInput = {
  name: 'binance-ccxt-ws', exchange: 'binance',
  timeline: [
    { name: 'up', duration: '2m' },
    { name: 'gaps', duration: '20s', faults: [{ name: 'gap', match: { channel: 'depth', pair: 'BTC/USDT' }, every: 10, effect: { kind: 'drop-message' } }] },
    { name: 'calm', duration: '1m' },
    { name: 'drop', duration: '5s', faults: [{ name: 'cut', effect: { kind: 'disconnect' } }] },
    { name: 'back' },
  ],
};

let ex: RunningExchange<ManualClock>;
let binance: InstanceType<typeof ccxt.pro.binance>;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs `work` while simulated time moves 100 ms per few real ms (so ccxt's REST calls and socket frames interleave with market steps). */
async function whileTicking<T>(work: Promise<T>, maxSteps = 600): Promise<T> {
  let done = false;
  const settled = work.finally(() => { done = true; });
  for (let i = 0; i < maxSteps && !done; i++) {
    ex.clock.advance(100);
    await sleep(3);
  }
  return settled;
}

/** Moves simulated time to `offset` ms after the scenario start. */
async function advanceTo(offset: number): Promise<void> {
  while (ex.clock.now() < ex.engine.startTime + offset) {
    ex.clock.advance(100);
    await sleep(1);
  }
}

/** ccxt's book equals REST depth (top 20 each side) at the same update id; the clock stands still meanwhile. */
async function expectBookEqualsRest(book: { nonce?: number | undefined; bids: unknown[][]; asks: unknown[][] }): Promise<void> {
  const rest = await binance.fetchOrderBook('BTC/USDT', 1000);
  expect(book.nonce).toBe(rest.nonce);
  expect(book.bids.slice(0, 20)).toEqual(rest.bids.slice(0, 20));
  expect(book.asks.slice(0, 20)).toEqual(rest.asks.slice(0, 20));
}

beforeAll(async () => {
  ex = await startExchange({ scenario: SCENARIO, clock: 'manual', seed: 18 });
  ex.clock.advance(1_000);
  const http = `${ex.url}/api/v3`;
  binance = new ccxt.pro.binance({ enableRateLimit: false, options: { fetchMarkets: { types: ['spot'] }, fetchMargins: false, fetchCurrencies: false } });
  const api = binance.urls.api as Record<string, any>;
  api.public = http;
  api.private = http;
  api.ws = { ...api.ws, spot: `${ex.url.replace('http', 'ws')}/ws` };
  await binance.loadHttpProxyAgent();
  await binance.loadMarkets();
});

afterAll(async () => {
  await binance?.close();
  await ex?.close();
});

describe('ccxt.pro binance against the served streams', () => {
  test('watchOrderBook keeps an exact book across many diff frames (ccxt\'s U/u checks never fail)', async () => {
    let book = await whileTicking(binance.watchOrderBook('BTC/USDT'));
    const first = book.nonce!;
    for (let i = 0; i < 30; i++) book = await whileTicking(binance.watchOrderBook('BTC/USDT'));
    expect(book.nonce! - first).toBeGreaterThan(20);
    await expectBookEqualsRest(book);
  });

  test('watchTicker, watchTrades and watchOHLCV carry what REST says at the same moment', async () => {
    const ticker = await whileTicking(binance.watchTicker('BTC/USDT'));
    const restTicker = await binance.fetchTicker('BTC/USDT');
    expect([ticker.last, ticker.high, ticker.low, ticker.baseVolume]).toEqual([restTicker.last, restTicker.high, restTicker.low, restTicker.baseVolume]);
    const trades = await whileTicking(binance.watchTrades('BTC/USDT'));
    const restTrades = await binance.fetchTrades('BTC/USDT', undefined, 1000);
    const byId = new Map(restTrades.map((t) => [t.id, [t.price, t.amount, t.side, t.timestamp]]));
    expect(trades.length).toBeGreaterThan(0);
    for (const t of trades) expect([t.price, t.amount, t.side, t.timestamp]).toEqual(byId.get(t.id));
    const candles = await whileTicking(binance.watchOHLCV('BTC/USDT', '1m'));
    const rest = await binance.fetchOHLCV('BTC/USDT', '1m');
    const last = candles.at(-1)!;
    const same = rest.find((c) => c[0] === last[0])!;
    expect(last.slice(0, 4)).toEqual(same.slice(0, 4));
  });

  test('dropped diff frames: ccxt.pro detects the gap (ChecksumError), watches again, and its book ends equal to the server\'s', async () => {
    // ccxt stores a ChecksumError met while no watch is pending and hands it to the next watch a
    // turn after creating it, which Node reports as unhandled first: only those are let through here.
    const others = process.listeners('unhandledRejection');
    process.removeAllListeners('unhandledRejection');
    const lateGaps: unknown[] = [];
    process.on('unhandledRejection', (e, p) => {
      if (e instanceof ccxt.ChecksumError) lateGaps.push(e);
      else for (const l of others) l(e, p);
    });
    onTestFinished(() => {
      process.removeAllListeners('unhandledRejection');
      for (const l of others) process.on('unhandledRejection', l);
    });
    await advanceTo(120_000);
    let gaps = 0;
    let book: Awaited<ReturnType<typeof binance.watchOrderBook>> | undefined;
    while (ex.clock.now() < ex.engine.startTime + 150_000) {
      book = await whileTicking(binance.watchOrderBook('BTC/USDT')).catch((e: unknown) => {
        if (!(e instanceof ccxt.ChecksumError)) throw e;
        gaps += 1;
        return undefined;
      });
    }
    expect(gaps + lateGaps.length).toBeGreaterThan(0);
    book = await whileTicking(binance.watchOrderBook('BTC/USDT'));
    await expectBookEqualsRest(book);
    expect(ex.journal.list({ transport: 'ws' }).filter((e) => e.route === 'ws:SUBSCRIBE').length).toBeGreaterThan(gaps);
  });

  test('a dropped connection (1006) rejects the watch with NetworkError; after the phase ccxt.pro reconnects', async () => {
    await advanceTo(199_000);
    const outcome = await whileTicking(binance.watchOrderBook('BTC/USDT').then(() => 'update', (e: unknown) => e), 60);
    const err = outcome === 'update' ? await whileTicking(binance.watchOrderBook('BTC/USDT').then(() => 'update', (e: unknown) => e), 60) : outcome;
    expect(err).toBeInstanceOf(ccxt.NetworkError);
    await advanceTo(206_000);
    const book = await whileTicking(binance.watchOrderBook('BTC/USDT'));
    await expectBookEqualsRest(book);
    const routes = ex.journal.list({ transport: 'ws' }).map((e) => e.route);
    expect(routes.filter((r) => r === 'ws:connect/ws').length).toBeGreaterThanOrEqual(2);
  });
});
