/**
 * The real ccxt (4.5.84, `ccxt.binance`) with its **default options** against a real chaos-exchange
 * serving Binance on port 0 with the manual clock: every URL of `urls.api` points at the server, so
 * `loadMarkets` makes the calls it makes against Binance (spot, futures and margin listings, coin
 * configuration). The tests share one server and run in file order.
 */
import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startExchange, type RunningExchange } from '../server/src/app.js';
import type { ManualClock } from '../server/src/clock/clock.js';
import { auditExchange } from '../server/src/control/audit.js';
import { fmt } from '../server/src/exchange/decimal.js';

type Binance = InstanceType<typeof ccxt.binance>;

const SYMBOL = 'BTC/USDT';
let running: RunningExchange<ManualClock>;
let binance: Binance;

/** ccxt's binance with default options, every REST base URL moved to the server (paths kept). */
function pointedAt(url: string, key: string, secret: string, clock: ManualClock): Binance {
  const client = new ccxt.binance({ apiKey: key, secret });
  const api = client.urls.api as Record<string, unknown>;
  for (const [name, value] of Object.entries(api)) {
    if (typeof value === 'string') api[name] = value.replace(/^https:\/\/[^/]+/, url);
  }
  // ccxt signs with its own clock; the server's is the manual one.
  client.milliseconds = () => clock.now();
  return client;
}

/** A price `fraction` of the best bid away, on the market's tick (0.1). */
const bidTimes = (fraction: bigint): number => {
  const bid = running.exchange.markets.get(SYMBOL)!.book.best('buy')!.price;
  return Number(fmt(((bid * fraction) / 100n / 10n ** 17n) * 10n ** 17n, 1));
};

beforeAll(async () => {
  running = await startExchange({ exchange: 'binance', scenario: 'calm', seed: 42, port: 0, clock: 'manual' });
  running.clock.advance(60_000);
  const { key, secret } = running.accounts[0]!;
  binance = pointedAt(running.url, key, secret, running.clock);
});

afterAll(async () => {
  await running?.close();
});

