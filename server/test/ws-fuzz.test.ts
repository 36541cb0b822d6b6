import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange } from '../src/app.js';
import { auditExchange } from '../src/control/audit.js';
import { MAX_CLIENT_FRAME } from '../src/api/kraken/ws/upgrade.js';
import { parseObject } from '../src/api/kraken/ws/wire.js';
import { connectWs, drain, wsToken, type Frame, type WsTestClient } from './ws-client.js';
import { fuzzRuns, fuzzTimeout } from './fuzz-scale.js';
import { crashWatch } from './crash-watch.js';

/**
 * Random and adversarial client frames on all four WebSocket endpoints. Placeholders are filled
 * in as a frame is sent (so counterexamples stay short): `@@req@@` a fresh request id,
 * `@@token@@` a live token, `@@order:N@@` an order placed earlier in the case, `@@long:N@@` N
 * characters, `@@deep[:N@@` / `@@deep{:N@@` arrays or objects nested N deep, and `@@raw:…@@`
 * raw JSON that JSON.stringify cannot write (1e400, 30-digit integers).
 */
const raw = (text: string): string => `@@raw:${text}@@`;
const junk = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 0.5, 1e21, 2 ** 53 + 2, Number.MAX_VALUE, '', ' ', 'NaN', '-1', '__proto__', 'constructor'),
  fc.constantFrom(raw('1e400'), raw('-1e400'), raw('123456789012345678901234567890'), raw('1e-400'), raw('-0')),
  fc.constant({ toString: 1, valueOf: 1 }),
  fc.string({ maxLength: 12 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.oneof(fc.integer({ min: 25, max: 40 }), fc.integer({ min: 1, max: 15_000 })).map((d) => `@@deep[:${d}@@`),
  fc.integer({ min: 1, max: 5_000 }).map((d) => `@@deep{:${d}@@`),
  fc.integer({ min: 1_000, max: 30_000 }).map((n) => `@@long:${n}@@`),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
);
/** A field as sent: mostly a plausible value, sometimes left out (undefined vanishes in JSON), sometimes junk. */
const field = <T>(a: fc.Arbitrary<T>, absent = 1): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 30, arbitrary: a }, { weight: absent, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: junk });
/** A field most requests leave out. */
const rare = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<unknown> => field(a, 60);
const pick = <T>(...v: T[]) => field(fc.constantFrom(...v));
/** A field whose value is mostly one of `good`, sometimes one of `bad` (wrong but of the right type). */
const choose = <T>(good: T[], bad: T[]) => field(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...good) }, { weight: 1, arbitrary: fc.constantFrom(...bad) }));
const bool = rare(fc.boolean());
const token = field(fc.oneof({ weight: 8, arbitrary: fc.constant('@@token@@') }, { weight: 1, arbitrary: fc.constantFrom('nope', '') }), 1);
const orderRef = fc.oneof({ weight: 4, arbitrary: fc.nat(4).map((i) => `@@order:${i}@@`) }, { weight: 1, arbitrary: fc.constantFrom('OAAAAA-AAAAA-AAAAAA', '') });
const price = fc.constantFrom(1, 3400, 40_000, 94_000, 96_000, 250_000);
const reqId = fc.oneof({ weight: 8, arbitrary: fc.constant('@@req@@') }, { weight: 1, arbitrary: junk });

/** A frame: a JSON request (maybe with junk in it), or text, JSON or bytes that are no request at all. */
const frameOf = (body: fc.Arbitrary<Record<string, unknown>>) => fc.oneof(
  { weight: 12, arbitrary: fc.record({ body, advanceMs: fc.constantFrom(0, 0, 1_000, 7_000) }) },
  { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 30 }), fc.json(), fc.constantFrom('', '{', 'null', '[]', '"x"', '{"method":')).map((text) => ({ text })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }).map((bytes) => ({ bytes })) },
);
type Sent = { body: Record<string, unknown>; advanceMs: number } | { text: string } | { bytes: Uint8Array };
const v2Req = (method: fc.Arbitrary<unknown>, params: fc.Arbitrary<unknown>) => fc.record({ method, params, req_id: reqId });
const v1Req = (event: fc.Arbitrary<unknown>, rest: fc.Arbitrary<Record<string, unknown>>) =>
  fc.tuple(fc.record({ event, reqid: reqId }), rest).map(([head, tail]) => ({ ...head, ...tail }));

