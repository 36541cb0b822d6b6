import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange } from '../src/app.js';
import { auditExchange } from '../src/control/audit.js';
import { MAX_CLIENT_FRAME } from '../src/api/kraken/ws/upgrade.js';
import { connectWs, drain, wsToken, type Frame } from './ws-client.js';
import { crashWatch } from './crash-watch.js';

/** What WebSocket fuzzing (ws-fuzz.test.ts) found, each shrunk to the frame that broke the server. */
describe('WebSocket messages that crashed the server or got a wrong reply', () => {
  let ex: Awaited<ReturnType<typeof startExchange<{ port: number; clock: 'manual' }>>>;
  let token: string;
  const watch = crashWatch();
  beforeAll(async () => {
    watch.start();
    ex = await startExchange({ port: 0, clock: 'manual' });
    token = await wsToken(ex.url, ex.accounts[0]!, 1);
  });
  afterAll(async () => {
    watch.stop();
    await ex.close();
  });

  /** Sends raw frames on a fresh connection; returns the replies to each (everything before the ping that follows it). */
  async function exchange(path: string, ...texts: string[]): Promise<Frame[][]> {
    const c = await connectWs(`${ex.url.replace('http', 'ws')}${path}`);
    const v1 = path === '/' || path === '/auth';
    const out: Frame[][] = [];
    const crash = watch.next();
    for (const text of texts) {
      c.ws.send(text);
      const frames = await Promise.race([drain(c, v1), crash, c.closed.then((x) => { throw new Error(`closed ${x.code} ${x.reason}`); })]);
      out.push(frames.filter((m) => !Array.isArray(m) && m.channel === undefined && m.event !== 'systemStatus' && m.event !== 'heartbeat'));
    }
    c.ws.close();
    expect(watch.crashes).toEqual([]);
    return out;
  }
  /** The replies to one frame. */
  const repliesTo = async (path: string, text: string): Promise<Frame[]> => (await exchange(path, text))[0]!;
  const deep = (n: number): string => '['.repeat(n) + ']'.repeat(n);

  it('a message nested 5,000 deep is Malformed request (with its req_id), not a stack overflow', async () => {
    const [v2] = await repliesTo('/v2-auth', `{"method":"cancel_order","params":{"token":"${token}","cl_ord_id":${deep(5000)}},"req_id":4}`);
    expect(v2).toMatchObject({ method: 'cancel_order', success: false, error: 'Malformed request', req_id: 4 });
    const [v1] = await repliesTo('/', `{"event":"subscribe","reqid":5,"pair":${deep(5000)},"subscription":{"name":"ticker"}}`);
    expect(v1).toMatchObject({ event: 'error', status: 'error', errorMessage: 'Malformed request', reqid: 5 });
    const [ok] = await repliesTo('/v2', `{"method":"subscribe","params":{"channel":"ticker","symbol":${'['.repeat(20)}"BTC/USD"${']'.repeat(20)}},"req_id":6}`);
    expect(ok).toMatchObject({ success: false, error: 'Malformed request', req_id: 6 }); // not too deep, just not a list of symbols
  });

  it('a req_id of 1e400 (Infinity once parsed) is not echoed as "req_id":null', async () => {
    const [v2] = await repliesTo('/v2', '{"method":"subscribe","params":{"channel":"nope"},"req_id":1e400}');
    expect(v2).toMatchObject({ success: false, error: 'Subscription name invalid' });
    expect('req_id' in v2).toBe(false);
    const [v1] = await repliesTo('/', '{"event":"ping","reqid":-1e400}');
    expect(v1).toEqual({ event: 'pong' });
  });

  it('a v2 channel or method named after an Object property ("constructor", {"toString":1}) is refused, not a TypeError', async () => {
    const replies = await exchange('/v2',
      '{"method":"subscribe","params":{"channel":{"toString":1,"valueOf":1},"symbol":["BTC/USD"]},"req_id":1}',
      '{"method":"subscribe","params":{"channel":"constructor","symbol":["BTC/USD"]},"req_id":2}');
    expect(replies.flat().map((r) => [r.req_id, r.error])).toEqual([[1, 'Subscription name invalid'], [2, 'Subscription name invalid']]);
    const methods = await exchange('/v2-auth', ...['constructor', '__proto__', 'toString', 'hasOwnProperty'].map((m, i) => JSON.stringify({ method: m, params: { token }, req_id: i })));
    expect(methods.flat().map((r) => r.error)).toEqual(['Method not found', 'Method not found', 'Method not found', 'Method not found']);
  });

  it('fields whose String() throws ({"toString":1}) are invalid arguments on every private method', async () => {
    const bad = { toString: 1, valueOf: 1 };
    const v2 = await exchange('/v2-auth', ...[
      { method: 'add_order', params: { token, order_type: 'limit', side: 'buy', order_qty: 0.01, symbol: bad } },
      { method: 'add_order', params: { token, order_type: 'limit', side: 'buy', order_qty: 0.01, symbol: 'BTC/USD', limit_price: 1, time_in_force: bad } },
      { method: 'cancel_order', params: { token, order_id: [bad], cl_ord_id: [bad], order_userref: [bad] } },
      { method: 'batch_cancel', params: { token, orders: [bad] } },
    ].map((m, i) => JSON.stringify({ ...m, req_id: i })));
    expect(v2.map((rs) => rs.map((r) => r.error))).toEqual([
      ['Currency pair not supported {"toString":1,"valueOf":1}'], ['EGeneral:Invalid arguments:time_in_force'],
      ['EOrder:Unknown order', 'EOrder:Unknown order', 'EOrder:Unknown order'], [undefined],
    ]);
    const order = { event: 'addOrder', token, pair: 'XBT/USD', type: 'buy', ordertype: 'limit', price: '1000.0', volume: '0.01' };
    const v1 = await exchange('/auth', ...[
      { ...order, volume: bad }, { ...order, price: bad }, { ...order, oflags: bad }, { ...order, userref: bad }, { ...order, userref: 'x' },
      { event: 'cancelOrder', token, txid: [bad] }, { event: 'cancelAllOrdersAfter', token, timeout: bad },
    ].map((m, i) => JSON.stringify({ ...m, reqid: i })));
    expect(v1.map((rs) => rs.map((r) => r.errorMessage))).toEqual([
      ['EGeneral:Invalid arguments:volume'], ['EGeneral:Invalid arguments:price'], ['EGeneral:Invalid arguments:oflags'],
      ['EGeneral:Invalid arguments:userref'], ['EGeneral:Invalid arguments:userref'], ['EOrder:Unknown order'], ['EGeneral:Invalid arguments:timeout'],
    ]);
    expect(auditExchange(ex.exchange)).toEqual([]);
  });

  it('v1 subscribe with an empty pair list gets an error reply, not silence', async () => {
    const replies = await repliesTo('/', '{"event":"subscribe","reqid":3,"pair":[],"subscription":{"name":"ticker"}}');
    expect(replies).toEqual([{ event: 'subscriptionStatus', status: 'error', errorMessage: 'Pair field must be a non-empty array', subscription: { name: 'ticker' }, reqid: 3 }]);
  });

  it(`a frame over MAX_CLIENT_FRAME (${MAX_CLIENT_FRAME} bytes) closes the connection with 1009; the server keeps serving`, async () => {
    const c = await connectWs(`${ex.url.replace('http', 'ws')}/v2`);
    c.ws.send(JSON.stringify({ method: 'ping', params: { pad: 'x'.repeat(MAX_CLIENT_FRAME) }, req_id: 1 }));
    expect((await c.closed).code).toBe(1009);
    const [pong] = await repliesTo('/v2', '{"method":"ping","req_id":2}');
    expect(pong).toMatchObject({ method: 'pong', req_id: 2 });
  });
});
