/**
 * Binance's WebSocket API shares each IP's request weight with REST (reference §3.1, §8): one
 * BinanceLimits per run, every answer's `rateLimits` reporting the shared count, over-limit and
 * banned requests answered in the WS API's error shape. A real server on port 0, the manual clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startExchange, type RunningExchange } from '../src/app.js';
import { signPayload } from '../src/api/binance/rest/signing.js';
import type { ManualClock } from '../src/clock/clock.js';
import { fmt } from '../src/exchange/decimal.js';

let ex: RunningExchange<ManualClock> | undefined;
afterEach(async () => {
  await ex?.close();
  ex = undefined;
});

/** A socket on the WebSocket API with its answers by id. */
async function dial(): Promise<(id: number) => Promise<any>> {
  const ws = new WebSocket(`${ex!.url.replace('http', 'ws')}/ws-api/v3`);
  const frames: any[] = [];
  ws.on('message', (d) => frames.push(JSON.parse(String(d))));
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  return async (id) => {
    ws.send(JSON.stringify({ id, method: 'ping' }));
    for (;;) {
      const found = frames.find((f) => f.id === id);
      if (found) return found;
      await new Promise<void>((r) => setTimeout(r, 2));
    }
  };
}

const restPing = async (): Promise<Response> => fetch(`${ex!.url}/api/v3/ping`);

describe('the WebSocket API and REST share one request weight per IP', () => {
  it('REST and WS API pings add up to one limit: rateLimits counts both, the WS API answers 429 -1003 then the 418 ban like REST', async () => {
    // `public: { max: 1, decay: 0 }` makes the weight limit 75 a minute (see binance-limits.test.ts).
    ex = await startExchange({ scenario: { name: 'shared-weight', exchange: 'binance', rateLimits: { public: { max: 1, decay: 0 } } }, clock: 'manual' });
    ex.clock.advance(60_000 - (ex.clock.now() % 60_000));
    const wsPing = await dial();
    for (let i = 1; i <= 40; i++) expect((await restPing()).headers.get('x-mbx-used-weight-1m')).toBe(String(i));
    for (let i = 41; i <= 75; i++) {
      const answer = await wsPing(i);
      expect(answer).toEqual({ id: i, status: 200, result: {}, rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 75, count: i }] });
    }
    const now = ex.clock.now();
    const over = await wsPing(76);
    expect(over).toMatchObject({ id: 76, status: 429, rateLimits: [{ limit: 75, count: 76 }] });
    expect(over.error).toEqual({
      code: -1003, msg: 'Too much request weight used; current limit is 75 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.',
      data: { retryAfter: now + 60_000, serverTime: now },
    });
    expect((await restPing()).status).toBe(429);
    expect((await wsPing(78)).status).toBe(429);
    expect((await restPing()).status).toBe(429);
    const ban = await wsPing(80);
    expect(ban).toMatchObject({ status: 418, error: { code: -1003, data: { retryAfter: now + 120_000 } } });
    expect(ban.error.msg).toBe(`Way too much request weight used; IP banned until ${now + 120_000}. Please use WebSocket Streams for live updates to avoid bans.`);
    expect((await restPing()).status).toBe(418);
    expect((await wsPing(81)).status).toBe(418);
    expect(ex.journal.list({ transport: 'ws' }).at(-1)).toMatchObject({ route: 'ws:ping', status: 418, outcome: 'refused' });
  });

  it('REST and WS API order.place share the account\'s order counts: the sixth resting order in 10 s is -1015 on either, and nothing is placed', async () => {
    // `trading: { max: 14.84, decay: 0 }` makes the ORDERS count 5 per 10 s (see binance-order-counts.test.ts).
    ex = await startExchange({ scenario: { name: 'shared-orders', exchange: 'binance', rateLimits: { trading: { max: 14.84, decay: 0 } } }, clock: 'manual' });
    ex.clock.advance(10_000 - (ex.clock.now() % 10_000));
    const { key, secret } = ex.accounts[0]!;
    const price = fmt(ex.exchange.markets.get('BTC/USD')!.book.best('buy')!.price * 9n / 10n / 10n ** 17n * 10n ** 17n, 1);
    const order = { symbol: 'BTCUSD', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price };
    const signed = (extra: Record<string, string>): string => {
      const text = new URLSearchParams({ ...order, ...extra, timestamp: String(ex!.clock.now()) }).toString();
      return `${text}&signature=${signPayload(text, secret)}`;
    };
    const rest = async () => fetch(`${ex!.url}/api/v3/order`, { method: 'POST', headers: { 'x-mbx-apikey': key, 'content-type': 'application/x-www-form-urlencoded' }, body: signed({}) });
    const ws = new WebSocket(`${ex.url.replace('http', 'ws')}/ws-api/v3`);
    const frames: any[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(String(d))));
    await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
    const wsPlace = async (id: number): Promise<any> => {
      // The WebSocket API signs its parameters sorted by name, `k=v` joined by `&` (reference §8).
      const params: Record<string, string> = { ...order, apiKey: key, timestamp: String(ex!.clock.now()) };
      const text = Object.keys(params).sort().map((k) => `${k}=${params[k]}`).join('&');
      ws.send(JSON.stringify({ id, method: 'order.place', params: { ...params, signature: signPayload(text, secret) } }));
      for (;;) {
        const found = frames.find((f) => f.id === id);
        if (found) return found;
        await new Promise<void>((r) => setTimeout(r, 2));
      }
    };
    for (let i = 0; i < 3; i++) expect((await rest()).status).toBe(200);
    for (let i = 1; i <= 2; i++) expect(await wsPlace(i)).toMatchObject({ id: i, status: 200, result: { status: 'NEW' } });
    const open = async (): Promise<number> => {
      const text = `symbol=BTCUSD&timestamp=${ex!.clock.now()}`;
      const r = await fetch(`${ex!.url}/api/v3/openOrders?${text}&signature=${signPayload(text, secret)}`, { headers: { 'x-mbx-apikey': key } });
      return ((await r.json()) as unknown[]).length;
    };
    expect(await open()).toBe(5);
    expect(await wsPlace(3)).toMatchObject({ id: 3, status: 429, error: { code: -1015, msg: 'Too many new orders; current limit is 5 orders per 10 SECOND.' } });
    const refused = await rest();
    expect([refused.status, ((await refused.json()) as { code: number }).code]).toEqual([429, -1015]);
    expect(await open()).toBe(5);
    ws.terminate();
  });
});
