import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExchange } from '../src/app.js';
import { binanceHttpHandler } from '../src/api/binance/rest/http.js';
import { signPayload } from '../src/api/binance/rest/signing.js';
import type { ManualClock } from '../src/clock/clock.js';
import { auditExchange } from '../src/control/audit.js';
import type { Account } from '../src/exchange/account.js';
import { fmt } from '../src/exchange/decimal.js';
import type { Exchange } from '../src/exchange/exchange.js';

describe('Binance order endpoints', () => {
  let server: Server;
  let base: string;
  let exchange: Exchange;
  let clock: ManualClock;
  let account: Account;

  beforeAll(async () => {
    const made = await createExchange({ scenario: 'calm', clock: 'manual' });
    exchange = made.exchange;
    clock = made.clock as ManualClock;
    clock.advance(60_000);
    account = [...exchange.accounts.values()][0]!;
    server = createServer(binanceHttpHandler(exchange, clock));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** A signed call: GET/DELETE carry everything in the query, POST in a form body (as ccxt sends them). */
  const call = async (method: string, path: string, params: Record<string, string | number>) => {
    const text = new URLSearchParams({ ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])), timestamp: String(clock.now()) }).toString();
    const signed = `${text}&signature=${signPayload(text, account.spec.secret)}`;
    const headers: Record<string, string> = { 'X-MBX-APIKEY': account.spec.key };
    const r = method === 'POST'
      ? await fetch(`${base}${path}`, { method, headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: signed })
      : await fetch(`${base}${path}?${signed}`, { method, headers });
    return { status: r.status, body: (await r.json()) as any };
  };
  /** A price well under the market, on the tick: rests without filling. */
  const farBid = (): string => fmt(exchange.markets.get('BTC/USD')!.book.best('buy')!.price * 9n / 10n / 10n ** 17n * 10n ** 17n, 1);

  it('a LIMIT under the market rests: FULL reply with no fills, GET shows NEW, the clientOrderId finds it', async () => {
    const price = farBid();
    const r = await call('POST', '/api/v3/order', { symbol: 'BTCUSD', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01', price, newClientOrderId: 'my-first_1' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ symbol: 'BTCUSD', orderId: 1, orderListId: -1, clientOrderId: 'my-first_1', status: 'NEW', type: 'LIMIT', side: 'BUY', fills: [] });
    expect(r.body.price).toBe(`${price}0000000`);
    expect(r.body.origQty).toBe('0.01000000');
    const got = await call('GET', '/api/v3/order', { symbol: 'BTCUSD', orderId: 1 });
    expect(got.body).toMatchObject({ orderId: 1, status: 'NEW', isWorking: true, executedQty: '0.00000000', cummulativeQuoteQty: '0.00000000' });
    const byClient = await call('GET', '/api/v3/order', { symbol: 'BTCUSD', origClientOrderId: 'my-first_1' });
    expect(byClient.body.orderId).toBe(1);
    const dup = await call('POST', '/api/v3/order', { symbol: 'BTCUSD', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01', price, newClientOrderId: 'my-first_1' });
    expect(dup.body).toEqual({ code: -2010, msg: 'Duplicate order sent.' });
  });

  it('openOrders lists it; DELETE order cancels it (CANCELED); a second cancel is -2011 and a lookup of nothing -2013', async () => {
    const open = await call('GET', '/api/v3/openOrders', { symbol: 'BTCUSD' });
    expect(open.body.map((o: any) => o.orderId)).toEqual([1]);
    const del = await call('DELETE', '/api/v3/order', { symbol: 'BTCUSD', orderId: 1 });
    expect(del.body).toMatchObject({ orderId: 1, origClientOrderId: 'my-first_1', status: 'CANCELED' });
    expect(del.body.clientOrderId).toMatch(/^[\w-]{22}$/);
    expect((await call('GET', '/api/v3/order', { symbol: 'BTCUSD', orderId: 1 })).body.status).toBe('CANCELED');
    expect((await call('DELETE', '/api/v3/order', { symbol: 'BTCUSD', orderId: 1 })).body).toEqual({ code: -2011, msg: 'Unknown order sent.' });
    expect((await call('GET', '/api/v3/order', { symbol: 'BTCUSD', orderId: 999 })).body).toEqual({ code: -2013, msg: 'Order does not exist.' });
    expect((await call('GET', '/api/v3/order', { symbol: 'BTCUSD' })).body.code).toBe(-1102);
  });

  it('DELETE openOrders cancels every open order of the symbol, and -2011 when none is open', async () => {
    for (const q of ['0.01', '0.02']) await call('POST', '/api/v3/order', { symbol: 'BTCUSD', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: q, price: farBid() });
    const del = await call('DELETE', '/api/v3/openOrders', { symbol: 'BTCUSD' });
    expect(del.body.map((o: any) => [o.orderId, o.status])).toEqual([[2, 'CANCELED'], [3, 'CANCELED']]);
    expect((await call('GET', '/api/v3/openOrders', {})).body).toEqual([]);
    expect((await call('DELETE', '/api/v3/openOrders', { symbol: 'BTCUSD' })).body).toEqual({ code: -2011, msg: 'Unknown order sent.' });
  });

  it('a MARKET buy by quoteOrderQty fills: FULL with fills, spending no more than the amount; allOrders and myTrades show it', async () => {
    const r = await call('POST', '/api/v3/order', { symbol: 'BTCUSD', side: 'BUY', type: 'MARKET', quoteOrderQty: '1000' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ orderId: 4, status: 'FILLED', type: 'MARKET', origQuoteOrderQty: '1000.00000000' });
    expect(r.body.fills.length).toBeGreaterThan(0);
    expect(Number(r.body.cummulativeQuoteQty)).toBeLessThanOrEqual(1000);
    expect(Number(r.body.cummulativeQuoteQty)).toBeGreaterThan(990);
    const qty = r.body.fills.reduce((s: bigint, f: any) => s + BigInt(f.qty.replace('.', '')), 0n);
    expect(qty).toBe(BigInt(r.body.executedQty.replace('.', '')));
    const all = await call('GET', '/api/v3/allOrders', { symbol: 'BTCUSD' });
    expect(all.body.map((o: any) => [o.orderId, o.status])).toEqual([[1, 'CANCELED'], [2, 'CANCELED'], [3, 'CANCELED'], [4, 'FILLED']]);
    const trades = await call('GET', '/api/v3/myTrades', { symbol: 'BTCUSD' });
    expect(trades.body.map((t: any) => t.id)).toEqual(r.body.fills.map((f: any) => f.tradeId));
    expect(trades.body[0]).toMatchObject({ orderId: 4, isBuyer: true, isMaker: false, price: r.body.fills[0].price });
    expect((await call('GET', '/api/v3/myTrades', { symbol: 'BTCUSD', orderId: 1 })).body).toEqual([]);
  });

  it('filter failures, insufficient balance and post-only crossing answer Binance\'s exact texts', async () => {
    const limit = (over: Record<string, string>) => call('POST', '/api/v3/order', { symbol: 'BTCUSD', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01', price: farBid(), ...over });
    expect((await limit({ price: '50000.05' })).body).toEqual({ code: -1013, msg: 'Filter failure: PRICE_FILTER' });
    expect((await limit({ quantity: '0.00001' })).body).toEqual({ code: -1013, msg: 'Filter failure: LOT_SIZE' });
    expect((await limit({ quantity: '0.000000001' })).body).toEqual({ code: -1013, msg: 'Filter failure: LOT_SIZE' });
    expect((await limit({ quantity: '0.00005', price: '1000.0' })).body).toEqual({ code: -1013, msg: 'Filter failure: NOTIONAL' });
    expect((await limit({ quantity: '50' })).body).toEqual({ code: -2010, msg: 'Account has insufficient balance for requested action.' });
    expect((await limit({ type: 'LIMIT_MAKER', price: fmt(exchange.markets.get('BTC/USD')!.book.best('sell')!.price, 1), timeInForce: '' })).body)
      .toEqual({ code: -2010, msg: 'Order would immediately match and take.' });
    expect((await call('POST', '/api/v3/order', { symbol: 'BTCUSD', side: 'BUY', type: 'MARKET', quantity: '0.01', timeInForce: 'GTC' })).body)
      .toEqual({ code: -1106, msg: "Parameter 'timeInForce' sent when not required." });
    expect((await limit({ side: 'HOLD' })).body).toEqual({ code: -1117, msg: 'Invalid side.' });
    expect((await call('GET', '/api/v3/openOrders', { symbol: 'BTCUSD' })).body).toEqual([]);
  });

  it('order/test validates without placing; a STOP_LOSS_LIMIT answers ACK by default; the money audit stays clean', async () => {
    expect((await call('POST', '/api/v3/order/test', { symbol: 'BTCUSD', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01', price: farBid() })).body).toEqual({});
    expect((await call('POST', '/api/v3/order/test', { symbol: 'BTCUSD', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '50', price: farBid() })).body.code).toBe(-2010);
    expect((await call('GET', '/api/v3/openOrders', {})).body).toEqual([]);
    const stop = fmt(exchange.markets.get('BTC/USD')!.last * 8n / 10n / 10n ** 17n * 10n ** 17n, 1);
    const r = await call('POST', '/api/v3/order', { symbol: 'BTCUSD', side: 'SELL', type: 'STOP_LOSS_LIMIT', timeInForce: 'GTC', quantity: '0.01', price: stop, stopPrice: stop });
    expect(Object.keys(r.body).sort()).toEqual(['clientOrderId', 'orderId', 'orderListId', 'symbol', 'transactTime']);
    const got = await call('GET', '/api/v3/order', { symbol: 'BTCUSD', orderId: r.body.orderId });
    expect(got.body).toMatchObject({ type: 'STOP_LOSS_LIMIT', status: 'NEW', isWorking: false, workingTime: -1, stopPrice: `${stop}0000000` });
    const wrong = await call('POST', '/api/v3/order', { symbol: 'BTCUSD', side: 'BUY', type: 'STOP_LOSS', quantity: '0.01', stopPrice: stop });
    expect(wrong.body).toEqual({ code: -2010, msg: 'Order would trigger immediately.' });
    clock.advance(30_000);
    expect(auditExchange(exchange)).toEqual([]);
  });
});
