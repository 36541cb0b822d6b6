/**
 * The real ccxt (4.5.84, `ccxt.kraken`, REST) against `createMswHandlers` with msw's setupServer and
 * no server listening anywhere: ccxt keeps Kraken's own URLs and reaches the handlers only through
 * `ccxtMswOptions()`, because on Node it sends through the `undici` package, which msw never sees.
 */
import ccxt from 'ccxt';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SystemClock } from '../server/src/clock/clock.js';
import type { ScenarioInput } from '../server/src/scenario/schema.js';
import { ccxtMswOptions, createMswHandlers, type MswExchange } from '../server/src/testing/msw.js';

type Kraken = InstanceType<typeof ccxt.kraken>;

const ORDER_ID = /^O[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{6}$/;

/** One msw server for the file; each test swaps its exchange's handlers in with `use`. */
const server = setupServer();
const stops: (() => void)[] = [];

async function inProcess(scenario: string | ScenarioInput, baseUrl?: string): Promise<MswExchange> {
  const mock = await createMswHandlers(scenario, { seed: 7, ...(baseUrl === undefined ? {} : { baseUrl }) });
  server.use(...mock.handlers);
  stops.push(() => mock.close());
  return mock;
}

/** ccxt on the scenario's default account, set up for msw by the helper and nothing else. */
function krakenFor(mock: MswExchange): Kraken {
  const account = mock.accounts.find((a) => a.name === 'default');
  if (!account) throw new Error('the scenario has no default account');
  return new ccxt.kraken({ apiKey: account.key, secret: account.secret, ...ccxtMswOptions() });
}

const listen = (): void => server.listen({ onUnhandledRequest: 'error' });

beforeAll(listen);
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  server.resetHandlers();
});
afterAll(() => server.close());

