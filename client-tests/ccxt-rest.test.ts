/**
 * The real ccxt (4.5.84, `ccxt.kraken`) against a real chaos-exchange on port 0 with the manual
 * clock: every REST method a bot uses, asserting on the values ccxt hands back. The tests share
 * one server and run in file order, so later tests see the orders and fills of earlier ones.
 */
import ccxt, { type Order } from 'ccxt';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startExchange, type RunningExchange } from '../server/src/app.js';
import type { ManualClock } from '../server/src/clock/clock.js';
import { assetByCode } from '../server/src/exchange/assets.js';
import { dec } from '../server/src/exchange/decimal.js';
import { DEFAULT_BALANCES } from '../server/src/scenario/resolve.js';
import { ccxtKraken } from './ccxt-kraken.js';

type Kraken = InstanceType<typeof ccxt.kraken>;

const SYMBOL = 'BTC/USD';
const ORDER_ID = /^O[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{6}$/;
/** Taker fee of fee tier 0 (0.40 %): limit orders hold cost plus the worst-case fee. */
const TAKER = 0.004;

let running: RunningExchange;
let clock: ManualClock;
let kraken: Kraken;
/** The market buy of 0.01 BTC placed early on; the history tests look for it. */
let marketBuyId: string;

beforeAll(async () => {
  running = await startExchange({ scenario: 'calm', seed: 42, port: 0, clock: 'manual' });
  clock = running.clock as ManualClock;
  kraken = ccxtKraken(running);
});

afterAll(async () => {
  await running?.close();
});

/** Simulated seconds elapsed, truncated to the second, in ms (what Kraken's Time reports). */
const nowSecondMs = (): number => Math.floor(clock.now() / 1000) * 1000;

/** Best bid and ask of BTC/USD right now (the clock is still, so they hold until it advances). */
async function touch(): Promise<{ bid: number; ask: number }> {
  const book = await kraken.fetchOrderBook(SYMBOL, 1);
  return { bid: book.bids[0]![0]!, ask: book.asks[0]![0]! };
}

/** A price well below the market, on a whole 1000 USD, so a buy there rests untouched. */
const farBelow = (bid: number): number => Math.floor((bid * 0.8) / 1000) * 1000;

/** The id of an order ccxt returned; Kraken order ids have the shape `OXXXXX-XXXXX-XXXXXX`. */
function idOf(o: Order): string {
  expect(o.id).toMatch(ORDER_ID);
  return o.id as string;
}

async function openIds(): Promise<string[]> {
  return (await kraken.fetchOpenOrders(SYMBOL)).map(idOf);
}

describe('public market data', () => {
  test('loadMarkets maps AssetPairs: BTC/USD is active with precision, limits and fees', async () => {
    const markets = await kraken.loadMarkets();
    expect(Object.keys(markets).sort()).toEqual(['BTC/USD', 'BTC/USDT', 'DOGE/USD', 'ETH/BTC', 'ETH/USD', 'SOL/USD']);
    const m = markets[SYMBOL]!;
    expect(m).toMatchObject({ id: 'XXBTZUSD', altname: 'XBTUSD', base: 'BTC', quote: 'USD', spot: true, active: true });
    expect(m.precision).toEqual({ amount: 1e-8, price: 0.1 });
    expect(m.limits.amount?.min).toBe(0.00005);
    expect(m.limits.cost?.min).toBe(0.5);
    expect(m.taker).toBe(TAKER);
    expect(m.maker).toBe(0.0025);
    expect(kraken.currencies.BTC?.id).toBe('XXBT');
    expect(kraken.currencies.DOGE?.id).toBe('XXDG');
  });

  test('fetchTime is the manual clock to the second, and follows it', async () => {
    expect(await kraken.fetchTime()).toBe(nowSecondMs());
    clock.advance(90_500);
    expect(await kraken.fetchTime()).toBe(nowSecondMs());
  });

  test('fetchStatus is ok in the calm scenario', async () => {
    expect((await kraken.fetchStatus()).status).toBe('ok');
  });

  test('fetchTicker: bid < ask, both equal to the book touch, last inside the book', async () => {
    const t = await kraken.fetchTicker(SYMBOL);
    const book = await kraken.fetchOrderBook(SYMBOL, 500);
    expect(t.symbol).toBe(SYMBOL);
    expect(t.bid!).toBeLessThan(t.ask!);
    expect(t.bid).toBe(book.bids[0]![0]);
    expect(t.ask).toBe(book.asks[0]![0]);
    expect(t.last!).toBeGreaterThanOrEqual(book.bids[book.bids.length - 1]![0]!);
    expect(t.last!).toBeLessThanOrEqual(book.asks[book.asks.length - 1]![0]!);
    expect(t.high!).toBeGreaterThanOrEqual(t.low!);
  });

  test('fetchTickers returns exactly the symbols asked for, or every market', async () => {
    const two = await kraken.fetchTickers([SYMBOL, 'ETH/USD']);
    expect(Object.keys(two).sort()).toEqual([SYMBOL, 'ETH/USD']);
    for (const t of Object.values(two)) expect(t.bid!).toBeLessThan(t.ask!);
    const all = await kraken.fetchTickers();
    expect(Object.keys(all).sort()).toEqual(kraken.symbols);
  });

  test('fetchOrderBook honours the limit; asks ascend, bids descend, no crossing', async () => {
    const book = await kraken.fetchOrderBook(SYMBOL, 10);
    expect(book.asks).toHaveLength(10);
    expect(book.bids).toHaveLength(10);
    for (let i = 1; i < 10; i++) {
      expect(book.asks[i]![0]!).toBeGreaterThan(book.asks[i - 1]![0]!);
      expect(book.bids[i]![0]!).toBeLessThan(book.bids[i - 1]![0]!);
    }
    for (const [, amount] of [...book.asks, ...book.bids]) expect(amount!).toBeGreaterThan(0);
    expect(book.bids[0]![0]!).toBeLessThan(book.asks[0]![0]!);
  });

  test('fetchTrades after two simulated minutes: trades with price, amount and side', async () => {
    const since = clock.now();
    clock.advance(120_000);
    const trades = await kraken.fetchTrades(SYMBOL, since);
    expect(trades.length).toBeGreaterThan(10);
    const { bid, ask } = await touch();
    for (const t of trades) {
      expect(t.symbol).toBe(SYMBOL);
      expect(['buy', 'sell']).toContain(t.side);
      expect(t.amount!).toBeGreaterThan(0);
      expect(t.price!).toBeGreaterThan(bid * 0.99);
      expect(t.price!).toBeLessThan(ask * 1.01);
      expect(t.cost!).toBeCloseTo(t.price! * t.amount!, 4);
      expect(t.timestamp!).toBeGreaterThan(since);
      expect(t.timestamp!).toBeLessThanOrEqual(clock.now());
    }
    const times = trades.map((t) => t.timestamp!);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  test('fetchTrades with a limit and no since: the most recent trades (Kraken: "the last 1000 trades by default")', async () => {
    const all = await kraken.fetchTrades(SYMBOL);
    expect(all.length).toBeGreaterThan(5);
    const latest = await kraken.fetchTrades(SYMBOL, undefined, 5);
    expect(latest.map((t) => t.id)).toEqual(all.slice(-5).map((t) => t.id));
  });

  test('fetchOHLCV 1m: consecutive minutes up to the current one, o/h/l/c consistent', async () => {
    const candles = await kraken.fetchOHLCV(SYMBOL, '1m');
    expect(candles.length).toBeGreaterThan(100);
    expect(candles[candles.length - 1]![0]).toBe(Math.floor(clock.now() / 60_000) * 60_000);
    for (let i = 0; i < candles.length; i++) {
      const [time, open, high, low, close, volume] = candles[i] as number[];
      if (i > 0) expect(time! - candles[i - 1]![0]!).toBe(60_000);
      expect(low!).toBeLessThanOrEqual(Math.min(open!, close!));
      expect(high!).toBeGreaterThanOrEqual(Math.max(open!, close!));
      expect(volume!).toBeGreaterThanOrEqual(0);
    }
    const since = clock.now() - 3 * 60_000;
    const recent = await kraken.fetchOHLCV(SYMBOL, '1m', since);
    expect(recent.length).toBeGreaterThanOrEqual(3);
    for (const c of recent) expect(c[0]!).toBeGreaterThanOrEqual(since);
  });
});


describe('fees', () => {
  test('fetchTradingFee reads TradeVolume: the account tier\'s maker and taker rates', async () => {
    const fee = await kraken.fetchTradingFee(SYMBOL);
    expect(fee).toMatchObject({ symbol: SYMBOL, taker: TAKER, maker: 0.0025 });
  });
});

describe('balances and orders', () => {
  test('fetchBalance matches the start balances; a resting limit buy shows as used USD', async () => {
    const start = await kraken.fetchBalance();
    for (const [code, amount] of Object.entries(DEFAULT_BALANCES)) {
      expect(start[code]).toMatchObject({ total: Number(amount), used: 0, free: Number(amount) });
    }
    const price = farBelow((await touch()).bid);
    const order = await kraken.createOrder(SYMBOL, 'limit', 'buy', 0.01, price);
    const orderId = idOf(order);
    const held = await kraken.fetchBalance();
    const hold = Math.round(0.01 * price * (1 + TAKER) * 1e4) / 1e4;
    expect(held.USD).toMatchObject({ total: 100000, used: hold, free: 100000 - hold });
    expect(held.BTC).toMatchObject({ total: 2, used: 0 });
    await kraken.cancelOrder(orderId, SYMBOL);
    expect((await kraken.fetchBalance()).USD).toMatchObject({ used: 0, free: 100000 });
  });

  test('createOrder limit → fetchOpenOrders → fetchOrder → cancelOrder', async () => {
    const price = farBelow((await touch()).bid);
    const created = await kraken.createOrder(SYMBOL, 'limit', 'buy', 0.002, price);
    const createdId = idOf(created);
    expect(created).toMatchObject({ symbol: SYMBOL, side: 'buy', type: 'limit', amount: 0.002, price });

    const open = (await kraken.fetchOpenOrders(SYMBOL)).find((o) => o.id === createdId);
    expect(open).toMatchObject({ status: 'open', side: 'buy', type: 'limit', amount: 0.002, filled: 0, remaining: 0.002, price });
    expect(open!.timestamp).toBe(clock.now());

    const fetched = await kraken.fetchOrder(createdId, SYMBOL);
    expect(fetched).toMatchObject({ id: createdId, status: 'open', amount: 0.002, price, postOnly: false });

    await kraken.cancelOrder(createdId, SYMBOL);
    expect(await kraken.fetchOrder(createdId, SYMBOL)).toMatchObject({ status: 'canceled', filled: 0 });
    await expect(kraken.cancelOrder(createdId, SYMBOL)).rejects.toBeInstanceOf(ccxt.OrderNotFound);
  });

  test('createOrder market buy fills at once: amount, average and cost, fee in USD', async () => {
    const { ask } = await touch();
    const created = await kraken.createOrder(SYMBOL, 'market', 'buy', 0.01);
    const createdId = idOf(created);
    marketBuyId = createdId;
    expect(created).toMatchObject({ side: 'buy', type: 'market', amount: 0.01 });
    const o = await kraken.fetchOrder(createdId, SYMBOL);
    expect(o).toMatchObject({ status: 'closed', filled: 0.01, remaining: 0 });
    expect(o.average!).toBeGreaterThanOrEqual(ask);
    expect(o.average!).toBeLessThan(ask * 1.02);
    expect(o.cost!).toBeCloseTo(o.average! * 0.01, 6);
    expect(o.fee?.currency).toBe('USD');
    expect(o.fee!.cost!).toBeCloseTo(Number(o.info.cost) * TAKER, 3);
    expect(o.trades.length).toBeGreaterThan(0);

    const balance = await kraken.fetchBalance();
    expect(balance.BTC!.total).toBeCloseTo(2.01, 10);
    expect(balance.USD!.total).toBeCloseTo(100000 - Number(o.info.cost) - Number(o.info.fee), 4);
  });

  test('createOrder with insufficient funds is ccxt InsufficientFunds', async () => {
    await expect(kraken.createOrder(SYMBOL, 'market', 'sell', 100)).rejects.toBeInstanceOf(ccxt.InsufficientFunds);
  });

  test('stop-loss via ccxt stopLossPrice: a stop-loss (market) and a stop-loss-limit order', async () => {
    const { bid } = await touch();
    const trigger = farBelow(bid);
    const stop = await kraken.createOrder(SYMBOL, 'market', 'sell', 0.001, undefined, { stopLossPrice: trigger });
    const stopId = idOf(stop);
    const fetched = await kraken.fetchOrder(stopId, SYMBOL);
    expect(fetched.info.descr.ordertype).toBe('stop-loss');
    expect(fetched).toMatchObject({ status: 'open', side: 'sell', type: 'market', amount: 0.001, stopLossPrice: trigger, triggerPrice: trigger });

    const stopLimit = await kraken.createOrder(SYMBOL, 'limit', 'sell', 0.001, trigger - 100, { stopLossPrice: trigger });
    const stopLimitId = idOf(stopLimit);
    const fetchedLimit = await kraken.fetchOrder(stopLimitId, SYMBOL);
    expect(fetchedLimit.info.descr.ordertype).toBe('stop-loss-limit');
    expect(fetchedLimit).toMatchObject({ status: 'open', type: 'limit', price: trigger - 100, stopLossPrice: trigger });
    // A sell stop holds the base asset it would sell.
    expect((await kraken.fetchBalance()).BTC!.used).toBeGreaterThanOrEqual(0.002);

    // ccxt's kraken maps stopLossPrice / takeProfitPrice only (its `triggerPrice` feature is false).
    const profit = await kraken.createOrder(SYMBOL, 'market', 'sell', 0.001, undefined, { takeProfitPrice: trigger * 2 });
    const fetchedProfit = await kraken.fetchOrder(idOf(profit), SYMBOL);
    expect(fetchedProfit.info.descr.ordertype).toBe('take-profit');
    expect(fetchedProfit).toMatchObject({ status: 'open', type: 'market', takeProfitPrice: trigger * 2 });
    await kraken.cancelAllOrders();
  });

  test('a stop-loss fires when the last trade price crosses its trigger and fills at market', async () => {
    const last = (await kraken.fetchTicker(SYMBOL)).last!;
    const up = idOf(await kraken.createOrder(SYMBOL, 'market', 'buy', 0.001, undefined, { stopLossPrice: last + 30 }));
    const down = idOf(await kraken.createOrder(SYMBOL, 'market', 'sell', 0.001, undefined, { stopLossPrice: last - 30 }));
    let open = await openIds();
    for (let i = 0; i < 120 && open.length === 2; i++) {
      clock.advance(5_000);
      open = await openIds();
    }
    expect(open).toHaveLength(1);
    const fired = await kraken.fetchOrder(open[0] === up ? down : up, SYMBOL);
    expect(fired).toMatchObject({ status: 'closed', type: 'market', filled: 0.001 });
    expect(fired.info.misc).toContain('touched');
    if (fired.side === 'buy') expect(fired.average!).toBeGreaterThanOrEqual(last + 30 - 50);
    else expect(fired.average!).toBeLessThanOrEqual(last - 30 + 50);
    await kraken.cancelAllOrders();
  });

  test('post-only: rests below the market, is cancelled instead of taking at the ask', async () => {
    const { bid, ask } = await touch();
    const resting = await kraken.createOrder(SYMBOL, 'limit', 'buy', 0.001, farBelow(bid), { postOnly: true });
    const restingId = idOf(resting);
    expect(await kraken.fetchOrder(restingId, SYMBOL)).toMatchObject({ status: 'open', postOnly: true });

    const crossing = await kraken.createOrder(SYMBOL, 'limit', 'buy', 0.001, ask, { postOnly: true });
    const crossingId = idOf(crossing);
    const refused = await kraken.fetchOrder(crossingId, SYMBOL);
    expect(refused).toMatchObject({ status: 'canceled', filled: 0, postOnly: true });
    await kraken.cancelOrder(restingId, SYMBOL);
  });

  test('clientOrderId is sent as cl_ord_id, reported back, and cancels by it', async () => {
    const price = farBelow((await touch()).bid);
    const created = await kraken.createOrder(SYMBOL, 'limit', 'buy', 0.001, price, { clientOrderId: 'ccxt-rest-1' });
    const createdId = idOf(created);
    const open = (await kraken.fetchOpenOrders(SYMBOL)).find((o) => o.id === createdId);
    expect(open?.clientOrderId).toBe('ccxt-rest-1');
    const byClientId = await kraken.fetchOpenOrders(SYMBOL, undefined, undefined, { clientOrderId: 'ccxt-rest-1' });
    expect(byClientId.map(idOf)).toEqual([createdId]);
    expect((await kraken.fetchOrder(createdId, SYMBOL)).clientOrderId).toBe('ccxt-rest-1');
    await kraken.cancelOrder('', SYMBOL, { clientOrderId: 'ccxt-rest-1' });
    expect((await kraken.fetchOrder(createdId, SYMBOL)).status).toBe('canceled');
  });

  test('editOrder amends in place (AmendOrder): same id, new amount and price, hold follows', async () => {
    const price = farBelow((await touch()).bid);
    const created = await kraken.createOrder(SYMBOL, 'limit', 'buy', 0.001, price);
    const createdId = idOf(created);
    const edited = await kraken.editOrder(createdId, SYMBOL, 'limit', 'buy', 0.002, price - 500);
    // ccxt reports the amend id (Kraken's only answer) as the order's id, not the order id.
    expect(edited.info.amend_id).toMatch(/^T[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{6}$/);
    expect(edited.id).toBe(edited.info.amend_id);
    const o = await kraken.fetchOrder(createdId, SYMBOL);
    expect(o).toMatchObject({ id: createdId, status: 'open', amount: 0.002, price: price - 500 });
    expect(o.info.misc).toContain('amended');
    expect(await openIds()).toEqual([createdId]);
    const hold = Math.round(0.002 * (price - 500) * (1 + TAKER) * 1e4) / 1e4;
    expect((await kraken.fetchBalance()).USD!.used).toBeCloseTo(hold, 4);
  });

  test('fetchOpenOrders lists every open order; cancelAllOrders empties it', async () => {
    const price = farBelow((await touch()).bid);
    const a = await kraken.createOrder(SYMBOL, 'limit', 'buy', 0.001, price);
    const aId = idOf(a);
    const b = await kraken.createOrder('ETH/USD', 'limit', 'buy', 0.01, 1000);
    const bId = idOf(b);
    const all = await kraken.fetchOpenOrders();
    expect(all.map(idOf)).toEqual(expect.arrayContaining([aId, bId]));
    expect(all.every((o) => o.status === 'open')).toBe(true);
    expect(all.find((o) => o.id === bId)?.symbol).toBe('ETH/USD');
    expect(await openIds()).not.toContain(bId);

    const res = await kraken.cancelAllOrders();
    expect(Number(res[0]!.info.result.count)).toBe(all.length);
    expect(await kraken.fetchOpenOrders()).toEqual([]);
    expect((await kraken.fetchBalance()).USD!.used).toBe(0);
  });

  test('createOrders and cancelOrders send JSON batches (AddOrderBatch, CancelOrderBatch)', async () => {
    const price = farBelow((await touch()).bid);
    const batch = await kraken.createOrders([
      { symbol: SYMBOL, type: 'limit', side: 'buy', amount: 0.001, price },
      { symbol: SYMBOL, type: 'limit', side: 'buy', amount: 0.002, price: price - 1000 },
    ]);
    const ids = batch.map(idOf);
    const open = await kraken.fetchOpenOrders(SYMBOL);
    expect(open.filter((o) => ids.includes(idOf(o))).map((o) => [o.amount, o.price]).sort())
      .toEqual([[0.001, price], [0.002, price - 1000]].sort());
    await kraken.cancelOrders(ids, SYMBOL);
    for (const id of ids) expect((await kraken.fetchOrder(id, SYMBOL)).status).toBe('canceled');
  });

  test("cancelAllOrdersAfter: the dead man's switch cancels unless re-armed in time", async () => {
    const price = farBelow((await touch()).bid);
    const ids = [
      idOf(await kraken.createOrder(SYMBOL, 'limit', 'buy', 0.001, price)),
      idOf(await kraken.createOrder(SYMBOL, 'limit', 'buy', 0.001, price - 1000)),
    ];
    const armed = await kraken.cancelAllOrdersAfter(60_000);
    const armedAt = clock.now();
    expect(Date.parse(armed.result.currentTime)).toBe(Math.floor(armedAt / 1000) * 1000);
    expect(Date.parse(armed.result.triggerTime) - Date.parse(armed.result.currentTime)).toBe(60_000);

    clock.advance(40_000);
    await kraken.cancelAllOrdersAfter(60_000); // re-armed: now due 100 s after the first call
    clock.advance(40_000);
    expect((await openIds()).sort()).toEqual([...ids].sort());

    clock.advance(21_000);
    expect(await openIds()).toEqual([]);
    for (const id of ids) {
      const o = await kraken.fetchOrder(id, SYMBOL);
      expect(o.status).toBe('canceled');
      expect(o.lastUpdateTimestamp).toBe(armedAt + 100_000);
    }
    const disarmed = await kraken.cancelAllOrdersAfter(0);
    expect(disarmed.result.triggerTime).toBe('0');
  });

  test('a resting limit buy that improves the bid fills once sellers trade through it', async () => {
    const { bid, ask } = await touch();
    const price = Math.round((bid + 0.1) * 10) / 10;
    expect(price).toBeLessThan(ask);
    await expectRestingBuyToFill(price);
  });

  test('a resting limit buy 50 USD below the bid fills once the market falls through it', async () => {
    const { bid } = await touch();
    await expectRestingBuyToFill(Math.round((bid - 50) * 10) / 10);
  });
});

/**
 * Places a 0.001 BTC limit buy at `price`, proves it rests, advances the clock 5 s at a time (at
 * most 30 simulated minutes) until it is closed, then checks the fill as a maker at its own price.
 */
async function expectRestingBuyToFill(price: number): Promise<void> {
  const id = idOf(await kraken.createOrder(SYMBOL, 'limit', 'buy', 0.001, price));
  let order = await kraken.fetchOrder(id, SYMBOL);
  expect(order.status).toBe('open');
  const start = clock.now();
  while (order.status === 'open' && clock.now() - start < 30 * 60_000) {
    clock.advance(5_000);
    order = await kraken.fetchOrder(id, SYMBOL);
  }
  expect(order).toMatchObject({ status: 'closed', filled: 0.001, average: price });
  const mine = (await kraken.fetchMyTrades(SYMBOL)).filter((t) => t.order === id);
  expect(mine.reduce((s, t) => s + t.amount!, 0)).toBeCloseTo(0.001, 10);
  for (const t of mine) expect(t).toMatchObject({ side: 'buy', price, takerOrMaker: 'maker', symbol: SYMBOL });
}

describe('history', () => {
  test('fetchClosedOrders holds every filled and cancelled order with its final state', async () => {
    const closed = await kraken.fetchClosedOrders(SYMBOL);
    expect(closed.length).toBeGreaterThanOrEqual(10);
    expect(new Set(closed.map((o) => o.status))).toEqual(new Set(['closed', 'canceled']));
    for (const o of closed) {
      expect(o.symbol).toBe(SYMBOL);
      expect(o.lastUpdateTimestamp!).toBeGreaterThanOrEqual(o.timestamp!);
      if (o.status === 'closed') expect(o.filled).toBe(o.amount);
    }
    expect(closed.find((o) => o.id === marketBuyId)).toMatchObject({ status: 'closed', type: 'market', side: 'buy', filled: 0.01 });
    const since = closed[closed.length - 1]!.timestamp!;
    const recent = await kraken.fetchClosedOrders(SYMBOL, since);
    expect(recent.map(idOf)).toContain(idOf(closed[closed.length - 1]!));
    expect(recent.every((o) => o.timestamp! >= since)).toBe(true);
  });

  test('fetchMyTrades: every fill with its order id, fee and taker/maker, time ordered', async () => {
    const trades = await kraken.fetchMyTrades(SYMBOL);
    expect(trades.length).toBeGreaterThanOrEqual(2);
    const ofMarket = trades.filter((t) => t.order === marketBuyId);
    expect(ofMarket.reduce((s, t) => s + t.amount!, 0)).toBeCloseTo(0.01, 10);
    for (const t of ofMarket) {
      expect(t).toMatchObject({ side: 'buy', type: 'market', takerOrMaker: 'taker' });
      expect(t.fee?.currency).toBe('USD');
      expect(t.fee!.cost!).toBeCloseTo(t.cost! * TAKER, 4);
    }
    for (const t of trades) expect(t.cost!).toBeCloseTo(t.price! * t.amount!, 4);
    const times = trades.map((t) => t.timestamp!);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const last = times[times.length - 1]!;
    expect((await kraken.fetchMyTrades(SYMBOL, last - 1000)).every((t) => t.timestamp! >= last - 1000)).toBe(true);
  });

  test('fetchLedger: one BTC entry per fill, signed like the fills; the running balance is fetchBalance', async () => {
    const fills = await kraken.fetchMyTrades(SYMBOL);
    const ledger = await kraken.fetchLedger('BTC');
    for (const e of ledger) expect(e.currency).toBe('BTC');
    const trades = ledger.filter((e) => e.type === 'trade');
    expect(trades.map((e) => e.referenceId).sort()).toEqual(fills.map((t) => t.id).sort());
    const net = (xs: { direction?: string; side?: string; amount?: number }[]): number =>
      xs.reduce((s, x) => s + (x.direction === 'out' || x.side === 'sell' ? -x.amount! : x.amount!), 0);
    expect(net(trades)).toBeCloseTo(net(fills), 10);
    expect(ledger[ledger.length - 1]!.after).toBeCloseTo((await kraken.fetchBalance()).BTC!.total!, 10);
    const usd = (await kraken.fetchLedger('USD')).filter((e) => e.referenceId === fills.find((t) => t.order === marketBuyId)!.id);
    expect(usd).toHaveLength(1);
    expect(usd[0]).toMatchObject({ direction: 'out', type: 'trade' });
    expect(usd[0]!.fee!.cost!).toBeGreaterThan(0);
  });
});

describe('funding', () => {
  test('fetchDeposits: an on-chain BTC deposit is pending, then ok after its confirmations', async () => {
    const before = (await kraken.fetchBalance()).BTC!.total!;
    const d = running.exchange.funding.deposit('default', assetByCode('BTC'), dec('0.5'), clock.now());
    const pending = (await kraken.fetchDeposits('BTC')).find((x) => x.id === d.refid);
    expect(pending).toMatchObject({ type: 'deposit', currency: 'BTC', amount: 0.5, status: 'pending', txid: d.txid });
    expect(pending!.address).toBe(d.address);

    const btc = assetByCode('BTC').funding;
    clock.advance(btc.confirmations * btc.blockMs);
    const done = (await kraken.fetchDeposits('BTC')).find((x) => x.id === d.refid);
    expect(done).toMatchObject({ status: 'ok', amount: 0.5 });
    expect((await kraken.fetchBalance()).BTC!.total).toBeCloseTo(before + 0.5, 10);
    const entry = (await kraken.fetchLedger('BTC')).find((e) => e.referenceId === d.refid);
    expect(entry).toMatchObject({ type: 'transaction', direction: 'in', amount: 0.5 });
  });

  test('withdraw with params.key: Initial → Pending with a txid → Success (ok); balance debited at once', async () => {
    const before = (await kraken.fetchBalance()).BTC!.total!;
    const fee = Number(assetByCode('BTC').funding.withdrawFee);
    const w = await kraken.withdraw('BTC', 0.1, '', undefined, { key: 'btc-wallet-1' });
    expect(w.id).toMatch(/^F/);
    expect((await kraken.fetchBalance()).BTC!.total).toBeCloseTo(before - 0.1, 10);

    const initial = (await kraken.fetchWithdrawals('BTC')).find((x) => x.id === w.id);
    expect(initial).toMatchObject({ type: 'withdrawal', currency: 'BTC', status: 'pending' });
    expect(initial!.info.status).toBe('Initial');
    expect(initial!.amount).toBeCloseTo(0.1 - fee, 10);
    expect(initial!.fee?.cost).toBe(fee);

    clock.advance(10_000);
    const broadcast = (await kraken.fetchWithdrawals('BTC')).find((x) => x.id === w.id);
    expect(broadcast?.status).toBe('pending');
    expect(broadcast?.txid).toMatch(/^[0-9a-f]{64}$/);
    expect(broadcast?.info.status).toBe('Pending');

    const btc = assetByCode('BTC').funding;
    clock.advance(btc.confirmations * btc.blockMs);
    expect((await kraken.fetchWithdrawals('BTC')).find((x) => x.id === w.id)?.status).toBe('ok');
  });

  test('withdraw to an unknown key is ccxt InvalidAddress; without a key ccxt refuses locally', async () => {
    await expect(kraken.withdraw('BTC', 0.1, '', undefined, { key: 'no-such-key' })).rejects.toBeInstanceOf(ccxt.InvalidAddress);
    await expect(kraken.withdraw('BTC', 0.1, '')).rejects.toThrow(/requires a 'key' parameter/);
  });
});