const v2Order = fc.record({
  order_type: choose(['limit', 'limit', 'limit', 'market', 'stop-loss', 'take-profit', 'stop-loss-limit', 'take-profit-limit'], ['iceberg', 'LIMIT']), side: pick('buy', 'sell'),
  order_qty: choose([0.0001, 0.01, 0.01, 0.5], [1000, 0, 1e-9]), symbol: choose(['BTC/USD', 'BTC/USD', 'ETH/USD'], ['BTC/FOO', 'XBT/USD']), limit_price: field(price),
  triggers: rare(fc.record({ price: field(price) })), time_in_force: rare(fc.constantFrom('gtc', 'ioc', 'gtd', 'fok')), post_only: bool,
  fee_preference: rare(fc.constantFrom('base', 'quote')), expire_time: rare(fc.constantFrom('2030-01-01T00:00:00Z', 'soon')),
  order_userref: rare(fc.nat(2)), cl_ord_id: rare(fc.constantFrom('c-1', 'c-2')), validate: bool,
});
const v2Private = fc.oneof(
  { weight: 5, arbitrary: v2Req(pick('add_order'), field(fc.tuple(v2Order, fc.record({ token })).map(([o, t]) => ({ ...o, ...t })))) },
  { weight: 2, arbitrary: v2Req(pick('amend_order', 'edit_order'), field(fc.record({
    token, order_id: field(orderRef), cl_ord_id: rare(fc.constantFrom('c-1', 'c-2')), symbol: pick('BTC/USD', 'ETH/USD'), order_qty: rare(fc.constantFrom(0.01, 0.02, 0)),
    limit_price: rare(price), trigger_price: rare(price), triggers: rare(fc.record({ price })), post_only: bool, order_userref: rare(fc.nat(2)),
    display_qty: rare(fc.constant(0.001)), reduce_only: bool, validate: bool,
  }))) },
  v2Req(pick('cancel_order'), field(fc.record({
    token, order_id: field(fc.array(orderRef, { maxLength: 3 })), cl_ord_id: rare(fc.array(fc.constantFrom('c-1', 'c-2'), { maxLength: 2 })), order_userref: rare(fc.array(fc.nat(2), { maxLength: 2 })),
  }))),
  v2Req(pick('batch_add'), field(fc.record({ token, symbol: pick('BTC/USD', 'ETH/USD'), orders: field(fc.array(fc.oneof({ weight: 9, arbitrary: v2Order }, { weight: 1, arbitrary: junk }), { maxLength: 16 })), validate: bool }))),
  v2Req(pick('batch_cancel'), field(fc.record({ token, orders: field(fc.array(orderRef, { maxLength: 4 })) }))),
  v2Req(pick('cancel_all', 'cancel_all_orders_after'), field(fc.record({ token, timeout: pick(0, 10, 60, 86_399, 86_400, -1, 1.5) }))),
  v2Req(pick('subscribe', 'unsubscribe'), field(fc.record({ token, channel: pick('executions', 'balances', 'book'), snap_orders: bool, snapshot: bool }))),
  v2Req(pick('ping', 'nope', 'constructor', 'toString'), rare(fc.record({ token }))),
);
const v2Public = fc.oneof({ weight: 4, arbitrary: v2Req(pick('subscribe', 'unsubscribe'), field(fc.record({
  channel: pick('book', 'ticker', 'trade', 'ohlc', 'instrument', 'executions', 'level3'),
  symbol: field(fc.array(fc.constantFrom('BTC/USD', 'ETH/USD', 'SOL/USD', 'XBT/USD', 'BTC/FOO', 'btc/usd', ''), { maxLength: 4 })),
  depth: rare(fc.constantFrom(10, 25, 100, 500, 1000, 7, 0)), interval: field(fc.constantFrom(1, 5, 60, 1440, 21600, 7, 2.5), 6), snapshot: bool,
}))) }, { weight: 1, arbitrary: v2Req(pick('ping', 'add_order', 'pong', 'SUBSCRIBE', ''), rare(fc.record({}))) });
const v1Public = fc.oneof({ weight: 4, arbitrary: v1Req(pick('subscribe', 'unsubscribe'), fc.record({
  pair: field(fc.oneof(fc.array(fc.constantFrom('XBT/USD', 'ETH/USD', 'BTC/USD', 'XBT/FOO', 'foobar', 'xbt/usd', ''), { maxLength: 4 }), fc.constant('XBT/USD'))),
  subscription: field(fc.record({ name: pick('ticker', 'trade', 'spread', 'ohlc', 'book', 'openOrders', '*'), depth: rare(fc.constantFrom(10, 25, 100, 500, 1000, 7)), interval: rare(fc.constantFrom(1, 5, 15, 60, 7)) })),
})) }, { weight: 1, arbitrary: v1Req(pick('ping', 'addOrder', 'heartbeat', 'nope'), fc.constant({})) });
const v1Private = fc.oneof(
  { weight: 4, arbitrary: v1Req(pick('addOrder'), fc.record({
    token, pair: choose(['XBT/USD', 'XBT/USD', 'ETH/USD'], ['XBTUSD', 'XBT/FOO']), type: pick('buy', 'sell'), ordertype: choose(['limit', 'limit', 'market', 'stop-loss'], ['settle-position']),
    volume: choose(['0.01', 0.01, '0.5'], ['1000', '-1', 'abc', '1e5']), price: choose(['40000.0', '94000', '96000.0', '250000', 40_000], ['+5', '50%']), price2: rare(fc.constant('39000')),
    oflags: rare(fc.constantFrom('post', 'fcib,post', 'bogus', '')), userref: rare(fc.constantFrom<unknown>(1, '2', 'x', 2 ** 31)), validate: rare(fc.constantFrom(true, 'true')),
  })) },
  v1Req(pick('cancelOrder'), fc.record({ token, txid: field(fc.array(fc.oneof(orderRef, fc.constantFrom('1', '-1')), { maxLength: 3 })) })),
  v1Req(pick('cancelAll', 'cancelAllOrdersAfter'), fc.record({ token, timeout: pick<unknown>(0, 60, '60', 86_400, -1) })),
  v1Req(pick('subscribe', 'unsubscribe'), fc.record({ subscription: field(fc.record({ name: pick('openOrders', 'ownTrades', 'ticker'), token })) })),
  v1Req(pick('ping', 'editOrder', 'heartbeat', 'constructor'), fc.record({ token: rare(fc.constant('@@token@@')) })),
);

