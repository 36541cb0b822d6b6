import { describe, expect, it } from 'vitest';
import { createExchange } from '../src/app.js';
import { targetOf as krakenTarget } from '../src/api/kraken/rest/service.js';
import { targetOf as binanceTarget } from '../src/api/binance/rest/service.js';
import { routeId } from '../src/api/binance/rest/route.js';
import { ROUTES as BINANCE_ROUTES } from '../src/api/binance/rest/routes/index.js';
import { channelOperation as krakenChannel, wsOperation } from '../src/api/kraken/operations.js';
import { channelOperation as binanceChannel, controlOperation } from '../src/api/binance/operations.js';
import { faultRuleSchema, matches, type WsTarget } from '../src/faults/rules.js';
import { validateScenario } from '../src/scenario/validate.js';

const rule = (match: unknown, effect: unknown = { kind: 'status', status: 503 }) => faultRuleSchema.parse({ match, effect });
const request = (method: string, path: string, query = '') => ({ method, path, query, headers: {}, body: '' });

describe('match.op: a neutral operation each dialect maps its own routes to', () => {
  it('Kraken\'s AddOrder and Binance\'s POST /api/v3/order are both place-order; a list matches any of its operations', async () => {
    const { exchange } = await createExchange({ scenario: 'calm', clock: 'manual' });
    const place = rule({ op: 'place-order' });
    const kraken = krakenTarget(exchange, request('POST', '/0/private/AddOrder'))!;
    const route = BINANCE_ROUTES.find((r) => routeId(r) === 'POST /api/v3/order')!;
    const binance = binanceTarget(exchange, request('POST', '/api/v3/order', 'symbol=BTCUSDT'), route);
    expect([kraken.op, binance.op]).toEqual(['place-order', 'place-order']);
    expect([matches(place, kraken), matches(place, binance)]).toEqual([true, true]);
    const depth = binanceTarget(exchange, request('GET', '/api/v3/depth', 'symbol=BTCUSDT'), BINANCE_ROUTES.find((r) => routeId(r) === 'GET /api/v3/depth')!);
    expect(matches(place, depth)).toBe(false);
    expect(matches(rule({ op: ['cancel-order', 'book'] }), depth)).toBe(true);
    // Native names still match beside it, and both must hold when both are given.
    expect(matches(rule({ route: 'AddOrder', op: 'place-order' }), kraken)).toBe(true);
    expect(matches(rule({ route: 'AddOrder', op: 'cancel-order' }), kraken)).toBe(false);
  });

  it('WebSocket channels and requests map to operations in each dialect', () => {
    expect(['book', 'ticker', 'trade', 'ohlc', 'executions', 'balances'].map(krakenChannel)).toEqual(['book', 'ticker', 'trades', 'candles', 'open-orders', 'balance']);
    expect(['depth', 'depth20', 'bookTicker', 'aggTrade', 'kline_1m'].map(binanceChannel)).toEqual(['book', 'book', 'ticker', 'trades', 'candles']);
    expect([wsOperation('add_order', true), wsOperation('subscribe', false), controlOperation('SUBSCRIBE'), controlOperation('LIST_SUBSCRIPTIONS')])
      .toEqual(['place-order', 'subscribe', 'subscribe', undefined]);
    const frame: WsTarget = { transport: 'ws', event: 'frame', path: '/ws', channel: 'depth20', op: 'book', request: undefined, pair: undefined, account: undefined };
    expect(matches(rule({ op: 'book' }, { kind: 'drop-message' }), frame)).toBe(true);
    expect(matches(rule({ op: 'ticker' }, { kind: 'drop-message' }), frame)).toBe(false);
  });
});

const withOp = (exchange: string, op: unknown, effect: unknown = { kind: 'status', status: 503 }) =>
  ({ name: 'x', exchange, timeline: [{ name: 'p', faults: [{ match: { op }, effect }] }] });
const messages = (data: unknown): string[] => {
  const r = validateScenario(data);
  return r.ok ? [] : r.problems.map((p) => p.message);
};

describe('match.op is validated', () => {
  it('a known operation is valid under both dialects', () => {
    expect([...messages(withOp('kraken', 'place-order')), ...messages(withOp('binance', ['book', 'balance']))]).toEqual([]);
  });

  it('an unknown operation gets a did-you-mean', () => {
    expect(messages(withOp('kraken', 'place-ordr')).join()).toMatch(/did you mean "place-order"/);
  });

  it('an operation no route of the dialect maps to can never fire: a contradiction', () => {
    expect(messages(withOp('binance', 'withdraw'))).toEqual(['no Binance route is withdraw (this rule never fires)']);
    expect(messages(withOp('kraken', 'withdraw'))).toEqual([]);
    expect(messages(withOp('binance', 'withdraw', { kind: 'drop-message' }))).toEqual(['no Binance WebSocket channel or request is withdraw (this rule never fires)']);
  });

  it('a fault on whole connections has no operation to match', () => {
    expect(messages(withOp('kraken', 'book', { kind: 'stall' })).join()).toMatch(/no operation/);
  });
});
