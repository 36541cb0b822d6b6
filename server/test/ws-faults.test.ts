import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { startExchange } from '../src/app.js';
import { BookFeed } from '../src/api/kraken/ws/book-feed.js';
import type { ScenarioInput } from '../src/scenario/schema.js';
import { BookMirror, connectWs, drain, knock, wsToken, type Frame, type WsTestClient } from './ws-client.js';

type Running = Awaited<ReturnType<typeof startExchange<{ scenario: ScenarioInput; port: number; clock: 'manual' }>>>;
const running: Running[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((ex) => ex.close()));
});

async function start(timeline: ScenarioInput['timeline'], extra: Partial<ScenarioInput> = {}): Promise<Running> {
  const ex = await startExchange({ scenario: { name: 'ws-faults', ...extra, timeline }, port: 0, clock: 'manual' });
  running.push(ex);
  return ex;
}

const wsUrl = (ex: Running, path: string): string => `${ex.url.replace('http', 'ws')}${path}`;

/** Connects and takes the status frame (v2 `status` or v1 `systemStatus`). */
async function open(ex: Running, path: string): Promise<WsTestClient> {
  const c = await connectWs(wsUrl(ex, path));
  await c.next((m) => m.channel === 'status' || m.event === 'systemStatus');
  return c;
}

/** A connection attempt: 'open', or the HTTP status, headers and body the upgrade was refused with. */
function attempt(url: string): Promise<'open' | { status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('error', () => undefined);
  });
}

const subscribeBook = async (c: WsTestClient, symbol = 'BTC/USD'): Promise<string> => {
  c.send({ method: 'subscribe', params: { channel: 'book', symbol: [symbol], depth: 10 }, req_id: 1 });
  expect(await c.next((m) => m.method === 'subscribe')).toMatchObject({ success: true });
  return c.nextText((m) => m.channel === 'book');
};