/** What differs between v2 and v1: the request-id field, which frames are replies, and their shape. */
interface Dialect {
  idKey: 'req_id' | 'reqid';
  v1: boolean;
  isReply(m: Frame): boolean;
  checkReply(r: Frame): void;
  /** How many replies a request may get: most one, subscribe one per symbol/pair, cancels one per order or txid. */
  bounds(body: Record<string, unknown>, path: string): [number, number];
  orderIds(r: Frame): string[];
}
const len = (v: unknown): number => (Array.isArray(v) ? Math.max(1, v.length) : 1);
const params = (b: Record<string, unknown>): Record<string, unknown> => (b.params && typeof b.params === 'object' ? b.params as Record<string, unknown> : {});
const V2: Dialect = {
  idKey: 'req_id', v1: false,
  isReply: (m) => !Array.isArray(m) && 'method' in m,
  checkReply: (r) => {
    expect(r).toMatchObject({ method: expect.any(String), time_in: expect.any(String), time_out: expect.any(String) });
    if (r.method !== 'pong') expect(r.success === true || (r.success === false && typeof r.error === 'string' && r.error.length > 0)).toBe(true);
  },
  bounds: (b, path) => b.method === 'cancel_order' ? [1, Infinity]
    : path === '/v2' && (b.method === 'subscribe' || b.method === 'unsubscribe') ? [1, len(params(b).symbol)] : [1, 1],
  orderIds: (r) => [r.result, ...(Array.isArray(r.result) ? r.result : [])].map((x) => x?.order_id).filter((id): id is string => typeof id === 'string' && id !== ''),
};
const V1: Dialect = {
  idKey: 'reqid', v1: true,
  isReply: (m) => !Array.isArray(m) && typeof m.event === 'string' && m.event !== 'heartbeat' && m.event !== 'systemStatus',
  checkReply: (r) => {
    if (r.event === 'pong') return;
    expect(['ok', 'error', 'subscribed', 'unsubscribed']).toContain(r.status);
    if (r.status === 'error') expect(r.errorMessage).toMatch(/\S/);
  },
  bounds: (b, path) => b.event === 'cancelOrder' ? [1, len(b.txid)]
    : path === '/' && (b.event === 'subscribe' || b.event === 'unsubscribe') ? [1, len(b.pair)] : [1, 1],
  orderIds: (r) => (r.event === 'addOrderStatus' && typeof r.txid === 'string' ? [r.txid] : []),
};

/** What placeholders stand for in one case: a live token, the orders placed so far, the next request id. */
interface CaseState { token: string; orders: string[]; nextReq: number }

