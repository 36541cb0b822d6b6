import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange } from '../src/app.js';
import { bookChecksum } from '../src/api/kraken/ws/checksum.js';
import { auditExchange } from '../src/control/audit.js';
import { connectWs as connect, wsToken } from './ws-client.js';

const isFrame = (name: string) => (m: any): boolean => Array.isArray(m) && m[m.length - 2] === name;

describe('WebSocket v1 (public, for node-kraken-api and older clients)', () => {
  let ex: Awaited<ReturnType<typeof startExchange<{ port: number; clock: 'manual' }>>>;
  beforeAll(async () => {
    ex = await startExchange({ port: 0, clock: 'manual' });
  });
  afterAll(() => ex.close());

  it('systemStatus on connect, ping/pong with reqid, subscriptionStatus per pair with v1 names and errors', async () => {
    const c = await connect(ex.url.replace('http', 'ws'));
    expect(await c.next()).toMatchObject({ event: 'systemStatus', status: 'online', version: '1.9.2', connectionID: expect.any(Number) });
    c.send({ event: 'ping', reqid: 42 });
    expect(await c.next((m) => m.event === 'pong')).toEqual({ event: 'pong', reqid: 42 });
    c.send({ event: 'subscribe', reqid: 7, pair: ['XBT/USD', 'XBT/FOO', 'foobar'], subscription: { name: 'ticker' } });
    expect(await c.next((m) => m.pair === 'XBT/USD')).toMatchObject({ event: 'subscriptionStatus', status: 'subscribed', channelName: 'ticker', reqid: 7, channelID: expect.any(Number) });
    expect(await c.next((m) => m.pair === 'XBT/FOO')).toMatchObject({ status: 'error', errorMessage: 'Currency pair not supported XBT/FOO' });
    expect(await c.next((m) => m.pair === 'foobar')).toMatchObject({ status: 'error', errorMessage: 'Currency pair not in ISO 4217-A3 format foobar' });
    const ticker = await c.next(isFrame('ticker'));
    expect(ticker[3]).toBe('XBT/USD');
    expect(Number(ticker[1].b[0])).toBeLessThan(Number(ticker[1].a[0]));
    c.ws.close();
  });

  it('book-10: snapshot then single-object updates whose "c" checksum verifies on the strings received', async () => {
    const c = await connect(ex.url.replace('http', 'ws'));
    c.send({ event: 'subscribe', reqid: 1, pair: ['ETH/USD'], subscription: { name: 'book', depth: 10 } });
    expect(await c.next((m) => m.event === 'subscriptionStatus')).toMatchObject({ channelName: 'book-10', status: 'subscribed' });
    const snap = await c.next(isFrame('book-10'));
    const book = { a: new Map<string, string>(snap[1].as.map((l: string[]) => [l[0], l[1]])), b: new Map<string, string>(snap[1].bs.map((l: string[]) => [l[0], l[1]])) };
    ex.clock.advance(3_000);
    for (let n = 0; n < 3; n++) {
      const u = await c.next(isFrame('book-10'));
      expect(u).toHaveLength(4);
      const body = u[1];
      for (const side of ['a', 'b'] as const) {
        for (const [p, q] of (body[side] ?? []) as string[][]) {
          if (Number(q) === 0) book[side].delete(p!);
          else book[side].set(p!, q!);
        }
        const sorted = [...book[side]].sort((x, y) => (side === 'a' ? 1 : -1) * (Number(x[0]) - Number(y[0]))).slice(0, 10);
        book[side] = new Map(sorted);
      }
      const levels = (m: Map<string, string>) => [...m].map(([price, qty]) => ({ price, qty }));
      expect(body.c).toBe(String(bookChecksum(levels(book.a), levels(book.b))));
    }
    c.ws.close();
  });

  it('trade, spread and ohlc-1 frames follow the market', async () => {
    const c = await connect(ex.url.replace('http', 'ws'));
    c.send({ event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'trade' } });
    c.send({ event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'spread' } });
    c.send({ event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'ohlc', interval: 1 } });
    await c.next((m) => m.channelName === 'ohlc-1');
    ex.clock.advance(10_000);
    const trade = await c.next(isFrame('trade'));
    expect(trade[1][0]).toEqual([expect.stringMatching(/^\d+\.\d{5}$/), expect.stringMatching(/^\d+\.\d{8}$/), expect.stringMatching(/^\d+\.\d{6}$/), expect.stringMatching(/^[bs]$/), expect.stringMatching(/^[ml]$/), '']);
    const spread = await c.next(isFrame('spread'));
    expect(Number(spread[1][0])).toBeLessThan(Number(spread[1][1]));
    const ohlc = await c.next(isFrame('ohlc-1'));
    expect(ohlc[1]).toHaveLength(9);
    c.ws.close();
  });

  it('private /auth: openOrders and ownTrades stream; addOrder, cancelOrder (one status per txid), cancelAll', async () => {
    const token = await wsToken(ex.url, ex.accounts[0]!, 1);
    const c = await connect(`${ex.url.replace('http', 'ws')}/auth`);
    c.send({ event: 'subscribe', reqid: 1, subscription: { name: 'openOrders', token } });
    expect(await c.next((m) => m.event === 'subscriptionStatus')).toEqual({ channelName: 'openOrders', event: 'subscriptionStatus', reqid: 1, status: 'subscribed', subscription: { name: 'openOrders' } });
    expect(await c.next(isFrame('openOrders'))).toEqual([[], 'openOrders', { sequence: 1 }]);
    c.send({ event: 'subscribe', subscription: { name: 'ownTrades', token } });
    await c.next(isFrame('ownTrades'));
    const place = (reqid: number, extra: object) => c.send({ event: 'addOrder', token, reqid, pair: 'XBT/USD', type: 'buy', volume: '0.01', ...extra });
    place(2, { ordertype: 'limit', price: '40000.0' });
    const added = await c.next((m) => m.event === 'addOrderStatus');
    expect(added).toEqual({ event: 'addOrderStatus', status: 'ok', txid: expect.stringMatching(/^O/), descr: 'buy 0.01000000 XBTUSD @ limit 40000.0', reqid: 2 });
    const opened = await c.next(isFrame('openOrders'));
    expect(opened[0][0][added.txid]).toMatchObject({ status: 'open', descr: { pair: 'XBTUSD', price: '40000.0' } });
    place(3, { ordertype: 'market' });
    await c.next((m) => m.event === 'addOrderStatus' && m.reqid === 3);
    const own = await c.next(isFrame('ownTrades'));
    const t = Object.values(own[0][0])[0] as Record<string, unknown>;
    expect(t).toMatchObject({ pair: 'XBT/USD', type: 'buy', ordertype: 'market', time: expect.stringMatching(/^\d+\.\d{6}$/) });
    c.send({ event: 'cancelOrder', token, reqid: 4, txid: [added.txid, 'OAAAAA-AAAAA-AAAAAA'] });
    expect(await c.next((m) => m.event === 'cancelOrderStatus')).toEqual({ event: 'cancelOrderStatus', status: 'ok', reqid: 4 });
    expect(await c.next((m) => m.event === 'cancelOrderStatus')).toEqual({ event: 'cancelOrderStatus', status: 'error', errorMessage: 'EOrder:Unknown order', reqid: 4 });
    c.send({ event: 'cancelAll', token, reqid: 5 });
    expect(await c.next((m) => m.event === 'cancelAllStatus')).toEqual({ event: 'cancelAllStatus', status: 'ok', count: 0, reqid: 5 });
    c.send({ event: 'addOrder', token: 'nope', reqid: 6, pair: 'XBT/USD', type: 'buy', ordertype: 'market', volume: '0.01' });
    expect(await c.next((m) => m.reqid === 6)).toEqual({ event: 'addOrderStatus', status: 'error', errorMessage: 'ESession:Invalid session', reqid: 6 });
    expect(auditExchange(ex.exchange)).toEqual([]);
    c.ws.close();
  });
});
