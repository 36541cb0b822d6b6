/**
 * The WebSocket API's methods that mirror REST (reference §8: `depth`, `klines`, `ticker.*`,
 * `trades.*`, `exchangeInfo`, `allOrders`, `myTrades`, `openOrders.cancelAll`,
 * `account.commission`…) answer what the REST route answers at the same moment: a real server on
 * port 0, the manual clock, raw `ws` and `fetch`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startExchange, type RunningExchange } from '../src/app.js';
import { signPayload } from '../src/api/binance/rest/signing.js';
import type { ManualClock } from '../src/clock/clock.js';
import { auditExchange } from '../src/control/audit.js';
import { fmt } from '../src/exchange/decimal.js';

let ex: RunningExchange<ManualClock>;
let ws: WebSocket;
const frames: any[] = [];
let nextId = 0;

beforeAll(async () => {
  ex = await startExchange({ scenario: 'calm', exchange: 'binance', clock: 'manual' });
  ex.clock.advance(60_000);
  ws = new WebSocket(`${ex.url.replace('http', 'ws')}/ws-api/v3`);
  ws.on('message', (d) => frames.push(JSON.parse(String(d))));
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
});
afterAll(async () => {
  ws.terminate();
  await ex.close();
});

/** Sends a WS API request (signed when `signed`: params sorted by name, as §8 says) and waits for its answer. */
async function call(method: string, params: Record<string, string> = {}, signed = false): Promise<any> {
  const id = ++nextId;
  const { key, secret } = ex.accounts[0]!;
  let p = params;
  if (signed) {
    p = { ...params, apiKey: key, timestamp: String(ex.clock.now()) };
    p = { ...p, signature: signPayload(Object.keys(p).sort().map((k) => `${k}=${p[k]}`).join('&'), secret) };
  }
  ws.send(JSON.stringify({ id, method, params: p }));
  for (;;) {
    const found = frames.find((f) => f.id === id);
    if (found) return found;
    await new Promise<void>((r) => setTimeout(r, 2));
  }
}

/** The same request on REST (signed in the query when `signed`). */
async function rest(method: string, path: string, params: Record<string, string> = {}, signed = false): Promise<unknown> {
  const { key, secret } = ex.accounts[0]!;
  let text = new URLSearchParams(params).toString();
  if (signed) {
    text = `${text}${text ? '&' : ''}timestamp=${ex.clock.now()}`;
    text = `${text}&signature=${signPayload(text, secret)}`;
  }
  const r = await fetch(`${ex.url}${path}?${text}`, { method, headers: signed ? { 'x-mbx-apikey': key } : {} });
  return r.json();
}

describe('WebSocket API methods that mirror REST', () => {
  it('market data: depth, klines, ticker.24hr/price/book, avgPrice, trades.recent/aggregate and exchangeInfo equal REST at the same moment', async () => {
    const pairs: [string, Record<string, string>, string][] = [
      ['depth', { symbol: 'BTCUSD', limit: '20' }, '/api/v3/depth'],
      ['klines', { symbol: 'BTCUSD', interval: '1m', limit: '5' }, '/api/v3/klines'],
      ['ticker.24hr', { symbol: 'BTCUSD' }, '/api/v3/ticker/24hr'],
      ['ticker.price', { symbol: 'BTCUSD' }, '/api/v3/ticker/price'],
      ['ticker.book', { symbol: 'BTCUSD' }, '/api/v3/ticker/bookTicker'],
      ['avgPrice', { symbol: 'BTCUSD' }, '/api/v3/avgPrice'],
      ['trades.recent', { symbol: 'BTCUSD', limit: '5' }, '/api/v3/trades'],
      ['trades.aggregate', { symbol: 'BTCUSD', limit: '5' }, '/api/v3/aggTrades'],
      ['exchangeInfo', { symbol: 'BTCUSD' }, '/api/v3/exchangeInfo'],
    ];
    for (const [method, params, path] of pairs) {
      const answer = await call(method, params);
      expect(answer.status, `${method}: ${JSON.stringify(answer.error)}`).toBe(200);
      expect(answer.result, method).toEqual(await rest('GET', path, params));
    }
    expect(await call('depth', { symbol: 'NOPE' })).toMatchObject({ status: 400, error: { code: -1121, msg: 'Invalid symbol.' } });
  });

  it('account: an order placed over the socket shows in allOrders and myTrades as on REST; openOrders.cancelAll cancels it; account.commission equals REST', async () => {
    const bid = fmt(ex.exchange.markets.get('BTC/USD')!.book.best('buy')!.price * 9n / 10n / 10n ** 17n * 10n ** 17n, 1);
    const placed = await call('order.place', { symbol: 'BTCUSD', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price: bid }, true);
    expect(placed).toMatchObject({ status: 200, result: { status: 'NEW' } });
    await call('order.place', { symbol: 'BTCUSD', side: 'BUY', type: 'MARKET', quantity: '0.001' }, true);
    const all = await call('allOrders', { symbol: 'BTCUSD' }, true);
    expect(all.result).toEqual(await rest('GET', '/api/v3/allOrders', { symbol: 'BTCUSD' }, true));
    expect(all.result.map((o: { orderId: number }) => o.orderId)).toContain(placed.result.orderId);
    const mine = await call('myTrades', { symbol: 'BTCUSD' }, true);
    expect(mine.result.length).toBeGreaterThan(0);
    expect(mine.result).toEqual(await rest('GET', '/api/v3/myTrades', { symbol: 'BTCUSD' }, true));
    const commission = await call('account.commission', { symbol: 'BTCUSD' }, true);
    expect(commission.result).toEqual(await rest('GET', '/api/v3/account/commission', { symbol: 'BTCUSD' }, true));
    const cancelled = await call('openOrders.cancelAll', { symbol: 'BTCUSD' }, true);
    expect(cancelled).toMatchObject({ status: 200, result: [{ orderId: placed.result.orderId, status: 'CANCELED' }] });
    expect(await rest('GET', '/api/v3/openOrders', { symbol: 'BTCUSD' }, true)).toEqual([]);
    expect(ex.journal.list({ transport: 'ws' }).filter((e) => e.route === 'ws:openOrders.cancelAll').map((e) => e.op)).toEqual(['cancel-all']);
    expect(auditExchange(ex.exchange)).toEqual([]);
  });
});
