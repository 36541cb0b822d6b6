import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExchange } from '../src/app.js';
import { binanceHttpHandler } from '../src/api/binance/rest/http.js';
import { createKrakenApi } from '../src/api/kraken/rest/handler.js';
import type { ManualClock } from '../src/clock/clock.js';
import type { Exchange } from '../src/exchange/exchange.js';
import { DEFAULT_PAIRS, PAIR_CATALOG } from '../src/exchange/pairs.js';
import { fmt } from '../src/exchange/decimal.js';

const EIGHT = /^\d+\.\d{8}$/;

describe('Binance public REST', () => {
  let server: Server;
  let base: string;
  let exchange: Exchange;
  let clock: ManualClock;

  beforeAll(async () => {
    const made = await createExchange({ scenario: 'calm', clock: 'manual' });
    exchange = made.exchange;
    clock = made.clock as ManualClock;
    clock.advance(180_000);
    server = createServer(binanceHttpHandler(exchange, clock));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const get = async (path: string): Promise<{ status: number; body: any; weight: number; type: string }> => {
    const r = await fetch(base + path);
    const text = await r.text();
    return { status: r.status, body: r.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text, weight: Number(r.headers.get('x-mbx-used-weight-1m')), type: r.headers.get('content-type') ?? '' };
  };

  it('ping is {} and time is the exchange clock', async () => {
    expect((await get('/api/v3/ping')).body).toEqual({});
    expect((await get('/api/v3/time')).body).toEqual({ serverTime: clock.now() });
  });

  it('exchangeInfo lists the scenario\'s pairs under Binance symbols, with filters from their trading rules', async () => {
    const r = await get('/api/v3/exchangeInfo');
    expect(r.status).toBe(200);
    expect(r.body.symbols.map((s: any) => s.symbol)).toEqual(['BTCUSD', 'ETHUSD', 'BTCUSDT', 'ETHBTC', 'SOLUSD', 'DOGEUSD']);
    expect(r.body.symbols).toHaveLength(DEFAULT_PAIRS.length);
    expect(r.body.rateLimits[0]).toEqual({ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 });
    const btc = r.body.symbols.find((s: any) => s.symbol === 'BTCUSDT');
    expect(btc).toMatchObject({ status: 'TRADING', baseAsset: 'BTC', quoteAsset: 'USDT', baseAssetPrecision: 8, quoteAssetPrecision: 8 });
    expect(btc.orderTypes).toContain('LIMIT_MAKER');
    const byType = Object.fromEntries(btc.filters.map((f: any) => [f.filterType, f]));
    expect(byType.PRICE_FILTER).toEqual({ filterType: 'PRICE_FILTER', minPrice: '0.10000000', maxPrice: '1000000.00000000', tickSize: '0.10000000' });
    expect(byType.LOT_SIZE).toMatchObject({ minQty: '0.00005000', stepSize: '0.00000001' });
    expect(byType.MARKET_LOT_SIZE).toMatchObject({ minQty: '0.00005000', stepSize: '0.00000001' });
    expect(byType.NOTIONAL).toMatchObject({ minNotional: '0.50000000', applyMinToMarket: true });
    expect(byType.MAX_NUM_ORDERS).toEqual({ filterType: 'MAX_NUM_ORDERS', maxNumOrders: 200 });
    const doge = r.body.symbols.find((s: any) => s.symbol === 'DOGEUSD');
    const dogeSpec = PAIR_CATALOG.find((p) => p.symbol === 'DOGE/USD')!;
    expect(doge.filters[0].tickSize).toBe(fmt(10n ** 11n, 8)); // 0.0000001
    expect(doge.filters[1].minQty).toBe(`${dogeSpec.orderMin}.00000000`);
    expect(r.weight).toBe(1 + 1 + 20); // ping and time came first in this minute
  });

  it('exchangeInfo by symbol and symbols; an unknown one is -1121 with HTTP 400', async () => {
    expect((await get('/api/v3/exchangeInfo?symbol=ETHBTC')).body.symbols.map((s: any) => s.symbol)).toEqual(['ETHBTC']);
    const two = await get(`/api/v3/exchangeInfo?symbols=${encodeURIComponent('["SOLUSD","BTCUSD"]')}`);
    expect(two.body.symbols.map((s: any) => s.symbol)).toEqual(['SOLUSD', 'BTCUSD']);
    const bad = await get('/api/v3/exchangeInfo?symbol=NOPEUSD');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ code: -1121, msg: 'Invalid symbol.' });
  });

  it('depth: best first, sized by limit, 8-place strings, lastUpdateId steady while the book is', async () => {
    const r = await get('/api/v3/depth?symbol=BTCUSD&limit=5');
    expect(r.body.bids).toHaveLength(5);
    expect(r.body.asks).toHaveLength(5);
    const bids = r.body.bids.map((l: string[]) => Number(l[0]));
    const asks = r.body.asks.map((l: string[]) => Number(l[0]));
    expect(bids).toEqual([...bids].sort((a, b) => b - a));
    expect(asks).toEqual([...asks].sort((a, b) => a - b));
    expect(bids[0]).toBeLessThan(asks[0]);
    for (const [p, q] of [...r.body.bids, ...r.body.asks]) {
      expect(p).toMatch(EIGHT);
      expect(q).toMatch(EIGHT);
    }
    expect(Number.isInteger(r.body.lastUpdateId)).toBe(true);
    const again = await get('/api/v3/depth?symbol=BTCUSD&limit=5');
    expect(again.body).toEqual(r.body);
    expect((await get('/api/v3/depth?symbol=BTCUSD')).body.bids).toHaveLength(100);
    clock.advance(5_000);
    const moved = await get('/api/v3/depth?symbol=BTCUSD&limit=5');
    expect(moved.body.lastUpdateId).toBeGreaterThan(r.body.lastUpdateId);
  });

  it('ticker/bookTicker and ticker/24hr show the book\'s best levels', async () => {
    const m = exchange.markets.get('ETH/USD')!;
    const depth = (await get('/api/v3/depth?symbol=ETHUSD&limit=1')).body;
    const book = (await get('/api/v3/ticker/bookTicker?symbol=ETHUSD')).body;
    expect(book).toEqual({ symbol: 'ETHUSD', bidPrice: depth.bids[0][0], bidQty: depth.bids[0][1], askPrice: depth.asks[0][0], askQty: depth.asks[0][1] });
    expect(book.bidPrice).toBe(fmt(m.book.levels('bids', 1)[0]!.price, 8));
    const t = (await get('/api/v3/ticker/24hr?symbol=ETHUSD')).body;
    expect(t).toMatchObject({ symbol: 'ETHUSD', bidPrice: book.bidPrice, askPrice: book.askPrice, lastPrice: fmt(m.last, 8), closeTime: clock.now(), openTime: clock.now() - 86_400_000 });
    expect(Number(t.lowPrice)).toBeLessThanOrEqual(Number(t.highPrice));
    expect(t.priceChangePercent).toMatch(/^-?\d+\.\d{3}$/);
    expect((await get('/api/v3/ticker/price?symbol=ETHUSD')).body).toEqual({ symbol: 'ETHUSD', price: fmt(m.last, 8) });
    const all = await get('/api/v3/ticker/bookTicker');
    expect(all.body.map((x: any) => x.symbol)).toEqual(['BTCUSD', 'ETHUSD', 'BTCUSDT', 'ETHBTC', 'SOLUSD', 'DOGEUSD']);
    const mini = (await get(`/api/v3/ticker/24hr?symbols=${encodeURIComponent('["BTCUSD"]')}&type=MINI`)).body;
    expect(mini).toHaveLength(1);
    expect(mini[0]).not.toHaveProperty('bidPrice');
  });

  it('klines agree with Kraken\'s OHLC of the same market', async () => {
    const kraken = createKrakenApi(exchange, clock);
    const ohlc = JSON.parse(kraken({ method: 'GET', path: '/0/public/OHLC', query: 'pair=XBTUSD&interval=1', headers: {}, body: '' }).body).result.XXBTZUSD as any[][];
    const klines = (await get('/api/v3/klines?symbol=BTCUSD&interval=1m&limit=10')).body as any[][];
    expect(klines).toHaveLength(10);
    const tail = ohlc.slice(-10);
    klines.forEach((k, i) => {
      const o = tail[i]!;
      expect(k).toHaveLength(12);
      expect(k[0]).toBe(o[0] * 1000);
      expect(k[6]).toBe(o[0] * 1000 + 59_999);
      expect([k[1], k[2], k[3], k[4]].map(Number)).toEqual([o[1], o[2], o[3], o[4]].map(Number));
      expect(Number(k[5])).toBe(Number(o[6]));
      expect(k[8]).toBe(o[7]);
    });
    const hours = (await get('/api/v3/klines?symbol=BTCUSD&interval=1h&limit=3')).body as any[][];
    expect(hours[2]![0] - hours[1]![0]).toBe(3_600_000);
    const start = klines[2]![0];
    const from = (await get(`/api/v3/klines?symbol=BTCUSD&interval=1m&startTime=${start}&limit=2`)).body as any[][];
    expect(from.map((k) => k[0])).toEqual([start, start + 60_000]);
    const bad = await get('/api/v3/klines?symbol=BTCUSD&interval=7m');
    expect([bad.status, bad.body]).toEqual([400, { code: -1120, msg: 'Invalid interval.' }]);
  });

  it('weekly klines start on Monday 00:00 UTC', async () => {
    const weeks = (await get('/api/v3/klines?symbol=BTCUSD&interval=1w&limit=4')).body as any[][];
    for (const w of weeks) expect(new Date(w[0]).getUTCDay()).toBe(1);
  });

  it('trades and avgPrice come from the tape', async () => {
    const m = exchange.markets.get('SOL/USD')!;
    const trades = (await get('/api/v3/trades?symbol=SOLUSD&limit=3')).body;
    const tape = m.tape.slice(-3);
    expect(trades.map((t: any) => t.id)).toEqual(tape.map((t) => t.id));
    expect(trades[2]).toMatchObject({ price: fmt(tape[2]!.price, 8), qty: fmt(tape[2]!.qty, 8), isBuyerMaker: tape[2]!.side === 'sell', isBestMatch: true });
    const avg = (await get('/api/v3/avgPrice?symbol=SOLUSD')).body;
    expect(avg.mins).toBe(5);
    expect(avg.price).toMatch(EIGHT);
  });

  it('X-MBX-USED-WEIGHT-1M counts each endpoint\'s weight per minute, and resets with the minute', async () => {
    clock.advance(60_000 - (clock.now() % 60_000));
    expect((await get('/api/v3/ping')).weight).toBe(1);
    expect((await get('/api/v3/depth?symbol=BTCUSD&limit=500')).weight).toBe(26);
    expect((await get('/api/v3/depth?symbol=BTCUSD&limit=5000')).weight).toBe(276);
    expect((await get('/api/v3/ticker/24hr')).weight).toBe(356);
    expect((await get('/api/v3/ticker/price?symbol=BTCUSD')).weight).toBe(358);
    expect((await get('/api/v3/klines?symbol=NOPE&interval=1m')).weight).toBe(360); // refused requests are charged too
    clock.advance(60_000);
    expect((await get('/api/v3/time')).weight).toBe(1);
  });

  it('an unknown path is a 404', async () => {
    const r = await get('/api/v3/nothing');
    expect(r.status).toBe(404);
    expect(r.type).toContain('text/html');
    expect((await get('/0/public/Time')).status).toBe(404);
  });

  it('bad parameters get Binance\'s codes', async () => {
    expect((await get('/api/v3/depth')).body).toEqual({ code: -1102, msg: "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed." });
    expect((await get('/api/v3/depth?symbol=BTCUSD&limit=abc')).body.code).toBe(-1100);
    expect((await get('/api/v3/depth?symbol=BTCUSD&symbol=ETHUSD')).body).toEqual({ code: -1101, msg: 'Duplicate values for a parameter detected.' });
    expect((await get('/api/v3/ticker/price?symbol=BTCUSD&symbols=%5B%5D')).body.code).toBe(-1128);
  });
});
