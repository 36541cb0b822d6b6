import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditExchange } from '../server/src/control/audit.js';
import { binanceCall, serveBinance, tallyBinance, type Served } from './binance-helpers.js';

// Each describe serves one built-in Binance scenario on a real socket on the manual clock; its tests
// run in order and move the clock forward, phase by phase, talking to it as a Binance client does.

const MIN = 60_000;
const LIMIT = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price: '50000' };

/** Moves the clock to `offset` ms after the run began. */
const at = (s: Served, start: number, offset: number): void => void s.clock.advanceTo(start + offset);

async function symbolStatus(s: Served): Promise<string> {
  return (await binanceCall(s, 'GET', '/api/v3/exchangeInfo', { symbol: 'BTCUSDT' }, false)).body.symbols[0].status;
}

describe('binance-engine-halt (C6, C8): Market is closed, a cancel-only window, then trading', () => {
  let s: Served;
  let start: number;
  beforeAll(async () => {
    s = await serveBinance('binance-engine-halt');
    start = s.clock.now();
  });
  afterAll(async () => {
    expect(auditExchange(s.exchange)).toEqual([]);
    await s.close();
  });

  it('before the halt: an order rests', async () => {
    at(s, start, 2 * MIN);
    expect((await binanceCall(s, 'POST', '/api/v3/order', { ...LIMIT, newClientOrderId: 'resting' })).kind).toBe('ok');
  });

  it('B8 B15: halted — every symbol BREAK, system status 1, new orders and cancels -1013 "Market is closed."', async () => {
    at(s, start, 15 * MIN);
    expect(await symbolStatus(s)).toBe('BREAK');
    expect((await binanceCall(s, 'GET', '/sapi/v1/system/status', {}, false)).body).toEqual({ status: 1, msg: 'system_maintenance' });
    const placed = await binanceCall(s, 'POST', '/api/v3/order', LIMIT);
    expect(placed.body).toEqual({ code: -1013, msg: 'Market is closed.' });
    expect((await binanceCall(s, 'DELETE', '/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: 'resting' })).kind).toBe('-1013');
  });

  it('B10 B13: cancel-only — symbols HALT, the resting order survived and can be cancelled, new orders still refused', async () => {
    at(s, start, 32 * MIN);
    expect(await symbolStatus(s)).toBe('HALT');
    expect((await binanceCall(s, 'GET', '/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: 'resting' })).body).toMatchObject({ status: 'NEW' });
    expect((await binanceCall(s, 'POST', '/api/v3/order', LIMIT)).kind).toBe('-1013');
    expect((await binanceCall(s, 'DELETE', '/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: 'resting' })).body).toMatchObject({ status: 'CANCELED' });
  });

  it('B13: trading resumes — TRADING, system status 0, orders accepted', async () => {
    at(s, start, 40 * MIN);
    expect(await symbolStatus(s)).toBe('TRADING');
    expect((await binanceCall(s, 'GET', '/sapi/v1/system/status', {}, false)).body).toEqual({ status: 0, msg: 'normal' });
    expect((await binanceCall(s, 'POST', '/api/v3/order', LIMIT)).kind).toBe('ok');
  });
});

describe('binance-overload-unknown (2025-08-29 -1007, 2023-01 503 then filled): orders placed though their reply says otherwise', () => {
  let s: Served;
  let start: number;
  beforeAll(async () => {
    s = await serveBinance('binance-overload-unknown');
    start = s.clock.now();
  });
  afterAll(async () => {
    expect(auditExchange(s.exchange)).toEqual([]);
    await s.close();
  });

  it('B5 B7 B22: during the storm -1007 and 502 replies stand for placed orders, -1008 for orders not placed', async () => {
    at(s, start, 10 * MIN);
    const seen = await tallyBinance(60, (i) => binanceCall(s, 'POST', '/api/v3/order', { ...LIMIT, newClientOrderId: `o-${i}` }));
    expect(Object.keys(seen).sort()).toEqual(['-1007', '-1008', 'http 502', 'ok']);
    const placed = [...s.exchange.trading.orders.values()].length;
    expect(placed).toBe(seen.ok! + seen['-1007']! + seen['http 502']!);
    // Each placed order is found by the client id it was sent with, whatever its reply said.
    const lost = s.journal.list({ route: 'POST /api/v3/order' }).find((e) => e.problem === 'execution-unknown')!;
    const found = await binanceCall(s, 'GET', '/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: lost.detail!.newClientOrderId! });
    expect(found.kind === 'ok' || found.kind === '-1008').toBe(true);
  });

  it('after the storm every call is answered', async () => {
    at(s, start, 30 * MIN);
    expect(await tallyBinance(20, () => binanceCall(s, 'GET', '/api/v3/openOrders', { symbol: 'BTCUSDT' }))).toEqual({ ok: 20 });
  });
});

describe('binance-withdrawals-suspended (C7, 2025-04-15): slow, failing signed calls; withdrawals off past the recovery', () => {
  let s: Served;
  let start: number;
  beforeAll(async () => {
    s = await serveBinance('binance-withdrawals-suspended');
    start = s.clock.now();
  });
  afterAll(async () => {
    expect(auditExchange(s.exchange)).toEqual([]);
    await s.close();
  });

  it('B6 B7: in the zone failure a third of signed calls fail with -1001 on 503, the rest answer late', async () => {
    at(s, start, 10 * MIN);
    const before = s.clock.now();
    const seen = await tallyBinance(60, () => binanceCall(s, 'GET', '/api/v3/account'));
    expect(Object.keys(seen).sort()).toEqual(['-1001', 'ok']);
    expect(seen['-1001']).toBeGreaterThan(8);
    expect(s.clock.now() - before).toBeGreaterThan(60 * 500);
  });

  it('B17: withdrawals are refused while trading is back, and the funds stay', async () => {
    at(s, start, 40 * MIN);
    expect((await binanceCall(s, 'GET', '/api/v3/account')).kind).toBe('ok');
    const coins = (await binanceCall(s, 'GET', '/sapi/v1/capital/config/getall')).body as { coin: string; withdrawAllEnable: boolean }[];
    expect(coins.find((c) => c.coin === 'BTC')?.withdrawAllEnable).toBe(false);
  });

  it('B23: online again, withdrawals enabled', async () => {
    at(s, start, 90 * MIN);
    const coins = (await binanceCall(s, 'GET', '/sapi/v1/capital/config/getall')).body as { coin: string; withdrawAllEnable: boolean }[];
    expect(coins.find((c) => c.coin === 'BTC')?.withdrawAllEnable).toBe(true);
  });
});
