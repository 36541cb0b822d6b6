import { describe, expect, it } from 'vitest';
import { createExchange } from '../src/app.js';
import { createBinanceApi, type BinanceRequest } from '../src/api/binance/rest/handler.js';
import { binanceFigures } from '../src/api/binance/rest/limit-figures.js';
import { BinanceLimits } from '../src/api/binance/rest/limits.js';
import { createBinanceService } from '../src/api/binance/rest/service.js';
import { signPayload } from '../src/api/binance/rest/signing.js';
import type { ManualClock } from '../src/clock/clock.js';
import { Journal } from '../src/control/journal.js';
import { NO_LIMITS } from '../src/exchange/conditions.js';
import type { Exchange } from '../src/exchange/exchange.js';
import { fmt } from '../src/exchange/decimal.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * A Binance exchange whose scenario turns limits on. `public: { max: 1, decay: 0 }` lets through
 * 1/80 of Kraken's public minute, so the weight limit is 6000 / 80 = 75; `trading: { max: 14.84,
 * decay: 0 }` is a tenth of the intermediate tier's 10 s, so 5 orders per 10 s and 16 000 a day.
 */
async function limited(rateLimits: Record<string, unknown>) {
  const made = await createExchange({ scenario: { name: 'limits', exchange: 'binance', rateLimits }, clock: 'manual' });
  const clock = made.clock as ManualClock;
  clock.advance(MINUTE - (clock.now() % MINUTE)); // at :00 of a minute
  const api = createBinanceApi(made.exchange, clock);
  const ping = (ip = '10.0.0.1') => api({ method: 'GET', path: '/api/v3/ping', query: '', headers: {}, body: '', ip });
  return { ...made, clock, api, ping };
}

const json = (r: { body: string }) => JSON.parse(r.body) as { code: number; msg: string };

describe('Binance limits from the scenario\'s rateLimits (Kraken\'s keys scaled to Binance\'s figures)', () => {
  it('rateLimits: {} is Binance\'s own figures; tightened counters scale them; off limiters are null', () => {
    const on = { ...NO_LIMITS, rest: {}, public: {}, trading: {}, lockout: true };
    expect(binanceFigures(on)).toEqual({ weightPerMinute: 6000, ordersPer10s: 50, ordersPerDay: 160000, bans: true });
    // rate-limit-ban-storm's surge and shedding: half, then a quarter of the weight.
    expect(binanceFigures({ ...on, rest: { max: 10, decay: 0.25 }, public: { max: 10, decay: 0.5 } }).weightPerMinute).toBe(3000);
    expect(binanceFigures({ ...on, rest: { max: 6, decay: 0.2 }, public: { max: 5, decay: 0.25 } }).weightPerMinute).toBe(1500);
    expect(binanceFigures({ ...on, trading: { max: 14.84, decay: 0 } })).toMatchObject({ ordersPer10s: 5, ordersPerDay: 16000 });
    expect(binanceFigures(NO_LIMITS)).toEqual({ weightPerMinute: null, ordersPer10s: null, ordersPerDay: null, bans: false });
  });

  it('exchangeInfo announces the limits in force', async () => {
    const { api } = await limited({ public: { max: 1, decay: 0 }, trading: { max: 14.84, decay: 0 } });
    const info = JSON.parse(api({ method: 'GET', path: '/api/v3/exchangeInfo', query: '', headers: {}, body: '' }).body) as { rateLimits: unknown };
    expect(info.rateLimits).toEqual([
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 75 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 5 },
      { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 16000 },
      { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 300000 },
    ]);
  });

  it('over the minute\'s weight: 429 -1003 with Retry-After to the next minute, still counted; the next minute starts afresh', async () => {
    const { clock, ping } = await limited({ public: { max: 1, decay: 0 } });
    clock.advance(50_500);
    for (let i = 1; i <= 75; i++) expect(ping().headers['x-mbx-used-weight-1m']).toBe(String(i));
    const over = ping();
    expect(over.status).toBe(429);
    expect(json(over)).toEqual({ code: -1003, msg: 'Too much request weight used; current limit is 75 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.' });
    expect(over.headers).toMatchObject({ 'retry-after': '10', 'x-mbx-used-weight-1m': '76', 'x-mbx-used-weight': '76' });
    expect(ping().headers['x-mbx-used-weight-1m']).toBe('77');
    expect(ping('10.0.0.2').status).toBe(200); // per IP
    clock.advance(9_499);
    expect(ping().headers['retry-after']).toBe('1');
    clock.advance(1);
    const fresh = ping();
    expect(fresh.status).toBe(200);
    expect(fresh.headers['x-mbx-used-weight-1m']).toBe('1');
  });

  it('an IP that keeps going is banned (418): the fifth 429 within a minute starts a 2-minute ban, answered until it ends', async () => {
    const { clock, ping } = await limited({ public: { max: 1, decay: 0 } });
    for (let i = 0; i < 75; i++) expect(ping().status).toBe(200);
    for (let i = 0; i < 4; i++) expect(ping().status).toBe(429);
    const ban = ping();
    expect(ban.status).toBe(418);
    expect(ban.headers).toMatchObject({ 'retry-after': '120', 'x-mbx-used-weight-1m': '80' });
    expect(json(ban)).toEqual({ code: -1003, msg: `Way too much request weight used; IP banned until ${clock.now() + 2 * MINUTE}. Please use WebSocket Streams for live updates to avoid bans.` });
    clock.advance(2 * MINUTE - 1);
    expect([ping().status, ping('10.0.0.2').status]).toEqual([418, 200]);
    clock.advance(1);
    expect(ping().status).toBe(200);
  });

  it('the ban ladder doubles per repeat from 2 minutes and is capped at 3 days (13th ban on)', () => {
    // The ladder alone, over a stub exchange: walking the real market through weeks of bans is slow.
    const on = { ...NO_LIMITS, public: { max: 1, decay: 0 }, lockout: true };
    const limits = new BinanceLimits({ trading: { conditions: { rateLimits: () => on }, listeners: new Set() } } as unknown as Exchange);
    let now = 0;
    const bans: number[] = [];
    for (let round = 0; round < 14; round++) {
      now = Math.ceil(now / MINUTE) * MINUTE;
      for (let i = 0; i < 75; i++) expect(limits.weigh('ip', 1, now).refusal).toBeUndefined();
      for (let i = 0; i < 4; i++) expect(limits.weigh('ip', 1, now).refusal?.status).toBe(429);
      expect(limits.weigh('ip', 1, now).refusal?.status).toBe(418);
      const banned = limits.banned('ip', now)!;
      bans.push(Number(banned.headers['retry-after']) * 1000);
      now += bans.at(-1)!;
      expect(limits.banned('ip', now - 1)?.status).toBe(418);
      expect(limits.banned('ip', now)).toBeUndefined();
    }
    expect(bans.slice(0, 12)).toEqual([2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096].map((m) => m * MINUTE));
    expect(bans.slice(12)).toEqual([3 * DAY, 3 * DAY]);
  });

  it('lockout: false keeps answering 429 and never bans', async () => {
    const { ping } = await limited({ public: { max: 1, decay: 0 }, lockout: false });
    for (let i = 0; i < 75; i++) ping();
    for (let i = 0; i < 50; i++) expect(ping().status).toBe(429);
  });

  it('order bursts past the 10 s count: 429 -1015 with Retry-After; counts in X-MBX-ORDER-COUNT-10S/-1D; the next window resets the 10 s count', async () => {
    const { exchange, clock, api } = await limited({ trading: { max: 14.84, decay: 0 } });
    const account = [...exchange.accounts.values()][0]!;
    const price = fmt(exchange.markets.get('BTC/USD')!.book.best('buy')!.price * 9n / 10n / 10n ** 17n * 10n ** 17n, 1);
    const place = () => {
      const text = `symbol=BTCUSD&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.001&price=${price}&timestamp=${clock.now()}`;
      const req: BinanceRequest = { method: 'POST', path: '/api/v3/order', query: '', headers: { 'x-mbx-apikey': account.spec.key }, body: `${text}&signature=${signPayload(text, account.spec.secret)}` };
      return api(req);
    };
    clock.advance(3_000);
    for (let i = 1; i <= 5; i++) {
      const ok = place();
      expect(ok.status).toBe(200);
      expect(ok.headers).toMatchObject({ 'x-mbx-order-count-10s': String(i), 'x-mbx-order-count-1d': String(i) });
    }
    const over = place();
    expect(over.status).toBe(429);
    expect(json(over)).toEqual({ code: -1015, msg: 'Too many new orders; current limit is 5 orders per 10 SECOND.' });
    expect(over.headers).toMatchObject({ 'retry-after': '7', 'x-mbx-order-count-10s': '5', 'x-mbx-order-count-1d': '5', 'x-mbx-used-weight-1m': '6' });
    clock.advance(7_000);
    expect(place().headers).toMatchObject({ 'x-mbx-order-count-10s': '1', 'x-mbx-order-count-1d': '6' });
  });

  it('the journal records Retry-After of 429 and 418 replies as retryAfterMs, as refused', async () => {
    const { exchange, clock } = await limited({ public: { max: 1, decay: 0 } });
    const journal = new Journal();
    const service = createBinanceService(exchange, clock, undefined, journal);
    const ping = () => service({ method: 'GET', path: '/api/v3/ping', query: '', headers: {}, body: '', ip: '10.0.0.9' }).finish();
    clock.advance(45_000);
    for (let i = 0; i < 80; i++) ping();
    const refused = journal.list({ outcome: 'refused' });
    expect(refused.map((e) => [e.status, e.retryAfterMs])).toEqual([[429, 15_000], [429, 15_000], [429, 15_000], [429, 15_000], [418, 120_000]]);
    expect(refused[4]!.error).toMatch(/^-1003: Way too much request weight used; IP banned until \d+\./);
  });
});
