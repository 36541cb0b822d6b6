import { beforeEach, describe, expect, it } from 'vitest';
import { createExchange } from '../src/app.js';
import { createBinanceApi } from '../src/api/binance/rest/handler.js';
import { signPayload } from '../src/api/binance/rest/signing.js';
import { LISTEN_KEY_TTL_MS } from '../src/api/binance/user/listen-keys.js';
import { userEventsOf } from '../src/api/binance/user/user-events.js';
import type { ManualClock } from '../src/clock/clock.js';
import type { Account } from '../src/exchange/account.js';
import type { Exchange } from '../src/exchange/exchange.js';

describe('Binance user data: listenKeys and events', () => {
  let exchange: Exchange;
  let clock: ManualClock;
  let account: Account;
  let api: ReturnType<typeof createBinanceApi>;

  beforeEach(async () => {
    const made = await createExchange({ scenario: 'calm', clock: 'manual' });
    exchange = made.exchange;
    clock = made.clock as ManualClock;
    clock.advance(60_000);
    account = [...exchange.accounts.values()][0]!;
    api = createBinanceApi(exchange, clock);
  });

  const keyed = (method: string, query = '', key = account.spec.key) => {
    const r = api({ method, path: '/api/v3/userDataStream', query, headers: { 'x-mbx-apikey': key }, body: '' });
    return { status: r.status, body: JSON.parse(r.body) as Record<string, unknown> };
  };
  const signed = (method: string, path: string, params: Record<string, string>) => {
    const text = new URLSearchParams({ ...params, timestamp: String(clock.now()) }).toString();
    const r = api({ method, path, query: `${text}&signature=${signPayload(text, account.spec.secret)}`, headers: { 'x-mbx-apikey': account.spec.key }, body: '' });
    return JSON.parse(r.body) as Record<string, any>;
  };

  it('POST gives a 64-character key with the key header alone (the same one twice); PUT keeps it past 60 minutes; it lapses 60 minutes after the last PUT (-1125)', () => {
    const first = keyed('POST');
    expect(first.status).toBe(200);
    const key = first.body.listenKey as string;
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(keyed('POST').body.listenKey).toBe(key);
    clock.advance(LISTEN_KEY_TTL_MS - 1_000);
    expect(keyed('PUT', `listenKey=${key}`)).toEqual({ status: 200, body: {} });
    clock.advance(LISTEN_KEY_TTL_MS - 1_000);
    expect(keyed('PUT', `listenKey=${key}`).status).toBe(200);
    clock.advance(LISTEN_KEY_TTL_MS);
    expect(keyed('PUT', `listenKey=${key}`)).toEqual({ status: 400, body: { code: -1125, msg: 'This listenKey does not exist.' } });
    const fresh = keyed('POST').body.listenKey;
    expect(fresh).not.toBe(key);
    expect(keyed('DELETE', `listenKey=${String(fresh)}`).body).toEqual({});
    expect(keyed('DELETE', `listenKey=${String(fresh)}`).body.code).toBe(-1125);
  });

  it('a userDataStream call without a usable key is -2014, with an unknown key -2015', () => {
    expect(api({ method: 'POST', path: '/api/v3/userDataStream', query: '', headers: {}, body: '' }).status).toBe(401);
    expect(keyed('POST', '', 'nobody-has-this-key').body.code).toBe(-2015);
  });

  it('a MARKET buy that fills: executionReport NEW, then TRADE with X=FILLED and the fill, then one outboundAccountPosition equal to GET /api/v3/account', async () => {
    const events: Record<string, any>[] = [];
    const stop = userEventsOf(exchange).subscribe(account, (e) => events.push(e));
    const placed = signed('POST', '/api/v3/order', { symbol: 'BTCUSD', side: 'BUY', type: 'MARKET', quantity: '0.01', newClientOrderId: 'fill-me' });
    expect(placed.status).toBe('FILLED');
    await Promise.resolve();
    stop();
    const reports = events.filter((e) => e.e === 'executionReport');
    expect(reports[0]).toMatchObject({ x: 'NEW', X: 'NEW', i: placed.orderId, c: 'fill-me', s: 'BTCUSD', S: 'BUY', o: 'MARKET', q: '0.01000000', t: -1, N: null, n: '0', C: '' });
    const trades = reports.filter((e) => e.x === 'TRADE');
    expect(trades.length).toBe(placed.fills.length);
    const last = trades[trades.length - 1]!;
    expect(last).toMatchObject({ X: 'FILLED', i: placed.orderId, z: placed.executedQty, Z: placed.cummulativeQuoteQty, m: false, w: false });
    trades.forEach((t, n) => expect(t).toMatchObject({ l: placed.fills[n].qty, L: placed.fills[n].price, n: placed.fills[n].commission, N: placed.fills[n].commissionAsset, t: placed.fills[n].tradeId }));
    const positions = events.filter((e) => e.e === 'outboundAccountPosition');
    expect(positions.length).toBe(1);
    expect(events[events.length - 1]!.e).toBe('outboundAccountPosition');
    const balances = signed('GET', '/api/v3/account', {}).balances as { asset: string; free: string; locked: string }[];
    for (const b of positions[0]!.B as { a: string; f: string; l: string }[]) {
      expect(balances.find((x) => x.asset === b.a)).toEqual({ asset: b.a, free: b.f, locked: b.l });
    }
    expect((positions[0]!.B as { a: string }[]).map((b) => b.a).sort()).toEqual(['BTC', 'USD']);
  });

  it('a resting LIMIT then its cancel: NEW (w=true, W) and CANCELED (C = its client id), each followed by the locked quote in outboundAccountPosition', async () => {
    const events: Record<string, any>[] = [];
    userEventsOf(exchange).subscribe(account, (e) => events.push(e));
    const bid = exchange.markets.get('BTC/USD')!.book.best('buy')!.price / 10n ** 18n;
    const price = `${(bid * 9n) / 10n}`;
    const placed = signed('POST', '/api/v3/order', { symbol: 'BTCUSD', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01', price, newClientOrderId: 'rest-1' });
    await Promise.resolve();
    expect(events[0]).toMatchObject({ e: 'executionReport', x: 'NEW', X: 'NEW', w: true, W: placed.workingTime, i: placed.orderId, p: placed.price });
    expect(events[1]).toMatchObject({ e: 'outboundAccountPosition' });
    const usd = (events[1]!.B as { a: string; l: string }[]).find((b) => b.a === 'USD')!;
    expect(usd.l).not.toBe('0.00000000');
    signed('DELETE', '/api/v3/order', { symbol: 'BTCUSD', orderId: String(placed.orderId) });
    await Promise.resolve();
    expect(events[2]).toMatchObject({ e: 'executionReport', x: 'CANCELED', X: 'CANCELED', C: 'rest-1', w: false });
    expect((events[3]!.B as { a: string; l: string }[]).find((b) => b.a === 'USD')!.l).toBe('0.00000000');
  });
});