describe('WebSocket faults (scenario rules over a real socket)', () => {
  it('disconnect: at the phase start every open connection drops without a close frame (1006), new ones too; after the phase they stay', async () => {
    const ex = await start([{ name: 'up', duration: '1m' }, { name: 'flap', duration: '1m', faults: [{ effect: { kind: 'disconnect' } }] }, { name: 'back' }]);
    const c = await open(ex, '/v2');
    const v1 = await open(ex, '/');
    ex.clock.advance(60_000);
    expect(await c.closed).toEqual({ code: 1006, reason: '' });
    expect(await v1.closed).toEqual({ code: 1006, reason: '' });
    expect(await knock(wsUrl(ex, '/v2'))).toEqual({ outcome: 'closed 1006 ', frames: 0 });
    ex.clock.advance(60_000);
    const after = await open(ex, '/v2');
    expect(await drain(after)).toEqual([]);
    after.ws.close();
  });

  it('disconnect with a code: 1013 "Market data unavailable" on public sockets; the private one closes 1001 30 s later', async () => {
    const ex = await start([{ name: 'up', duration: '1m' }, {
      name: 'maintenance',
      faults: [
        { match: { connection: 'public' }, effect: { kind: 'disconnect', code: 1013 } },
        { match: { connection: 'private' }, effect: { kind: 'disconnect', code: 1001, after: '30s' } },
      ],
    }]);
    const pub = await open(ex, '/v2');
    const pubV1 = await open(ex, '/');
    const priv = await open(ex, '/v2-auth');
    ex.clock.advance(60_000);
    expect(await pub.closed).toEqual({ code: 1013, reason: 'Market data unavailable' });
    expect(await pubV1.closed).toEqual({ code: 1013, reason: 'Market data unavailable' });
    await drain(priv);
    ex.clock.advance(29_999);
    await drain(priv);
    ex.clock.advance(1);
    expect(await priv.closed).toEqual({ code: 1001, reason: 'Going away' });
  });

  it('refuse: upgrades get an edge page (502 on v1 here); too many attempts from one IP get 429 until the counter decays', async () => {
    const ex = await start([{ name: 'edge', faults: [{ match: { connection: 'v1' }, effect: { kind: 'refuse', status: 502 } }] }], {
      rateLimits: { rest: false, trading: false, public: false, ws: { connections: { max: 3, decay: 0.1 } } },
    });
    const refused = await attempt(wsUrl(ex, '/'));
    expect(refused).toMatchObject({ status: 502, headers: { server: 'cloudflare', 'cf-ray': expect.any(String) } });
    expect((refused as { body: string }).body).toContain('Bad gateway');
    expect(await attempt(wsUrl(ex, '/v2'))).toBe('open');
    expect(await attempt(wsUrl(ex, '/v2'))).toBe('open');
    const storm = await attempt(wsUrl(ex, '/v2'));
    expect(storm).toMatchObject({ status: 429 });
    expect((storm as { body: string }).body).toContain('Too many requests');
    ex.clock.advance(30_000);
    expect(await attempt(wsUrl(ex, '/v2'))).toBe('open');
  });

  it('stall: the first connection is accepted but never says anything, heartbeats included; the next one works', async () => {
    const ex = await start([{ name: 'stall', faults: [{ first: 1, effect: { kind: 'stall' } }] }]);
    const silent = await connectWs(wsUrl(ex, '/v2'));
    silent.send({ method: 'subscribe', params: { channel: 'ticker', symbol: ['BTC/USD'] }, req_id: 1 });
    silent.send({ method: 'ping', req_id: 2 });
    const ok = await open(ex, '/v2');
    ok.send({ method: 'subscribe', params: { channel: 'ticker', symbol: ['BTC/USD'] }, req_id: 1 });
    await drain(ok);
    ex.clock.advance(5_000);
    const frames = await drain(ok);
    expect(frames.some((m) => m.channel === 'heartbeat' || m.channel === 'ticker')).toBe(true);
    expect(silent.received()).toBe(0);
    expect(silent.ws.readyState).toBe(WebSocket.OPEN);
    silent.ws.terminate();
    ok.ws.close();
  });

  it('freeze: the book stops (heartbeats go on), a newcomer gets the stale book, then updates resume and every checksum verifies', async () => {
    const ex = await start([
      { name: 'up', duration: '10s' },
      { name: 'stale', duration: '30s', faults: [{ match: { channel: 'book', pair: 'XBT/USD' }, effect: { kind: 'freeze' } }] },
      { name: 'back' },
    ]);
    const c = await open(ex, '/v2');
    const mirror = new BookMirror();
    expect(mirror.apply(await subscribeBook(c))).toBe(true);
    let last = 0;
    const follow = async (client: WsTestClient, m: BookMirror): Promise<number> => {
      let n = 0;
      for (const f of await drain(client)) {
        if (f.channel !== 'book') continue;
        expect(m.apply(f.text)).toBe(true);
        last = f.data[0].checksum;
        n++;
      }
      return n;
    };
    ex.clock.advance(9_000);
    expect(await follow(c, mirror)).toBeGreaterThan(0);
    ex.clock.advance(1_000);
    await follow(c, mirror);
    let heartbeats = 0;
    for (let i = 0; i < 10; i++) {
      ex.clock.advance(2_000);
      const frames = await drain(c);
      expect(frames.filter((f) => f.channel === 'book')).toEqual([]);
      heartbeats += frames.filter((f) => f.channel === 'heartbeat').length;
    }
    expect(heartbeats).toBeGreaterThanOrEqual(10);
    const newcomer = await open(ex, '/v2');
    const late = new BookMirror();
    const stale = await subscribeBook(newcomer);
    expect(late.apply(stale)).toBe(true);
    expect(JSON.parse(stale).data[0].checksum).toBe(last);
    const live = JSON.parse(new BookFeed(ex.exchange.market('BTC/USD')!, 10).snapshot(ex.clock.now()));
    expect(live.data[0].checksum).not.toBe(last);
    ex.clock.advance(12_000);
    expect(await follow(c, mirror)).toBeGreaterThan(0);
    expect(await follow(newcomer, late)).toBeGreaterThan(0);
    c.ws.close();
    newcomer.ws.close();
  });

  it('drop-message: with every third book frame lost the client\'s checksum fails, and frames keep coming', async () => {
    const ex = await start([{ name: 'lossy', faults: [{ match: { channel: 'book' }, every: 3, effect: { kind: 'drop-message' } }] }]);
    const c = await open(ex, '/v2');
    const mirror = new BookMirror();
    expect(mirror.apply(await subscribeBook(c))).toBe(true);
    const results: boolean[] = [];
    for (let i = 0; i < 20; i++) {
      ex.clock.advance(1_000);
      for (const f of await drain(c)) if (f.channel === 'book') results.push(mirror.apply(f.text));
    }
    expect(results.filter((ok) => !ok).length).toBeGreaterThan(0);
    expect(results.length).toBeGreaterThan(5);
    c.ws.close();
  });

  it('corrupt-checksum: every second book frame carries a wrong checksum while its levels stay right (v2); v1 "c" too', async () => {
    const ex = await start([{ name: 'bad', faults: [{ match: { channel: 'book' }, every: 2, effect: { kind: 'corrupt-checksum' } }] }]);
    const c = await open(ex, '/v2');
    const mirror = new BookMirror();
    const results = [mirror.apply(await subscribeBook(c))];
    while (results.length < 6) {
      ex.clock.advance(1_000);
      for (const f of await drain(c)) if (f.channel === 'book') results.push(mirror.apply(f.text));
    }
    expect(results.slice(0, 6)).toEqual([true, false, true, false, true, false]);
    c.ws.close();
    const v1 = await open(ex, '/');
    v1.send({ event: 'subscribe', reqid: 1, pair: ['XBT/USD'], subscription: { name: 'book', depth: 10 } });
    const v1Mirror = new BookMirror();
    const v1Results: boolean[] = [];
    while (v1Results.length < 6) {
      ex.clock.advance(1_000);
      for (const f of await drain(v1, true)) if (Array.isArray(f) && f[f.length - 2] === 'book-10' && !f[1].as) v1Results.push(v1Mirror.applyV1(f));
        else if (Array.isArray(f)) v1Mirror.applyV1(f);
    }
    expect(v1Results.filter((ok) => !ok).length).toBeGreaterThanOrEqual(2);
    expect(v1Results.filter((ok) => ok).length).toBeGreaterThanOrEqual(2);
    v1.ws.close();
  });

  it('duplicate-message sends each trade frame twice; reorder-message puts the first book update before the snapshot', async () => {
    const ex = await start([{
      name: 'mixed',
      faults: [
        { match: { channel: 'trade' }, effect: { kind: 'duplicate-message' } },
        { match: { channel: 'book' }, first: 2, effect: { kind: 'reorder-message' } },
      ],
    }]);
    const c = await open(ex, '/v2');
    const b = await open(ex, '/v2');
    c.send({ method: 'subscribe', params: { channel: 'trade', symbol: ['BTC/USD'] }, req_id: 1 });
    b.send({ method: 'subscribe', params: { channel: 'book', symbol: ['BTC/USD'] }, req_id: 2 });
    const books: string[] = [];
    const trades = new Map<number, number>();
    for (let i = 0; i < 20 && (books.length < 2 || trades.size === 0); i++) {
      ex.clock.advance(1_000);
      for (const f of await drain(b)) if (f.channel === 'book') books.push(f.type);
      for (const f of await drain(c)) if (f.channel === 'trade') for (const t of f.data) trades.set(t.trade_id, (trades.get(t.trade_id) ?? 0) + 1);
    }
    expect(books.slice(0, 2)).toEqual(['update', 'snapshot']);
    expect(trades.size).toBeGreaterThan(0);
    expect([...trades.values()].every((n) => n === 2)).toBe(true);
    c.ws.close();
    b.ws.close();
  });

  it('delay-message: a late book frame holds back everything behind it on that connection (head-of-line), then all arrive in order', async () => {
    const ex = await start([{ name: 'up', duration: '10s' }, { name: 'lag', faults: [{ match: { channel: 'book' }, first: 1, effect: { kind: 'delay-message', fixed: '3s' } }] }]);
    const c = await open(ex, '/v2');
    const witness = await open(ex, '/v2');
    const mirror = new BookMirror();
    expect(mirror.apply(await subscribeBook(c))).toBe(true);
    ex.clock.advance(9_999);
    for (const f of await drain(c)) if (f.channel === 'book') expect(mirror.apply(f.text)).toBe(true);
    const t1 = ex.clock.now() + 1;
    ex.clock.advance(1);
    c.send({ method: 'ping', req_id: 99 });
    await drain(witness);
    const before = c.received();
    ex.clock.advance(2_999);
    await drain(witness);
    expect(c.received()).toBe(before);
    ex.clock.advance(1);
    const frames: Frame[] = [];
    for (;;) {
      const text = await c.nextText();
      const m = JSON.parse(text);
      if (m.method === 'pong') {
        expect(m).toMatchObject({ req_id: 99, time_in: new Date(t1).toISOString().replace('Z', '000Z') });
        break;
      }
      if (m.channel === 'book') expect(mirror.apply(text)).toBe(true);
      frames.push(m);
    }
    expect(frames.filter((f) => f.channel === 'book').map((f) => Date.parse(f.data[0].timestamp))).toEqual([t1]);
    c.ws.close();
    witness.ws.close();
  });

  it('reject-request answers chosen requests with an error (v2 and v1); expire-token revokes the token a private request carries', async () => {
    const ex = await start([{
      name: 'errors',
      faults: [
        { match: { request: 'subscribe', channel: 'book' }, effect: { kind: 'reject-request', error: 'EService:Unavailable' } },
        { match: { request: 'add_order' }, first: 1, effect: { kind: 'expire-token' } },
      ],
    }]);
    const c = await open(ex, '/v2');
    c.send({ method: 'subscribe', params: { channel: 'book', symbol: ['BTC/USD'] }, req_id: 5 });
    expect(await c.next()).toMatchObject({ method: 'subscribe', success: false, error: 'EService:Unavailable', req_id: 5 });
    c.send({ method: 'subscribe', params: { channel: 'ticker', symbol: ['BTC/USD'] }, req_id: 6 });
    expect(await c.next()).toMatchObject({ method: 'subscribe', success: true, req_id: 6 });
    const v1 = await open(ex, '/');
    v1.send({ event: 'subscribe', reqid: 7, pair: ['XBT/USD'], subscription: { name: 'book' } });
    expect(await v1.next()).toMatchObject({ event: 'subscriptionStatus', status: 'error', errorMessage: 'EService:Unavailable', reqid: 7 });
    const priv = await open(ex, '/v2-auth');
    const token = await wsToken(ex.url, ex.accounts[0]!, 1);
    const order = { order_type: 'limit', side: 'buy', order_qty: 0.01, symbol: 'BTC/USD', limit_price: 1000 };
    priv.send({ method: 'add_order', params: { ...order, token }, req_id: 1 });
    expect(await priv.next((m) => m.req_id === 1)).toMatchObject({ success: false, error: 'ESession:Invalid session' });
    priv.send({ method: 'add_order', params: { ...order, token }, req_id: 2 });
    expect(await priv.next((m) => m.req_id === 2)).toMatchObject({ success: false, error: 'ESession:Invalid session' });
    const fresh = await wsToken(ex.url, ex.accounts[0]!, 2);
    priv.send({ method: 'add_order', params: { ...order, token: fresh }, req_id: 3 });
    expect(await priv.next((m) => m.req_id === 3)).toMatchObject({ success: true, result: { order_id: expect.any(String) } });
    for (const x of [c, v1, priv]) x.ws.close();
  });

  it('message-rate limit: over the budget a request is answered "Exceeded msg rate" (v2 and v1) until the counter decays', async () => {
    const ex = await start([{ name: 'limited' }], { rateLimits: { rest: false, trading: false, public: false, ws: { messages: { max: 5, decay: 1 } } } });
    const c = await open(ex, '/v2');
    for (let i = 1; i <= 5; i++) c.send({ method: 'ping', req_id: i });
    c.send({ method: 'ping', req_id: 6 });
    const replies = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => c.next((m) => m.req_id === i)));
    expect(replies.slice(0, 5).every((r) => r.method === 'pong')).toBe(true);
    expect(replies[5]).toMatchObject({ method: 'ping', success: false, error: 'Exceeded msg rate', req_id: 6 });
    ex.clock.advance(3_000);
    c.send({ method: 'ping', req_id: 7 });
    expect(await c.next((m) => m.req_id === 7)).toMatchObject({ method: 'pong' });
    const v1 = await open(ex, '/');
    for (let i = 1; i <= 6; i++) v1.send({ event: 'ping', reqid: i });
    const v1Replies = await Promise.all([1, 2, 3, 4, 5, 6].map(() => v1.next()));
    expect(v1Replies[5]).toEqual({ Error: 'Exceeded msg rate' });
    c.ws.close();
    v1.ws.close();
  });
});
