/**
 * The real ccxt (`ccxt.binance`, spot) against a real Binance dialect on port 0 with the manual
 * clock, the scenario's limits on: what a bot sees when it hammers. ccxt's binance turns HTTP 429
 * and 418 alike into `DDoSProtection` (its handleErrors checks the status before any code), with
 * the body in the message; `Retry-After` is left to the bot in `last_response_headers`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binanceHttpHandler } from '../server/src/api/binance/rest/http.js';
import { createExchange } from '../server/src/app.js';
import type { ManualClock } from '../server/src/clock/clock.js';
import { fmt } from '../server/src/exchange/decimal.js';
import type { Exchange } from '../server/src/exchange/exchange.js';

const MINUTE = 60_000;

describe('ccxt binance meets Binance\'s rate limits', () => {
  let server: Server;
  let exchange: Exchange;
  let clock: ManualClock;
  let client: InstanceType<typeof ccxt.binance>;

  beforeAll(async () => {
    // Weight 75 a minute (1/80 of Kraken's public minute), 5 new orders per 10 s (a tenth of the intermediate tier's).
    const rateLimits = { public: { max: 1, decay: 0 }, trading: { max: 14.84, decay: 0 } };
    const made = await createExchange({ scenario: { name: 'limits', exchange: 'binance', rateLimits }, clock: 'manual' });
    exchange = made.exchange;
    clock = made.clock as ManualClock;
    clock.advance(MINUTE - (clock.now() % MINUTE));
    const account = [...exchange.accounts.values()][0]!;
    server = createServer(binanceHttpHandler(exchange, clock));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3`;
    client = new ccxt.binance({
      apiKey: account.spec.key, secret: account.spec.secret, enableRateLimit: false, enableLastResponseHeaders: true,
      options: { defaultType: 'spot', fetchMarkets: { types: ['spot'] }, fetchMargins: false, fetchCurrencies: false },
    });
    const api = client.urls.api as Record<string, unknown>;
    api.public = url;
    api.private = url;
    client.milliseconds = () => clock.now();
    await client.loadMarkets();
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  /** The headers of ccxt's last answer, by lower-case name (ccxt capitalises them: `Retry-After`, `X-Mbx-Used-Weight-1m`). */
  const headers = (): Record<string, string> =>
    Object.fromEntries(Object.entries((client.last_response_headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));

  it('an order burst past 5 per 10 s: the sixth createOrder throws DDoSProtection carrying -1015', async () => {
    const bid = exchange.markets.get('BTC/USD')!.book.best('buy')!.price;
    const price = Number(fmt(bid * 9n / 10n / 10n ** 17n * 10n ** 17n, 1));
    for (let i = 1; i <= 5; i++) {
      await client.createOrder('BTC/USD', 'limit', 'buy', 0.001, price);
      expect(headers()['x-mbx-order-count-10s']).toBe(String(i));
    }
    const err = await client.createOrder('BTC/USD', 'limit', 'buy', 0.001, price).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ccxt.DDoSProtection);
    expect(String(err)).toContain('"code":-1015,"msg":"Too many new orders; current limit is 5 orders per 10 SECOND."');
    expect(headers()['retry-after']).toBe('10');
  });

  it('polling past the weight: 429s, then the ban (418) whose end ccxt\'s message and Retry-After tell', async () => {
    clock.advance(MINUTE - (clock.now() % MINUTE));
    for (let i = 1; i <= 75; i++) await client.fetchTime();
    expect(headers()['x-mbx-used-weight-1m']).toBe('75');
    for (let i = 0; i < 4; i++) {
      const e = await client.fetchTime().catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ccxt.DDoSProtection);
      expect(String(e)).toMatch(/ 429 .*"code":-1003,"msg":"Too much request weight used; current limit is 75 request weight per 1 MINUTE\./);
      expect(headers()['retry-after']).toBe('60');
    }
    const ban = await client.fetchTime().catch((x: unknown) => x);
    expect(ban).toBeInstanceOf(ccxt.DDoSProtection);
    const until = Number(/IP banned until (\d+)\./.exec(String(ban))?.[1]);
    expect(String(ban)).toContain(' 418 ');
    expect(until).toBe(clock.now() + 2 * MINUTE);
    expect(headers()['retry-after']).toBe('120');
    clock.advance(2 * MINUTE);
    expect(await client.fetchTime()).toBe(clock.now());
  });
});
