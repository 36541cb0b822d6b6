import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExchange } from '../src/app.js';
import { binanceHttpHandler } from '../src/api/binance/rest/http.js';
import type { ManualClock } from '../src/clock/clock.js';
import type { Exchange } from '../src/exchange/exchange.js';
import { fmt } from '../src/exchange/decimal.js';

describe('ccxt binance against the Binance dialect (spot-only markets)', () => {
  let server: Server;
  let exchange: Exchange;
  let client: InstanceType<typeof ccxt.binance>;
  const paths: string[] = [];

  beforeAll(async () => {
    const made = await createExchange({ scenario: 'calm', clock: 'manual' });
    exchange = made.exchange;
    (made.clock as ManualClock).advance(60_000);
    const handler = binanceHttpHandler(exchange, made.clock);
    server = createServer((req, res) => {
      paths.push(`${req.method} ${(req.url ?? '').split('?')[0]}`);
      handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3`;
    // Futures and sapi endpoints are not served yet: ccxt is told to load spot markets only.
    client = new ccxt.binance({ options: { fetchMarkets: { types: ['spot'] }, fetchMargins: false, fetchCurrencies: false } });
    const api = client.urls.api as Record<string, unknown>;
    api.public = url;
    api.private = url;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('loadMarkets asks only exchangeInfo and parses precision and limits from the filters', async () => {
    const markets = await client.loadMarkets();
    expect(paths).toEqual(['GET /api/v3/exchangeInfo']);
    expect(Object.keys(markets).sort()).toEqual(['BTC/USD', 'BTC/USDT', 'DOGE/USD', 'ETH/BTC', 'ETH/USD', 'SOL/USD']);
    expect(markets['BTC/USDT']).toMatchObject({ id: 'BTCUSDT', active: true, precision: { price: 0.1, amount: 1e-8 }, limits: { cost: { min: 0.5 } } });
  });

  it('fetchTicker and fetchOrderBook read the book', async () => {
    const m = exchange.markets.get('BTC/USD')!;
    const ticker = await client.fetchTicker('BTC/USD');
    expect(ticker.bid).toBe(Number(fmt(m.book.levels('bids', 1)[0]!.price, 8)));
    expect(ticker.last).toBe(Number(fmt(m.last, 8)));
    const book = await client.fetchOrderBook('BTC/USD', 10);
    expect(book.bids).toHaveLength(10);
    expect(book.asks[0]![0]).toBe(ticker.ask);
    expect(typeof book.nonce).toBe('number');
  });
});
