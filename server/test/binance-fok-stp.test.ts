import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExchange } from '../src/app.js';
import { binanceHttpHandler } from '../src/api/binance/rest/http.js';
import { signPayload } from '../src/api/binance/rest/signing.js';
import { executionReport } from '../src/api/binance/user/execution-report.js';
import type { ManualClock } from '../src/clock/clock.js';
import { auditExchange } from '../src/control/audit.js';
import type { Account } from '../src/exchange/account.js';
import { fmt } from '../src/exchange/decimal.js';
import type { Exchange } from '../src/exchange/exchange.js';
import type { OrderEvent } from '../src/exchange/trading.js';

describe('Binance fill-or-kill and self-trade prevention', () => {
  let server: Server;
  let base: string;
  let exchange: Exchange;
  let clock: ManualClock;
  let account: Account;
  const events: OrderEvent[] = [];

  beforeAll(async () => {
    const made = await createExchange({ scenario: 'calm', clock: 'manual' });
    exchange = made.exchange;
    clock = made.clock as ManualClock;
    clock.advance(60_000);
    account = [...exchange.accounts.values()][0]!;
    exchange.trading.listeners.add((e) => events.push(e));
    server = createServer(binanceHttpHandler(exchange, clock));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const call = async (method: string, path: string, params: Record<string, string | number>) => {
    const text = new URLSearchParams({ ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])), timestamp: String(clock.now()) }).toString();
    const signed = `${text}&signature=${signPayload(text, account.spec.secret)}`;
    const headers: Record<string, string> = { 'X-MBX-APIKEY': account.spec.key };
    const r = method === 'POST'
      ? await fetch(`${base}${path}`, { method, headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: signed })
      : await fetch(`${base}${path}?${signed}`, { method, headers });
    return { status: r.status, body: (await r.json()) as any };
  };
  const book = () => exchange.markets.get('BTC/USD')!.book;
  /** The best ask's price and the whole quantity resting at it, as Binance decimal strings. */
  const bestAsk = () => {
    const price = book().best('sell')!.price;
    return { price, qty: book().asks.filter((e) => e.price === price).reduce((s, e) => s + e.qty, 0n) };
  };
  const order = (over: Record<string, string>) => call('POST', '/api/v3/order', { symbol: 'BTCUSD', side: 'BUY', type: 'LIMIT', timeInForce: 'FOK', ...over });

  it('exchangeInfo announces the modes offered and EXPIRE_MAKER as the default', async () => {
    const r = await fetch(`${base}/api/v3/exchangeInfo?symbol=BTCUSD`);
    const info = ((await r.json()) as any).symbols[0];
    expect([info.defaultSelfTradePreventionMode, info.allowedSelfTradePreventionModes]).toEqual(['EXPIRE_MAKER', ['NONE', 'EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH']]);
  });

  it('a FOK one step beyond the best level expires with nothing filled (EXPIRED, exact FULL body); for exactly the level it fills', async () => {
    const { price, qty } = bestAsk();
    const usd = account.balance('USD');
    const tooMuch = await order({ quantity: fmt(qty + 10n ** 13n, 8), price: fmt(price, 8), newClientOrderId: 'fok-kill' });
    expect(tooMuch.body).toEqual({
      symbol: 'BTCUSD', orderId: tooMuch.body.orderId, orderListId: -1, clientOrderId: 'fok-kill', price: fmt(price, 8), origQty: fmt(qty + 10n ** 13n, 8),
      executedQty: '0.00000000', cummulativeQuoteQty: '0.00000000', status: 'EXPIRED', timeInForce: 'FOK', type: 'LIMIT', side: 'BUY',
      transactTime: clock.now(), workingTime: clock.now(), origQuoteOrderQty: '0.00000000', selfTradePreventionMode: 'EXPIRE_MAKER', fills: [],
    });
    expect([account.balance('USD'), account.held('USD')]).toEqual([usd, 0n]);
    const exact = await order({ quantity: fmt(qty, 8), price: fmt(price, 8) });
    expect(exact.body).toMatchObject({ status: 'FILLED', timeInForce: 'FOK', executedQty: fmt(qty, 8) });
    expect(exact.body.fills.reduce((s: number, f: any) => s + Number(f.qty), 0)).toBeCloseTo(Number(fmt(qty, 8)), 8);
    const kill = events.find((e) => e.kind === 'expired' && e.order.clOrdId === 'fok-kill')!;
    expect(executionReport(exchange, kill, 1)).toMatchObject({ x: 'EXPIRED', X: 'EXPIRED', f: 'FOK', z: '0.00000000', c: 'fok-kill' });
  });

  it('EXPIRE_TAKER: the buy meeting its own resting sell is EXPIRED_IN_MATCH with preventedMatchId and preventedQuantity; the sell stays NEW', async () => {
    const price = book().best('sell')!.price - exchange.markets.get('BTC/USD')!.tick;
    const maker = await call('POST', '/api/v3/order', { symbol: 'BTCUSD', side: 'SELL', type: 'LIMIT_MAKER', quantity: '0.01', price: fmt(price, 8), newClientOrderId: 'stp-maker-1', newOrderRespType: 'RESULT' });
    expect(maker.body.status).toBe('NEW');
    const taker = await order({ timeInForce: 'GTC', quantity: '0.02', price: fmt(price, 8), selfTradePreventionMode: 'EXPIRE_TAKER', newClientOrderId: 'stp-taker-1' });
    expect(taker.body).toMatchObject({ status: 'EXPIRED_IN_MATCH', executedQty: '0.00000000', preventedMatchId: 1, preventedQuantity: '0.02000000', selfTradePreventionMode: 'EXPIRE_TAKER', fills: [] });
    const got = await call('GET', '/api/v3/order', { symbol: 'BTCUSD', origClientOrderId: 'stp-taker-1' });
    expect(got.body).toMatchObject({ status: 'EXPIRED_IN_MATCH', preventedMatchId: 1, preventedQuantity: '0.02000000' });
    expect((await call('GET', '/api/v3/order', { symbol: 'BTCUSD', origClientOrderId: 'stp-maker-1' })).body).toMatchObject({ status: 'NEW', selfTradePreventionMode: 'EXPIRE_MAKER' });
    expect((await call('GET', '/api/v3/order', { symbol: 'BTCUSD', origClientOrderId: 'stp-maker-1' })).body.preventedMatchId).toBeUndefined();
    const report = executionReport(exchange, events.find((e) => e.kind === 'canceled' && e.order.clOrdId === 'stp-taker-1')!, 2);
    expect(report).toMatchObject({ x: 'TRADE_PREVENTION', X: 'EXPIRED_IN_MATCH', v: 1, A: '0.02000000', B: '0.02000000', V: 'EXPIRE_TAKER' });
  });

  it('the default (EXPIRE_MAKER): the resting sell expires in match and the buy, finding nothing else at its price, rests', async () => {
    const price = BigInt(Math.round(Number((await call('GET', '/api/v3/order', { symbol: 'BTCUSD', origClientOrderId: 'stp-maker-1' })).body.price) * 1e8)) * 10n ** 10n;
    const taker = await order({ timeInForce: 'GTC', quantity: '0.02', price: fmt(price, 8), newClientOrderId: 'stp-taker-2' });
    expect(taker.body).toMatchObject({ status: 'NEW', executedQty: '0.00000000', selfTradePreventionMode: 'EXPIRE_MAKER' });
    expect(taker.body.preventedMatchId).toBeUndefined();
    expect((await call('GET', '/api/v3/order', { symbol: 'BTCUSD', origClientOrderId: 'stp-maker-1' })).body)
      .toMatchObject({ status: 'EXPIRED_IN_MATCH', preventedMatchId: 2, preventedQuantity: '0.01000000' });
    await call('DELETE', '/api/v3/openOrders', { symbol: 'BTCUSD' });
    expect(auditExchange(exchange)).toEqual([]);
  });

  it('a mode or time in force Binance does not offer is refused with its exact error', async () => {
    const q = { timeInForce: 'GTC', quantity: '0.01', price: fmt(book().best('buy')!.price, 8) };
    expect((await order({ ...q, selfTradePreventionMode: 'DECREMENT' })).body).toEqual({ code: -1130, msg: "Data sent for parameter 'selfTradePreventionMode' is not valid." });
    expect((await order({ ...q, selfTradePreventionMode: 'expire_maker' })).body).toEqual({ code: -1130, msg: "Data sent for parameter 'selfTradePreventionMode' is not valid." });
    expect((await order({ ...q, timeInForce: 'GTX' })).body).toEqual({ code: -1115, msg: 'Invalid timeInForce.' });
    expect((await call('GET', '/api/v3/openOrders', { symbol: 'BTCUSD' })).body).toEqual([]);
  });
});