describe('ccxt binance with default options', () => {
  test('loadMarkets: spot markets from exchangeInfo, none from futures or margin, and every route it called answered', async () => {
    const markets = await binance.loadMarkets();
    const spot = Object.values(markets);
    expect(spot.length).toBe(running.exchange.markets.size);
    expect(spot.every((m) => m?.spot === true && m.active === true)).toBe(true);
    expect(markets[SYMBOL]).toMatchObject({ id: 'BTCUSDT', base: 'BTC', quote: 'USDT', precision: { price: 0.1 } });
    const routes = running.journal.list({ transport: 'rest' }).map((e) => `${e.route} ${e.status}`);
    expect(new Set(routes)).toEqual(new Set([
      'GET /sapi/v1/capital/config/getall 200', 'GET /sapi/v1/margin/allPairs 200', 'GET /sapi/v1/margin/isolated/allPairs 200',
      'GET /api/v3/exchangeInfo 200', 'GET /fapi/v1/exchangeInfo 200', 'GET /dapi/v1/exchangeInfo 200',
    ]));
  });

  test('fetchCurrencies: every asset, with its network, deposits and withdrawals enabled and the withdrawal fee', async () => {
    const currencies = await binance.fetchCurrencies();
    expect(Object.keys(currencies).sort()).toEqual(['BTC', 'DOGE', 'ETH', 'EUR', 'LTC', 'SOL', 'USD', 'USDC', 'USDT']);
    expect(currencies.BTC).toMatchObject({ id: 'BTC', name: 'Bitcoin', type: 'crypto', active: true, fee: 0.00015 });
    expect(currencies.BTC!.networks.BTC).toMatchObject({ deposit: true, withdraw: true, fee: 0.00015, limits: { withdraw: { min: 0.0005 } } });
    expect(currencies.EUR!.type).toBe('fiat');
  });

  test('fetchStatus: ok', async () => {
    expect(await binance.fetchStatus()).toMatchObject({ status: 'ok', info: { status: 0, msg: 'normal' } });
  });

  test('fetchTrades (aggTrades): the tape, one aggregate per trade, ids as the tape numbers them', async () => {
    const tape = running.exchange.markets.get(SYMBOL)!.tape;
    const trades = await binance.fetchTrades(SYMBOL, undefined, 5);
    expect(trades.map((t) => t.id)).toEqual(tape.slice(-5).map((t) => String(t.id)));
    const last = tape[tape.length - 1]!;
    expect(trades[4]).toMatchObject({ price: Number(fmt(last.price, 8)), amount: Number(fmt(last.qty, 8)), side: last.side, timestamp: Math.floor(last.time) });
  });

  test('fetchOHLCV, fetchTicker(s), fetchOrderBook', async () => {
    const candles = await binance.fetchOHLCV(SYMBOL, '1m', undefined, 3);
    expect(candles).toHaveLength(3);
    expect(candles[1]![0]! - candles[0]![0]!).toBe(60_000);
    const m = running.exchange.markets.get(SYMBOL)!;
    const ticker = await binance.fetchTicker(SYMBOL);
    expect(ticker).toMatchObject({ symbol: SYMBOL, last: Number(fmt(m.last, 8)), bid: Number(fmt(m.book.best('buy')!.price, 8)) });
    const other = [...running.exchange.markets.keys()].find((s) => s !== SYMBOL)!;
    const tickers = await binance.fetchTickers([SYMBOL, other]);
    expect(Object.keys(tickers).sort()).toEqual([SYMBOL, other].sort());
    const book = await binance.fetchOrderBook(SYMBOL, 5);
    expect(book.bids[0]![0]).toBe(Number(fmt(m.book.best('buy')!.price, 8)));
    expect(book.asks).toHaveLength(5);
  });

  test('fetchTradingFees: the account\'s maker and taker rates per symbol', async () => {
    const fees = await binance.fetchTradingFees();
    expect(fees[SYMBOL]).toMatchObject({ symbol: SYMBOL, maker: 0.0025, taker: 0.004 });
  });

  test('createOrder LIMIT rests; fetchOrder and fetchOpenOrders see it; cancelOrder cancels it', async () => {
    const price = bidTimes(90n);
    const order = await binance.createOrder(SYMBOL, 'limit', 'buy', 0.01, price);
    expect(order).toMatchObject({ status: 'open', type: 'limit', side: 'buy', price, amount: 0.01, filled: 0, timeInForce: 'GTC' });
    expect((await binance.fetchOrder(String(order.id), SYMBOL)).clientOrderId).toBe(order.clientOrderId);
    expect(order.clientOrderId).toMatch(/^x-/);
    expect((await binance.fetchOpenOrders(SYMBOL)).map((o) => o.id)).toEqual([order.id]);
    expect((await binance.cancelOrder(String(order.id), SYMBOL)).status).toBe('canceled');
    expect(await binance.fetchOpenOrders(SYMBOL)).toEqual([]);
  });

  test('createOrder MARKET fills with trades and a fee; IOC far from the book expires unfilled', async () => {
    const market = await binance.createOrder(SYMBOL, 'market', 'buy', 0.01);
    expect(market).toMatchObject({ status: 'closed', filled: 0.01, remaining: 0 });
    expect(market.trades.length).toBeGreaterThan(0);
    const ioc = await binance.createOrder(SYMBOL, 'limit', 'buy', 0.01, bidTimes(90n), { timeInForce: 'IOC' });
    expect(ioc).toMatchObject({ status: 'expired', filled: 0, timeInForce: 'IOC' });
  });

  test('fetchClosedOrders and fetchMyTrades: the market buy and its fills', async () => {
    const closed = await binance.fetchClosedOrders(SYMBOL);
    // ccxt keeps only status 'closed' (filled): the cancelled limit and the expired IOC are left out.
    expect(closed.map((o) => [o.status, o.type, o.filled])).toEqual([['closed', 'market', 0.01]]);
    const mine = await binance.fetchMyTrades(SYMBOL);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((t) => t.order === closed[0]!.id && t.side === 'buy')).toBe(true);
    expect(mine.reduce((sum, t) => sum + t.amount!, 0)).toBeCloseTo(0.01, 10);
  });

  test('editOrder (cancelReplace): the order is cancelled and its replacement rests at the new price', async () => {
    const first = await binance.createOrder(SYMBOL, 'limit', 'buy', 0.01, bidTimes(90n));
    const price = bidTimes(85n);
    const edited = await binance.editOrder(String(first.id), SYMBOL, 'limit', 'buy', 0.02, price);
    expect(edited).toMatchObject({ status: 'open', price, amount: 0.02, side: 'buy' });
    expect(edited.id).not.toBe(first.id);
    expect((await binance.fetchOrder(String(first.id), SYMBOL)).status).toBe('canceled');
    expect((await binance.fetchOpenOrders(SYMBOL)).map((o) => o.id)).toEqual([edited.id]);
    await expect(binance.editOrder(String(first.id), SYMBOL, 'limit', 'buy', 0.02, price)).rejects.toThrow(/-2022|cancel-replace failed/);
    expect((await binance.fetchOpenOrders(SYMBOL)).map((o) => o.id)).toEqual([edited.id]);
    await binance.cancelOrder(String(edited.id), SYMBOL);
  });

  test('the money audit is clean', () => {
    expect(auditExchange(running.exchange)).toEqual([]);
  });
});
