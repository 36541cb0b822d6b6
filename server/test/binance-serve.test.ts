import { afterEach, describe, expect, it } from 'vitest';
import { startExchange, type RunningExchange } from '../src/app.js';
import type { ManualClock } from '../src/clock/clock.js';
import type { ScenarioInput } from '../src/scenario/schema.js';

let ex: RunningExchange<ManualClock> | undefined;
afterEach(async () => {
  await ex?.close();
  ex = undefined;
});

const get = async (path: string) => {
  const r = await fetch(`${ex!.url}${path}`);
  return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
};

const faulty = (route: string, effect: Record<string, unknown>): ScenarioInput => ({
  name: 'binance-fault', exchange: 'binance',
  timeline: [{ name: 'out', faults: [{ name: 'hit', match: { route }, effect: effect as { kind: 'error' } }] }],
});

describe('startExchange({ exchange: "binance" }) serves Binance Spot', () => {
  it('answers time and bookTicker, and journals each request with its route id and operation', async () => {
    ex = await startExchange({ exchange: 'binance', clock: 'manual' });
    const time = await get('/api/v3/time');
    expect(JSON.parse(time.text)).toEqual({ serverTime: ex.clock.now() });
    const book = JSON.parse((await get('/api/v3/ticker/bookTicker?symbol=BTCUSDT')).text);
    expect(book.symbol).toBe('BTCUSDT');
    expect(Number(book.askPrice)).toBeGreaterThan(Number(book.bidPrice));
    const entries = ex.journal.list({ transport: 'rest' }).map((e) => [e.route, e.op, e.status, e.outcome]);
    expect(entries).toEqual([['GET /api/v3/time', 'time', 200, 'ok'], ['GET /api/v3/ticker/bookTicker', 'ticker', 200, 'ok']]);
  });

  it('a Kraken path is a Binance 404, journaled under its path with no operation', async () => {
    ex = await startExchange({ exchange: 'binance', clock: 'manual' });
    const r = await get('/0/public/Time');
    expect([r.status, r.type, r.text]).toEqual([404, 'text/html', '<html><body><h2>404 Not found</h2></body></html>']);
    expect(ex!.journal.list().map((e) => [e.route, e.op, e.outcome])).toEqual([['/0/public/Time', undefined, 'error']]);
  });

  it('the scenario\'s exchange: binance is enough, and a 502 fault on a Binance route gets the edge page naming api.binance.com', async () => {
    ex = await startExchange({ scenario: faulty('GET /api/v3/ticker/*', { kind: 'status', status: 502 }), clock: 'manual' });
    const hit = await get('/api/v3/ticker/price?symbol=BTCUSDT');
    expect(hit.status).toBe(502);
    expect(hit.text).toContain('<title>api.binance.com | 502: Bad gateway</title>');
    expect((await get('/api/v3/time')).status).toBe(200);
    expect(ex!.journal.list().map((e) => [e.route, e.outcome, e.faults])).toEqual([
      ['GET /api/v3/ticker/price', 'fault', ['hit']], ['GET /api/v3/time', 'ok', []],
    ]);
  });

  it('an error fault answers Binance\'s -1001 on 503, or the rule\'s own Binance code', async () => {
    ex = await startExchange({ scenario: faulty('GET /api/v3/depth', { kind: 'error' }), clock: 'manual' });
    const r = await get('/api/v3/depth?symbol=BTCUSDT');
    expect([r.status, JSON.parse(r.text)]).toEqual([503, { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' }]);
    expect(ex!.journal.list()[0]!.error).toBe('-1001: Internal error; unable to process your request. Please try again.');
    await ex!.close();
    ex = await startExchange({ scenario: faulty('GET /api/v3/depth', { kind: 'error', error: '-1008' }), clock: 'manual' });
    const busy = await get('/api/v3/depth?symbol=BTCUSDT');
    expect([busy.status, JSON.parse(busy.text).code]).toEqual([503, -1008]);
  });

  it('the exchange option overrides the scenario\'s: a binance scenario served as kraken answers Kraken', async () => {
    ex = await startExchange({ exchange: 'kraken', scenario: { name: 'x', exchange: 'binance' }, clock: 'manual' });
    expect((await get('/api/v3/time')).status).toBe(404);
    expect(JSON.parse((await get('/0/public/Time')).text).error).toEqual([]);
  });
});