/** A request's text with its placeholders filled in; `id` is the request id it was given, if any. */
function render(body: Record<string, unknown>, s: CaseState): { text: string; id: number | undefined } {
  let id: number | undefined;
  const fill = (_k: string, v: unknown): unknown => {
    if (typeof v !== 'string' || !v.startsWith('@@') || v.startsWith('@@raw:')) return v;
    const [name, arg] = v.slice(2, -2).split(':');
    const n = Number(arg);
    switch (name) {
      case 'token': return s.token;
      case 'req': return (id = s.nextReq++);
      case 'order': return s.orders[n % Math.max(1, s.orders.length)] ?? 'OAAAAA-BBBBB-CCCCCC';
      case 'long': return 'x'.repeat(n);
      case 'deep[': return raw('['.repeat(n) + ']'.repeat(n));
      case 'deep{': return raw('{"a":'.repeat(n) + '1' + '}'.repeat(n));
      default: return v;
    }
  };
  const text = JSON.stringify(body, fill).replace(/"@@raw:(.*?)@@"/g, (_m, t: string) => JSON.parse(`"${t}"`) as string);
  return { text, id };
}

/** The replies to one frame: well formed; for a request, as many as it may get, all carrying its id; otherwise one Malformed request. */
function checkReplies(dialect: Dialect, path: string, body: Record<string, unknown> | undefined, id: number | undefined, replies: Frame[]): void {
  for (const r of replies) {
    dialect.checkReply(r);
    if (dialect.idKey in r) expect(Number.isFinite(r[dialect.idKey])).toBe(true);
  }
  if (!body) return void expect(replies.map((r) => r.errorMessage ?? r.error)).toEqual(['Malformed request']);
  if (id === undefined) return void expect(replies.length).toBeGreaterThanOrEqual(1);
  const [min, max] = dialect.bounds(body, path);
  const mine = replies.filter((r) => r[dialect.idKey] === id).length;
  expect(mine === replies.length && mine >= min && mine <= max, `${mine} of ${replies.length} replies carry req ${id}`).toBe(true);
}

describe('WebSocket fuzzing: adversarial frames never crash, every request gets its reply', () => {
  let ex: Awaited<ReturnType<typeof startExchange<{ port: number; clock: 'manual'; seed: number }>>>;
  let nonce = 1;
  const watch = crashWatch();
  beforeAll(async () => {
    watch.start();
    ex = await startExchange({ port: 0, clock: 'manual', seed: 11 });
  });
  afterAll(async () => {
    watch.stop();
    await ex.close();
  });

  /** One case: a fresh connection and token (tokens expire as the clock runs on), each frame followed by a ping. */
  async function play(path: string, dialect: Dialect, frames: Sent[]): Promise<void> {
    watch.crashes.length = 0;
    const crash = watch.next();
    const state: CaseState = { token: await wsToken(ex.url, ex.accounts[0]!, ++nonce), orders: [], nextReq: 1 };
    const url = `${ex.url.replace('http', 'ws')}${path}`;
    let c: WsTestClient = await connectWs(url);
    for (const f of frames) {
      const { text, id } = 'body' in f ? render(f.body, state) : { text: 'text' in f ? f.text : undefined, id: undefined };
      if (text !== undefined && Buffer.byteLength(text) > MAX_CLIENT_FRAME) {
        c.ws.send(text);
        expect((await c.closed).code).toBe(1009); // the documented frame limit
        c = await connectWs(url);
        continue;
      }
      c.ws.send('bytes' in f ? f.bytes : text!, { binary: 'bytes' in f });
      const got = await Promise.race([drain(c, dialect.v1), crash, c.closed.then((x) => { throw new Error(`connection closed: ${x.code} ${x.reason}`); })]);
      const replies = got.filter(dialect.isReply);
      checkReplies(dialect, path, 'body' in f ? f.body : text === undefined ? undefined : parseObject(text), id, replies);
      state.orders.push(...replies.flatMap(dialect.orderIds));
      if ('advanceMs' in f) ex.clock.advance(f.advanceMs);
    }
    c.ws.close();
    expect(watch.crashes).toEqual([]);
    expect(auditExchange(ex.exchange)).toEqual([]);
  }

  const cases: [string, string, Dialect, fc.Arbitrary<Record<string, unknown>>, number][] = [
    ['v2 public', '/v2', V2, v2Public, 40], ['v2 private', '/v2-auth', V2, v2Private, 60],
    ['v1 public', '/', V1, v1Public, 40], ['v1 private', '/auth', V1, v1Private, 60],
  ];
  for (const [name, path, dialect, body, runs] of cases) {
    it(`${name} (${path})`, async () => {
      await fc.assert(fc.asyncProperty(fc.array(frameOf(body), { minLength: 1, maxLength: 10 }), (frames) => play(path, dialect, frames)),
        { numRuns: fuzzRuns(runs), seed: 2024 });
    }, fuzzTimeout());
  }
});
