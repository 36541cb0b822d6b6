/**
 * The real ccxt (4.5.84, `ccxt.binance`) placing fill-or-kill orders and choosing a self-trade
 * prevention mode against a real chaos-exchange serving Binance on port 0 (manual clock): what
 * ccxt sends for `{ timeInForce: 'FOK' }` and `{ selfTradePreventionMode }`, and how it reads
 * EXPIRED and EXPIRED_IN_MATCH back. The tests share one server and run in file order.
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

beforeAll(async () => {
  running = await startExchange({ exchange: 'binance', scenario: 'calm', seed: 42, port: 0, clock: 'manual' });
  running.clock.advance(60_000);
  const { key, secret } = running.accounts[0]!;
  binance = new ccxt.binance({ apiKey: key, secret });
  const api = binance.urls.api as Record<string, unknown>;
  for (const [name, value] of Object.entries(api)) {
    if (typeof value === 'string') api[name] = value.replace(/^https:\/\/[^/]+/, running.url);
  }
  binance.milliseconds = () => running.clock.now();
  await binance.loadMarkets();
});

afterAll(async () => {
  await running?.close();
});

/** The best ask: its price and the whole quantity resting at it, as numbers ccxt takes. */
function bestAsk(): { price: number; qty: number } {
  const book = running.exchange.markets.get(SYMBOL)!.book;
  const price = book.best('sell')!.price;
  const qty = book.asks.filter((e) => e.price === price).reduce((s, e) => s + e.qty, 0n);
  return { price: Number(fmt(price, 1)), qty: Number(fmt(qty, 8)) };
}

describe('ccxt binance: fill-or-kill and self-trade prevention', () => {
  test('a FOK one lot beyond the best level comes back expired with nothing filled; for exactly the level it comes back closed', async () => {
    const { price, qty } = bestAsk();
    const lot = binance.market(SYMBOL).precision.amount as number;
    const killed = await binance.createOrder(SYMBOL, 'limit', 'buy', qty + lot, price, { timeInForce: 'FOK' });
    expect([killed.status, killed.filled, killed.timeInForce, killed.info.status]).toEqual(['expired', 0, 'FOK', 'EXPIRED']);
    const sent = running.journal.list({ transport: 'rest' }).filter((e) => e.route === 'POST /api/v3/order');
    expect(sent.length).toBe(1);
    const filled = await binance.createOrder(SYMBOL, 'limit', 'buy', qty, price, { timeInForce: 'FOK' });
    expect([filled.status, filled.timeInForce]).toEqual(['closed', 'FOK']);
    expect(filled.filled).toBeCloseTo(qty, 8);
  });

  test('selfTradePreventionMode EXPIRE_TAKER: a buy meeting its own resting sell comes back expired (EXPIRED_IN_MATCH), the sell stays open', async () => {
    const m = running.exchange.markets.get(SYMBOL)!;
    const price = Number(fmt(m.book.best('sell')!.price - m.tick, 1));
    const maker = await binance.createOrder(SYMBOL, 'limit', 'sell', 0.01, price, { postOnly: true });
    expect(maker.status).toBe('open');
    const taker = await binance.createOrder(SYMBOL, 'limit', 'buy', 0.02, price, { selfTradePreventionMode: 'EXPIRE_TAKER' });
    expect([taker.status, taker.filled, taker.info.status, taker.info.preventedQuantity, taker.info.selfTradePreventionMode])
      .toEqual(['expired', 0, 'EXPIRED_IN_MATCH', '0.02000000', 'EXPIRE_TAKER']);
    expect((await binance.fetchOrder(maker.id!, SYMBOL)).status).toBe('open');
    await expect(binance.createOrder(SYMBOL, 'limit', 'buy', 0.02, price, { selfTradePreventionMode: 'DECREMENT' })).rejects.toThrow(ccxt.BadRequest);
    const byDefault = await binance.createOrder(SYMBOL, 'limit', 'buy', 0.01, price);
    expect(byDefault.status).toBe('open');
    const expiredMaker = await binance.fetchOrder(maker.id!, SYMBOL);
    expect([expiredMaker.status, expiredMaker.info.status]).toEqual(['expired', 'EXPIRED_IN_MATCH']);
    await binance.cancelOrder(byDefault.id!, SYMBOL);
    expect(auditExchange(running.exchange)).toEqual([]);
  });
});
