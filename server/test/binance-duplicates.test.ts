import { afterEach, describe, expect, it } from 'vitest';
import { startExchange } from '../src/app.js';
import { signPayload } from '../src/api/binance/rest/signing.js';
import type { ManualClock } from '../src/clock/clock.js';
import type { ScenarioInput } from '../src/scenario/schema.js';
import { judge } from '../src/verdict/verdict.js';

/**
 * The verdict judges a Binance bot as it judges a Kraken one: an order committed though its reply
 * was -1007 "execution status unknown" (an `ambiguous` fault with `then: error`) is journaled with
 * the order it created, so a bot that resends without looking places a duplicate the check names,
 * and one that asks for the order by its client id first does not.
 */
const SECRET = 'b'.repeat(64);
const scenario = (then: '502' | 'error'): ScenarioInput => ({
  name: 'lost-binance-reply', exchange: 'binance',
  market: { pairs: { 'BTC/USDT': { price: 50000 } } },
  accounts: [{ name: 'bot', key: 'bot-key-000001', secret: SECRET, balances: { USDT: '100000' } }],
  timeline: [{ name: 'lossy', faults: [{ name: 'lost', match: { route: 'POST /api/v3/order' }, first: 1, effect: { kind: 'ambiguous', then } }] }],
  expect: { account: 'bot', noDuplicateOrders: true },
});

type Running = Awaited<ReturnType<typeof startExchange>>;
let running: Running | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** A signed Binance call over HTTP (POST in a form body, others in the query): status and JSON body. */
async function call(ex: Running, method: string, path: string, params: Record<string, string>): Promise<{ status: number; body: any }> {
  const text = new URLSearchParams({ ...params, timestamp: String(ex.clock.now()) }).toString();
  const signed = `${text}&signature=${signPayload(text, SECRET)}`;
  const headers = { 'X-MBX-APIKEY': 'bot-key-000001' };
  const r = method === 'POST'
    ? await fetch(`${ex.url}${path}`, { method, headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: signed })
    : await fetch(`${ex.url}${path}?${signed}`, { method, headers });
  const raw = await r.text();
  return { status: r.status, body: raw.startsWith('{') || raw.startsWith('[') ? JSON.parse(raw) : raw };
}

const ORDER = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01', price: '40000' };

async function start(then: '502' | 'error'): Promise<Running> {
  running = await startExchange({ scenario: scenario(then), clock: 'manual', port: 0 });
  (running.clock as ManualClock).advance(1000);
  return running;
}

const duplicates = (ex: Running, from: number) => judge(ex.scenario, ex.engine, ex.exchange, ex.journal, from, ex.clock.now()).checks.find((c) => c.id === 'noDuplicateOrders')!;

describe('noDuplicateOrders on a Binance journal', () => {
  it('the -1007 reply is journaled with the order it placed, its detail and its neutral problem', async () => {
    const ex = await start('error');
    const r = await call(ex, 'POST', '/api/v3/order', { ...ORDER, newClientOrderId: 'bot-1' });
    expect(r.status).toBe(503);
    expect(r.body).toEqual({ code: -1007, msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.' });
    const [order] = [...ex.exchange.trading.orders.values()];
    const entry = ex.journal.list({ route: 'POST /api/v3/order' })[0]!;
    expect(entry).toMatchObject({ op: 'place-order', problem: 'execution-unknown', outcome: 'fault', effects: { created: [order!.id] } });
    expect(entry.detail).toMatchObject({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.01', price: '40000', newClientOrderId: 'bot-1' });
  });

  it('a bot that resends after -1007 without looking fails, both orders named', async () => {
    const ex = await start('error');
    const from = ex.clock.now();
    expect((await call(ex, 'POST', '/api/v3/order', { ...ORDER, newClientOrderId: 'bot-1' })).status).toBe(503);
    expect((await call(ex, 'POST', '/api/v3/order', { ...ORDER, newClientOrderId: 'bot-2' })).status).toBe(200);
    const [lost, copy] = [...ex.exchange.trading.orders.values()];
    const check = duplicates(ex, from);
    expect(check.status).toBe('fail');
    expect(check.evidence[0]).toMatch(new RegExp(`^${lost!.id} was placed at .* though its reply was lost \\(-1007: Timeout waiting.*\\); copies: ${copy!.id} at `));
  });

  it('a bot that asks for the order by origClientOrderId first finds it placed, sends nothing more, and passes', async () => {
    const ex = await start('error');
    const from = ex.clock.now();
    expect((await call(ex, 'POST', '/api/v3/order', { ...ORDER, newClientOrderId: 'bot-1' })).status).toBe(503);
    const found = await call(ex, 'GET', '/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: 'bot-1' });
    expect(found.body).toMatchObject({ clientOrderId: 'bot-1', status: 'NEW' });
    expect(duplicates(ex, from).status).toBe('pass');
  });

  it('a 5XX page after the commit counts as lost too', async () => {
    const ex = await start('502');
    const from = ex.clock.now();
    expect((await call(ex, 'POST', '/api/v3/order', ORDER)).status).toBe(502);
    expect((await call(ex, 'POST', '/api/v3/order', ORDER)).status).toBe(200);
    expect(ex.exchange.trading.orders.size).toBe(2);
    expect(duplicates(ex, from).status).toBe('fail');
  });

  it('a cancel is journaled with the order it cancelled', async () => {
    const ex = await start('502');
    await call(ex, 'POST', '/api/v3/order', { ...ORDER, newClientOrderId: 'gone' });
    const [order] = [...ex.exchange.trading.orders.values()];
    expect((await call(ex, 'DELETE', '/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: 'gone' })).status).toBe(200);
    expect(ex.journal.list({ route: 'DELETE /api/v3/order' })[0]).toMatchObject({ op: 'cancel-order', effects: { cancelled: [order!.id] }, detail: { origClientOrderId: 'gone' } });
  });
});
