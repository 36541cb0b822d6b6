import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExchange } from '../src/app.js';
import { binanceHttpHandler } from '../src/api/binance/rest/http.js';
import type { ManualClock } from '../src/clock/clock.js';
import { auditExchange } from '../src/control/audit.js';
import { fmt } from '../src/exchange/decimal.js';
import type { Exchange } from '../src/exchange/exchange.js';

describe('ccxt binance (spot) order entry against the Binance dialect', () => {
  let server: Server;
  let exchange: Exchange;
  let client: InstanceType<typeof ccxt.binance>;

  beforeAll(async () => {
    const made = await createExchange({ scenario: 'calm', clock: 'manual' });
    exchange = made.exchange;
    const clock = made.clock as ManualClock;
    clock.advance(60_000);
    const account = [...exchange.accounts.values()][0]!;
    server = createServer(binanceHttpHandler(exchange, clock));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3`;
    client = new ccxt.binance({
      apiKey: account.spec.key, secret: account.spec.secret,
      options: { defaultType: 'spot', fetchMarkets: { types: ['spot'] }, fetchMargins: false, fetchCurrencies: false },
    });
    const api = client.urls.api as Record<string, unknown>;
    api.public = url;
    api.private = url;
    // ccxt signs with its own clock; the server's is the manual one.
    client.milliseconds = () => clock.now();
    await client.loadMarkets();
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('createOrder (limit) rests, fetchOpenOrders lists it, cancelOrder cancels it', async () => {
    const bid = exchange.markets.get('BTC/USD')!.book.best('buy')!.price;
    const price = Number(fmt(bid * 9n / 10n / 10n ** 17n * 10n ** 17n, 1));
    const order = await client.createOrder('BTC/USD', 'limit', 'buy', 0.01, price);
    expect(order).toMatchObject({ id: '1', status: 'open', type: 'limit', side: 'buy', price, amount: 0.01, filled: 0 });
    expect(order.clientOrderId).toMatch(/^x-/);
    const open = await client.fetchOpenOrders('BTC/USD');
    expect(open.map((o) => o.id)).toEqual(['1']);
    const cancelled = await client.cancelOrder('1', 'BTC/USD');
    expect(cancelled.status).toBe('canceled');
    expect(await client.fetchOpenOrders('BTC/USD')).toEqual([]);
  });

  it('createOrder (market) fills with trades and a fee', async () => {
    const order = await client.createOrder('BTC/USD', 'market', 'buy', 0.01);
    expect(order).toMatchObject({ status: 'closed', filled: 0.01, remaining: 0 });
    expect(order.trades.length).toBeGreaterThan(0);
    expect(order.fee?.currency).toBeDefined();
    expect(auditExchange(exchange)).toEqual([]);
  });
});
