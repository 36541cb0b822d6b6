import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange } from '../server/src/app.js';
import { auditExchange } from '../server/src/control/audit.js';
import { BookMirror, connectWs, drain, knock as knockAt, wsToken, type Frame, type WsTestClient } from '../server/test/ws-client.js';
import { at, audited, Bot, lastPrice, MIN, px, SEC } from './library-helpers.js';

// WebSocket faults need real sockets: the scenario runs on a real server (port 0, manual clock),
// and every client below is a plain `ws` client. Frames sent while the clock moves are queued by
// the client and read afterwards, in order, up to the reply to a ping.

type Running = Awaited<ReturnType<typeof startExchange<{ scenario: string; port: number; clock: 'manual' }>>>;
let reqs = 1_000;

/** The mode a status frame announces (v2 `status` channel or v1 `systemStatus`), else undefined. */
const announced = (m: Frame): string | undefined => (m.channel === 'status' ? m.data[0].system : m.event === 'systemStatus' ? m.status : undefined);

/** Applies every book frame to `mirror`; returns how many checksums verified and how many failed, the last checksum, and the heartbeats. */
function follow(frames: Frame[], mirror: BookMirror): { ok: number; bad: number; last: number | undefined; heartbeats: number } {
  const out = { ok: 0, bad: 0, last: undefined as number | undefined, heartbeats: 0 };
  for (const f of frames) {
    if (f.channel === 'heartbeat') out.heartbeats++;
    if (f.channel !== 'book') continue;
    if (mirror.apply(f.text)) out.ok++;
    else out.bad++;
    out.last = f.data[0].checksum;
  }
  return out;
}