describe('ccxt under msw', () => {
  it('without the helper ccxt goes around msw: its request never reaches the handlers', async () => {
    // A .invalid host never resolves (RFC 6761), so this proves the bypass without any network.
    const base = 'https://api.chaos.invalid';
    const mock = await inProcess('calm', base);
    const plain = new ccxt.kraken({ enableRateLimit: false });
    plain.urls.api.public = base;
    await expect(plain.publicGetTicker({ pair: 'XBTUSD' })).rejects.toBeInstanceOf(ccxt.NetworkError);
    expect(mock.journal.list({ route: 'Ticker' })).toEqual([]);
    const helped = new ccxt.kraken(ccxtMswOptions());
    helped.urls.api.public = base;
    const reply = (await helped.publicGetTicker({ pair: 'XBTUSD' })) as { result: Record<string, unknown> };
    expect(Object.keys(reply.result)).toEqual(['XXBTZUSD']);
    expect(mock.journal.list({ route: 'Ticker' })).toMatchObject([{ status: 200, outcome: 'ok', ip: 'in-process' }]);
  });

  it('fetchTicker, fetchBalance, createOrder and fetchOpenOrders on https://api.kraken.com', async () => {
    const mock = await inProcess('calm');
    const kraken = krakenFor(mock);
    const ticker = await kraken.fetchTicker('BTC/USD');
    expect(ticker.symbol).toBe('BTC/USD');
    expect(ticker.bid!).toBeGreaterThan(0);
    expect(ticker.bid!).toBeLessThan(ticker.ask!);
    const balance = await kraken.fetchBalance();
    expect(balance.total).toMatchObject({ USD: 100_000, BTC: 2 });
    const price = Math.floor((ticker.bid! * 0.8) / 1000) * 1000;
    const order = await kraken.createOrder('BTC/USD', 'limit', 'buy', 0.01, price);
    expect(order.id).toMatch(ORDER_ID);
    const open = await kraken.fetchOpenOrders('BTC/USD');
    expect(open.map((o) => [o.id, o.side, o.price, o.amount])).toEqual([[order.id, 'buy', price, 0.01]]);
    expect((await kraken.fetchBalance()).used).toMatchObject({ USD: expect.closeTo(price * 0.01 * 1.004, 6) });
    const served = mock.journal.list({}).map((e) => [e.route, e.status]);
    expect(served).toEqual([['Assets', 200], ['AssetPairs', 200], ['Ticker', 200], ['BalanceEx', 200], ['AddOrder', 200], ['OpenOrders', 200], ['BalanceEx', 200]]);
    expect([...mock.exchange.trading.liveOrders()].map((o) => [o.id, o.account])).toEqual([[order.id, 'default']]);
  });

  it("a scenario's 502 phase reaches ccxt as ExchangeNotAvailable, a reset as NetworkError", async () => {
    const mock = await inProcess({
      name: 'ccxt-faults',
      timeline: [
        { name: 'calm', duration: '1m' },
        { name: 'bad-gateway', duration: '1m', faults: [{ match: { route: 'private/BalanceEx' }, effect: { kind: 'status', status: 502 } }] },
        { name: 'resets', faults: [{ match: { route: 'public/Ticker' }, effect: { kind: 'reset' } }] },
      ],
    });
    const kraken = krakenFor(mock);
    expect((await kraken.fetchBalance()).total).toMatchObject({ BTC: 2 });
    mock.clock.advance(60_000);
    await expect(kraken.fetchBalance()).rejects.toBeInstanceOf(ccxt.ExchangeNotAvailable);
    expect(mock.journal.list({ route: 'BalanceEx' }).map((e) => [e.status, e.outcome])).toEqual([[200, 'ok'], [502, 'fault']]);
    mock.clock.advance(60_000);
    const reset = kraken.fetchTicker('BTC/USD');
    await expect(reset).rejects.toBeInstanceOf(ccxt.NetworkError);
    await expect(reset).rejects.not.toBeInstanceOf(ccxt.ExchangeNotAvailable);
  });

  it('a ccxt built before server.listen() still goes through msw (fetch is looked up per call)', async () => {
    const mock = await inProcess('calm');
    // Closing and listening again stops msw 2.9 intercepting WebSockets; this file has none.
    server.close();
    const early = krakenFor(mock);
    listen();
    expect((await early.fetchTicker('BTC/USD')).symbol).toBe('BTC/USD');
    expect(mock.journal.list({ route: 'Ticker' })).toHaveLength(1);
  });

  it('private calls in the same millisecond get strictly increasing nonces', async () => {
    const mock = await inProcess('calm');
    const kraken = krakenFor(mock);
    await kraken.loadMarkets();
    // In-process calls are a millisecond or less apart; a still ccxt clock makes that certain.
    kraken.milliseconds = () => 1_800_000_000_000;
    const balances = await Promise.all([1, 2, 3, 4].map(() => kraken.fetchBalance()));
    expect(balances.map((b) => b.total)).toEqual(Array(4).fill(expect.objectContaining({ BTC: 2 })));
    expect(mock.journal.list({ route: 'BalanceEx' }).map((e) => e.status)).toEqual([200, 200, 200, 200]);
  });

  it("ccxt's own throttle is off: eight calls in a row take far less than its 7 s of real-time pacing", async () => {
    // Kraken's ccxt rateLimit is 1 s a call, kept on the real clock (ccxt holds its own Date.now and
    // setTimeout): throttled, these eight calls cannot end in under 7 s; in-process they take well under 1.
    const mock = await inProcess('calm');
    const kraken = krakenFor(mock);
    const wall = new SystemClock();
    const start = wall.now();
    await kraken.loadMarkets();
    for (let i = 0; i < 6; i++) expect((await kraken.fetchTicker('BTC/USD')).symbol).toBe('BTC/USD');
    expect(wall.now() - start).toBeLessThan(3_000);
    expect(mock.journal.list({ route: 'Ticker' })).toHaveLength(6);
  });
});
