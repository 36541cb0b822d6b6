import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange } from '../src/app.js';
import { EXCEEDED_MSG_RATE, MESSAGE_BUDGET, OVER_BUDGET_PAUSE_MS } from '../src/api/kraken/ws/message-budget.js';
import { MAX_CONNECTION_SUBSCRIPTIONS, MAX_REQUEST_SYMBOLS } from '../src/api/kraken/ws/subscription-caps.js';
import { PAIR_CATALOG } from '../src/exchange/pairs.js';
import { krakenPairOf } from '../src/api/kraken/names.js';
import { connectWs, drain, wsToken, type Frame, type WsTestClient } from './ws-client.js';

/** Every pair the mock knows, listed; a book deep enough that a depth-1000 snapshot is large (about 70,000 characters). */
const EVERY_PAIR = { name: 'every-pair', market: { pairs: Object.fromEntries(PAIR_CATALOG.map((p) => [p.symbol, { depth: 1000 }])) } };
const V2_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

describe('WebSocket bounds: duplicate symbols, caps on requests and connections, the message budget', () => {
  let ex: Awaited<ReturnType<typeof startExchange<{ port: number; clock: 'manual'; scenario: typeof EVERY_PAIR }>>>;
  let ws: string;
  const open = async (path: string): Promise<WsTestClient> => {
    const c = await connectWs(`${ws}${path}`);
    await c.next((m) => m.channel === 'status' || m.event === 'systemStatus');
    return c;
  };
  beforeAll(async () => {
    ex = await startExchange({ port: 0, clock: 'manual', scenario: EVERY_PAIR });
    ws = ex.url.replace('http', 'ws');
  });
  afterAll(() => ex.close());

  it('v2: 5,900 copies of BTC/USD at depth 1000 in one 59 KB subscribe are one subscription: one ack and one snapshot (was 5,900 of each)', async () => {
    const c = await open('/v2');
    const symbol = Array<string>(5_900).fill('BTC/USD');
    c.send({ method: 'subscribe', params: { channel: 'book', symbol, depth: 1000 }, req_id: 1 });
    const frames = await drain(c);
    expect(frames.map((f: Frame) => f.method ?? `${f.channel} ${f.type}`)).toEqual(['subscribe', 'book snapshot']);
    expect(frames[0]).toMatchObject({ method: 'subscribe', success: true, req_id: 1, result: { channel: 'book', symbol: 'BTC/USD', depth: 1000 } });
    expect(frames[1].data[0].bids).toHaveLength(1000);
    c.send({ method: 'unsubscribe', params: { channel: 'book', symbol: [...symbol, 'ETH/USD', 'ETH/USD'], depth: 1000 }, req_id: 2 });
    expect((await drain(c)).map((f: Frame) => [f.success, f.result?.symbol ?? f.symbol])).toEqual([[true, 'BTC/USD'], [true, 'ETH/USD']]);
    c.ws.close();
  });

  it('v1: a pair named 5,900 times is subscribed once', async () => {
    const c = await open('/');
    c.send({ event: 'subscribe', reqid: 3, pair: Array<string>(5_900).fill('XBT/USD'), subscription: { name: 'book', depth: 1000 } });
    const frames = await drain(c, true);
    expect(frames.map((f: Frame) => (Array.isArray(f) ? `${f[2]} ${Object.keys(f[1]).join()}` : `${f.event} ${f.status}`))).toEqual(['subscriptionStatus subscribed', 'book-1000 as,bs']);
    c.ws.close();
  });

  it(`a request naming more than ${MAX_REQUEST_SYMBOLS} distinct symbols gets one error in its version's shape and subscribes nothing`, async () => {
    const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `Q${i}/USD`);
    const v2 = await open('/v2');
    v2.send({ method: 'subscribe', params: { channel: 'ticker', symbol: ['BTC/USD', ...names(MAX_REQUEST_SYMBOLS)] }, req_id: 4 });
    const refused = await drain(v2);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toEqual({
      error: `Too many symbols: ${MAX_REQUEST_SYMBOLS + 1} in one request, at most ${MAX_REQUEST_SYMBOLS}`, method: 'subscribe', success: false,
      req_id: 4, time_in: expect.stringMatching(V2_TIME), time_out: expect.stringMatching(V2_TIME),
    });
    // At the cap the request is carried out: one answer per symbol.
    v2.send({ method: 'unsubscribe', params: { channel: 'ticker', symbol: names(MAX_REQUEST_SYMBOLS) }, req_id: 5 });
    const answered = await drain(v2);
    expect(answered).toHaveLength(MAX_REQUEST_SYMBOLS);
    expect(answered.every((f: Frame) => f.req_id === 5 && /^Currency pair not supported Q\d+\/USD$/.test(f.error))).toBe(true);
    v2.ws.close();

    const v1 = await open('/');
    const sub = { name: 'ticker' };
    v1.send({ event: 'subscribe', reqid: 6, pair: ['XBT/USD', ...names(MAX_REQUEST_SYMBOLS)], subscription: sub });
    expect(await drain(v1, true)).toEqual([{
      errorMessage: `Too many pairs: ${MAX_REQUEST_SYMBOLS + 1} in one request, at most ${MAX_REQUEST_SYMBOLS}`,
      event: 'subscriptionStatus', status: 'error', subscription: sub, reqid: 6,
    }]);
    v1.ws.close();
  });

  it(`a connection holds at most ${MAX_CONNECTION_SUBSCRIPTIONS} subscriptions: the request that would pass it is refused whole, and one within it still works`, async () => {
    const symbols = PAIR_CATALOG.map((p) => p.symbol);
    const v2 = await open('/v2');
    // Every ohlc interval and four book depths of all 11 pairs: 99 + 44 = 143 subscriptions.
    const requests = [
      ...[1, 5, 15, 30, 60, 240, 1440, 10080, 21600].map((interval) => ({ channel: 'ohlc', interval, snapshot: false })),
      ...[10, 25, 100, 500].map((depth) => ({ channel: 'book', depth, snapshot: false })),
    ];
    for (const [i, params] of requests.entries()) v2.send({ method: 'subscribe', params: { ...params, symbol: symbols }, req_id: i });
    const acks = (await drain(v2)).filter((f: Frame) => f.method === 'subscribe');
    expect(acks.filter((f: Frame) => f.success)).toHaveLength(143);
    const book1000 = { channel: 'book', depth: 1000, snapshot: false };
    v2.send({ method: 'subscribe', params: { ...book1000, symbol: symbols }, req_id: 20 });
    expect(await drain(v2)).toEqual([{
      error: `Too many subscriptions: 154 on one connection, at most ${MAX_CONNECTION_SUBSCRIPTIONS}`, method: 'subscribe', success: false,
      req_id: 20, time_in: expect.stringMatching(V2_TIME), time_out: expect.stringMatching(V2_TIME),
    }]);
    // Symbols already held add nothing; seven more reach the cap exactly.
    v2.send({ method: 'subscribe', params: { ...book1000, symbol: symbols.slice(0, 7) }, req_id: 21 });
    expect((await drain(v2)).map((f: Frame) => f.success)).toEqual(Array(7).fill(true));
    v2.send({ method: 'subscribe', params: { channel: 'book', depth: 10, symbol: symbols, snapshot: false }, req_id: 22 });
    expect((await drain(v2)).map((f: Frame) => f.success)).toEqual(Array(11).fill(true));
    v2.send({ method: 'subscribe', params: { channel: 'instrument' }, req_id: 23 });
    expect(await drain(v2)).toMatchObject([{ error: `Too many subscriptions: 151 on one connection, at most ${MAX_CONNECTION_SUBSCRIPTIONS}`, success: false, req_id: 23 }]);
    v2.ws.close();

    const v1 = await open('/');
    const wsnames = PAIR_CATALOG.map((p) => krakenPairOf(p).wsname);
    for (const [i, interval] of [1, 5, 15, 30, 60, 240, 1440, 10080, 21600].entries()) v1.send({ event: 'subscribe', reqid: i, pair: wsnames, subscription: { name: 'ohlc', interval } });
    for (const [i, depth] of [10, 25, 100, 500].entries()) v1.send({ event: 'subscribe', reqid: 10 + i, pair: wsnames, subscription: { name: 'book', depth } });
    expect((await drain(v1, true)).filter((f: Frame) => f.status === 'subscribed')).toHaveLength(143);
    v1.send({ event: 'subscribe', reqid: 20, pair: wsnames, subscription: { name: 'spread' } });
    expect(await drain(v1, true)).toEqual([{
      errorMessage: `Too many subscriptions: 154 on one connection, at most ${MAX_CONNECTION_SUBSCRIPTIONS}`,
      event: 'subscriptionStatus', status: 'error', subscription: { name: 'spread' }, reqid: 20,
    }]);
    v1.ws.close();
  });

  it(`over the budget (${MESSAGE_BUDGET.burst} messages, ${MESSAGE_BUDGET.perSecond} more a second) every message is answered "${EXCEEDED_MSG_RATE}" in order, the connection stays open, its socket is left unread for ${OVER_BUDGET_PAUSE_MS} ms, and then it is served again`, async () => {
    const sent = 2 * MESSAGE_BUDGET.burst;
    const v2 = await open('/v2');
    const started = performance.now();
    for (let i = 0; i < sent; i++) v2.send({ method: 'ping', req_id: i });
    const replies = await Promise.all(Array.from({ length: sent }, () => v2.next()));
    const seconds = (performance.now() - started) / 1000;
    expect(replies.map((r) => r.req_id)).toEqual(Array.from({ length: sent }, (_, i) => i));
    const pongs = replies.filter((r) => r.method === 'pong').length;
    // All the burst, plus at most what the budget refilled while they came in; the rest refused.
    expect(pongs).toBeGreaterThanOrEqual(MESSAGE_BUDGET.burst);
    expect(pongs).toBeLessThanOrEqual(MESSAGE_BUDGET.burst + Math.ceil(seconds * MESSAGE_BUDGET.perSecond));
    expect(replies.slice(0, MESSAGE_BUDGET.burst).every((r) => r.method === 'pong')).toBe(true);
    const over = replies.filter((r) => r.method !== 'pong');
    expect(over.length).toBeGreaterThan(0);
    expect(over).toEqual(over.map((r) => ({ error: EXCEEDED_MSG_RATE, method: 'ping', success: false, req_id: r.req_id, time_in: expect.stringMatching(V2_TIME), time_out: expect.stringMatching(V2_TIME) })));
    const refused = ex.journal.list({ route: 'ws:ping', outcome: 'refused', limit: sent });
    expect(refused.filter((e) => e.error === EXCEEDED_MSG_RATE)).toHaveLength(sent - pongs);
    // The budget is real time (whatever the scenario's clock does): this ping waits in TCP until the
    // socket is read again, after the pause, which has earned the budget back; then it is answered.
    v2.send({ method: 'ping', req_id: sent });
    expect(await v2.next()).toMatchObject({ method: 'pong', req_id: sent });
    expect(performance.now() - started).toBeGreaterThanOrEqual(OVER_BUDGET_PAUSE_MS);
    v2.ws.close();

    const v1 = await open('/');
    for (let i = 0; i < sent; i++) v1.send({ event: 'ping', reqid: i });
    const v1Replies = await Promise.all(Array.from({ length: sent }, () => v1.next()));
    const v1Pongs = v1Replies.filter((r) => r.event === 'pong');
    expect(v1Pongs.map((r) => r.reqid).slice(0, MESSAGE_BUDGET.burst)).toEqual(Array.from({ length: MESSAGE_BUDGET.burst }, (_, i) => i));
    expect(v1Replies.length - v1Pongs.length).toBeGreaterThan(0);
    expect(v1Replies.filter((r) => r.event !== 'pong')).toEqual(Array(v1Replies.length - v1Pongs.length).fill({ Error: EXCEEDED_MSG_RATE }));
    v1.ws.close();
  });

  it('a ccxt-like client is untouched: one subscribe per stream on every pair, a ping every 6 s for a minute, a burst of 300 orders', async () => {
    const from = ex.journal.total;
    const c = await open('/v2');
    const symbols = PAIR_CATALOG.map((p) => p.symbol);
    let id = 0;
    for (const symbol of symbols) {
      for (const params of [{ channel: 'ticker' }, { channel: 'book', depth: 10 }, { channel: 'trade' }, { channel: 'ohlc', interval: 1 }]) {
        c.send({ method: 'subscribe', params: { ...params, symbol: [symbol] }, req_id: ++id });
      }
    }
    const frames: Frame[] = await drain(c);
    for (let i = 0; i < 10; i++) {
      ex.clock.advance(6_000);
      c.send({ method: 'ping' });
      frames.push(...await drain(c));
    }
    expect(frames.filter((f) => f.method === 'subscribe' && f.success === true)).toHaveLength(4 * symbols.length);
    expect(frames.filter((f) => f.method === 'pong' && f.req_id === undefined)).toHaveLength(10);
    // Each book's snapshot comes before any of its updates, and updates did come.
    for (const symbol of symbols) {
      const book = frames.filter((f) => f.channel === 'book' && f.data[0].symbol === symbol).map((f) => f.type);
      expect(book[0]).toBe('snapshot');
      expect(book.slice(1).length).toBeGreaterThan(0);
      expect(book.slice(1).every((t) => t === 'update')).toBe(true);
    }
    c.ws.close();

    const token = await wsToken(ex.url, ex.accounts[0]!, 1);
    const auth = await connectWs(`${ws}/v2-auth`);
    const orders = [['BTC/USD', 0.001, 50_000], ['ETH/USD', 0.01, 2_000], ['SOL/USD', 0.1, 100], ['DOGE/USD', 30, 0.2]] as const;
    for (let i = 0; i < 300; i++) {
      const [symbol, order_qty, limit_price] = orders[i % 4]!;
      auth.send({ method: 'add_order', params: { order_type: 'limit', side: 'buy', order_qty, symbol, limit_price, token }, req_id: i });
    }
    const placed = await Promise.all(Array.from({ length: 300 }, (_, i) => auth.next((m) => m.req_id === i)));
    expect(placed.filter((r) => r.success === true)).toHaveLength(300);
    auth.send({ method: 'cancel_all', params: { token }, req_id: 300 });
    expect(await auth.next((m) => m.req_id === 300)).toMatchObject({ success: true, result: { count: 300 } });
    auth.ws.close();
    expect(ex.journal.list({ after: from, outcome: 'refused', limit: 10_000 })).toEqual([]);
  });
});