describe('websocket-disruption (K16, K26, K15, K21, C8): a certificate rotation, a stale book, maintenance closing public sockets with 1013', () => {
  let ex: Running;
  let bot: Bot;
  /** v2 public client, subscribed to the BTC/USD book, and its copy of the book. */
  let pub: WsTestClient;
  let mirror: BookMirror;
  /** v2 private client, subscribed to executions. */
  let priv: WsTestClient;
  let privV1: WsTestClient;
  let token: string;
  let price: number;
  const clients: WsTestClient[] = [];

  const wsUrl = (path: string): string => `${ex.url.replace('http', 'ws')}${path}`;

  /** Connects and takes the status frame; returns the client and the mode it announced. */
  async function open(path: string): Promise<{ c: WsTestClient; mode: string | undefined }> {
    const c = await connectWs(wsUrl(path));
    clients.push(c);
    return { c, mode: announced(await c.next((m) => announced(m) !== undefined)) };
  }

  const knock = (path: string): ReturnType<typeof knockAt> => knockAt(wsUrl(path));

  /** Subscribes to the BTC/USD book (depth 10); returns the snapshot's raw text. */
  async function subscribeBook(c: WsTestClient): Promise<string> {
    const id = ++reqs;
    c.send({ method: 'subscribe', params: { channel: 'book', symbol: ['BTC/USD'], depth: 10 }, req_id: id });
    expect(await c.next((m) => m.req_id === id)).toMatchObject({ method: 'subscribe', success: true });
    return c.nextText((m) => m.channel === 'book');
  }

  /** A fresh token (a new nonce, as a client fetches one for each session), then executions: the open orders' snapshot. */
  async function subscribeExecutions(c: WsTestClient): Promise<Frame[]> {
    token = await wsToken(ex.url, ex.accounts[0]!, ++bot.nonce);
    const id = ++reqs;
    c.send({ method: 'subscribe', params: { channel: 'executions', token, snap_orders: true }, req_id: id });
    expect(await c.next((m) => m.req_id === id)).toMatchObject({ success: true });
    return (await c.next((m) => m.channel === 'executions' && m.type === 'snapshot')).data;
  }

  beforeAll(async () => {
    ex = audited(await startExchange({ scenario: 'websocket-disruption', port: 0, clock: 'manual' }));
    bot = new Bot(ex.url, ex.clock, ex.accounts[0]!.key, ex.accounts[0]!.secret);
  });
  afterAll(async () => {
    for (const c of clients) c.ws.terminate();
    await ex.close();
  });

  it('B1 B21 B23: the certificate rotation (K16) drops every socket once with 1001, REST never notices, and a second later reconnecting works', async () => {
    at(ex.clock, 1 * MIN);
    price = await lastPrice(bot);
    expect((await bot.priv('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: px(price, 0.8), volume: '0.01', userref: 42 })).kind).toBe('ok');
    let mode: string | undefined;
    ({ c: pub, mode } = await open('/v2'));
    expect(mode).toBe('online');
    mirror = new BookMirror();
    expect(mirror.apply(await subscribeBook(pub))).toBe(true);
    const pubV1 = (await open('/')).c;
    ({ c: priv } = await open('/v2-auth'));
    expect((await subscribeExecutions(priv)).map((o: Frame) => o.order_userref)).toEqual([42]);
    ({ c: privV1 } = await open('/auth'));

    at(ex.clock, 3 * MIN - SEC);
    const before = follow(await drain(pub), mirror);
    expect(before.ok).toBeGreaterThan(0);
    expect(before.bad).toBe(0);
    at(ex.clock, 3 * MIN);
    const rotated = { code: 1001, reason: 'CloudFlare WebSocket proxy restarting' };
    for (const c of [pub, pubV1, priv, privV1]) expect(await c.closed).toEqual(rotated);
    expect((await bot.pub('Time')).kind).toBe('ok');
    expect((await bot.pub('SystemStatus')).result.status).toBe('online');
    expect(Object.values((await bot.priv('OpenOrders')).result.open).map((o: Frame) => o.userref)).toEqual([42]);

    at(ex.clock, 3 * MIN + SEC);
    ({ c: pub, mode } = await open('/v2'));
    expect(mode).toBe('online');
    mirror = new BookMirror();
    expect(mirror.apply(await subscribeBook(pub))).toBe(true);
    ({ c: priv, mode } = await open('/v2-auth'));
    expect(mode).toBe('online');
    expect((await subscribeExecutions(priv)).map((o: Frame) => o.order_userref)).toEqual([42]);
    at(ex.clock, 3 * MIN + 30 * SEC);
    expect(follow(await drain(pub), mirror)).toMatchObject({ ok: 29, bad: 0 });
  });

  it('B6 B21: the book goes stale for two minutes (heartbeats go on, REST Depth moves on), a newcomer gets the same stale book, then updates resume and verify', async () => {
    at(ex.clock, 6 * MIN);
    const last = follow(await drain(pub), mirror);
    expect(last.bad).toBe(0);
    at(ex.clock, 7 * MIN);
    // A heartbeat each second that sent nothing else: 59, as the pong to the last drain filled the first.
    expect(follow(await drain(pub), mirror)).toMatchObject({ ok: 0, bad: 0, heartbeats: 59 });

    const { c: late } = await open('/v2');
    const lateMirror = new BookMirror();
    const stale = await subscribeBook(late);
    expect(lateMirror.apply(stale)).toBe(true);
    expect(JSON.parse(stale).data[0].checksum).toBe(last.last);
    const depth = (await bot.pub('Depth', { pair: 'XBTUSD', count: 10 })).result.XXBTZUSD;
    expect(Number(depth.asks[0][0])).not.toBe(JSON.parse(stale).data[0].asks[0].price);

    at(ex.clock, 8 * MIN + 10 * SEC);
    expect(follow(await drain(pub), mirror)).toMatchObject({ ok: 11, bad: 0 });
    expect(follow(await drain(late), lateMirror)).toMatchObject({ ok: 11, bad: 0 });
    late.ws.close();
  });

  it('B1 B8: maintenance (K15) closes public sockets with 1013 "Market data unavailable", again on every reconnect; private ones stay and are told `maintenance`', async () => {
    at(ex.clock, 9 * MIN);
    const pubV1 = (await open('/')).c;
    ({ c: privV1 } = await open('/auth'));
    await drain(priv);
    at(ex.clock, 10 * MIN);
    const unavailable = { code: 1013, reason: 'Market data unavailable' };
    expect(await pub.closed).toEqual(unavailable);
    expect(await pubV1.closed).toEqual(unavailable);
    expect((await drain(priv)).map(announced).filter(Boolean)).toEqual(['maintenance']);
    expect((await drain(privV1, true)).map(announced).filter(Boolean)).toEqual(['maintenance']);
    expect((await bot.pub('SystemStatus')).result.status).toBe('maintenance');
    priv.send({ method: 'add_order', params: { order_type: 'limit', side: 'buy', order_qty: 0.01, symbol: 'BTC/USD', limit_price: Number(px(price, 0.8)), token }, req_id: 7 });
    expect(await priv.next((m) => m.req_id === 7)).toMatchObject({ success: false, error: 'EService:Unavailable' });

    at(ex.clock, 12 * MIN);
    expect(await knock('/v2')).toEqual({ outcome: 'closed 1013 Market data unavailable', frames: 0 });
    expect(await knock('/')).toEqual({ outcome: 'closed 1013 Market data unavailable', frames: 0 });
  });

  it('B20 B21: reconnecting in a tight loop spends the IP\'s connection budget (HTTP 429 on the upgrade, longer the more it tries); backing off gets through', async () => {
    at(ex.clock, 13 * MIN);
    const storm: string[] = [];
    let refused: Awaited<ReturnType<typeof knock>> | undefined;
    while (storm.length < 25) {
      const r = await knock('/v2');
      storm.push(r.outcome);
      refused ??= r.outcome === 'http 429' ? r : undefined;
    }
    expect(storm).toEqual([...Array<string>(20).fill('closed 1013 Market data unavailable'), ...Array<string>(5).fill('http 429')]);
    expect(refused).toMatchObject({ server: 'cloudflare', frames: 0 });
    expect(refused?.body).toContain('Too many requests');
    expect((await bot.pub('Time')).kind).toBe('ok');

    ex.clock.advance(20 * SEC);
    expect((await knock('/v2')).outcome).toBe('http 429');
    ex.clock.advance(8 * SEC);
    expect((await knock('/v2')).outcome).toBe('closed 1013 Market data unavailable');
  });

  it('B21 B22 B23: at reopening the private sockets are told `online`, a public reconnect gets a book that verifies, orders reconcile; nothing lost', async () => {
    at(ex.clock, 15 * MIN);
    expect((await drain(priv)).map(announced).filter(Boolean)).toEqual(['online']);
    expect((await drain(privV1, true)).map(announced).filter(Boolean)).toEqual(['online']);
    let mode: string | undefined;
    ({ c: pub, mode } = await open('/v2'));
    expect(mode).toBe('online');
    mirror = new BookMirror();
    expect(mirror.apply(await subscribeBook(pub))).toBe(true);
    at(ex.clock, 15 * MIN + 20 * SEC);
    expect(follow(await drain(pub), mirror)).toMatchObject({ ok: 20, bad: 0 });

    priv.send({ method: 'add_order', params: { order_type: 'limit', side: 'buy', order_qty: 0.01, symbol: 'BTC/USD', limit_price: Number(px(price, 0.8)), order_userref: 43, token }, req_id: 8 });
    expect(await priv.next((m) => m.req_id === 8)).toMatchObject({ success: true, result: { order_id: expect.any(String) } });
    const resting = Object.values((await bot.priv('OpenOrders')).result.open).map((o: Frame) => o.userref).sort();
    expect(resting).toEqual([42, 43]);
    expect(auditExchange(ex.exchange)).toEqual([]);
  });
});
