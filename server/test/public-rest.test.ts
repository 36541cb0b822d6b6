import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { testExchange, type TestExchange } from './kraken-client.js';

const DECIMAL = /^-?\d+(\.\d+)?$/;
const places = (s: string): number => s.split('.')[1]?.length ?? 0;

describe('public REST', () => {
  let t: TestExchange;
  beforeAll(async () => {
    t = await testExchange();
    t.clock.advance(120_000);
  });

  it('Time: integer unixtime and Kraken\'s rfc1123 text at the simulated time', async () => {
    const r = await t.client.get('Time');
    expect(r).toEqual({ error: [], result: { unixtime: Math.floor(t.clock.now() / 1000), rfc1123: 'Thu, 01 Jan 26 00:02:00 +0000' } });
  });

  it('SystemStatus: online with an RFC 3339 timestamp', async () => {
    const r = await t.client.get('SystemStatus');
    expect(r.result).toEqual({ status: 'online', timestamp: '2026-01-01T00:02:00Z' });
  });

  it('Assets: Kraken ids with altname and integer decimals; unknown asset is an EQuery error', async () => {
    const r = await t.client.get('Assets', { asset: 'XBT,ZUSD' });
    expect(Object.keys(r.result)).toEqual(['XXBT', 'ZUSD']);
    expect(r.result.XXBT).toMatchObject({ aclass: 'currency', altname: 'XBT', decimals: 10, display_decimals: 5, status: 'enabled' });
    expect(r.result.ZUSD).toMatchObject({ altname: 'USD', decimals: 4, display_decimals: 2 });
    expect(await t.client.get('Assets', { asset: 'NOPE' })).toEqual({ error: ['EQuery:Unknown asset'] });
  });

  it('AssetPairs: keyed by pair id, looked up by altname or wsname, with Kraken\'s field types', async () => {
    const all = await t.client.get('AssetPairs');
    expect(Object.keys(all.result)).toEqual(['XXBTZUSD', 'XETHZUSD', 'XBTUSDT', 'XETHXXBT', 'SOLUSD', 'XDGUSD']);
    const r = await t.client.get('AssetPairs', { pair: 'XBTUSD,ETH/XBT' });
    expect(Object.keys(r.result)).toEqual(['XXBTZUSD', 'XETHXXBT']);
    expect(r.result.XXBTZUSD).toMatchObject({
      altname: 'XBTUSD', wsname: 'XBT/USD', base: 'XXBT', quote: 'ZUSD', pair_decimals: 1, lot_decimals: 8, cost_decimals: 5,
      ordermin: '0.00005', costmin: '0.5', tick_size: '0.1', status: 'online', fee_volume_currency: 'ZUSD',
    });
    expect(r.result.XXBTZUSD.fees[0]).toEqual([0, 0.4]);
    expect(r.result.XXBTZUSD.fees_maker[0]).toEqual([0, 0.25]);
    const fees = await t.client.get('AssetPairs', { pair: 'XBTUSD', info: 'fees' });
    expect(Object.keys(fees.result.XXBTZUSD)).toEqual(['fees', 'fee_volume_currency']);
    expect(await t.client.get('AssetPairs', { pair: 'FOOBAR' })).toEqual({ error: ['EQuery:Unknown asset pair'] });
    expect((await t.client.get('AssetPairs', { info: 'nope' })).error).toEqual(['EGeneral:Invalid arguments:info']);
  });

  it('Ticker: strings with the data precision, integer trade counts, a sane book', async () => {
    const r = await t.client.get('Ticker', { pair: 'XBTUSD' });
    const x = r.result.XXBTZUSD;
    for (const k of ['a', 'b']) {
      expect(x[k]).toHaveLength(3);
      expect(places(x[k][0])).toBe(5);
      expect(x[k][1]).toMatch(/^\d+$/);
      expect(places(x[k][2])).toBeGreaterThanOrEqual(3);
    }
    expect(Number(x.b[0])).toBeLessThan(Number(x.a[0]));
    expect(x.c).toHaveLength(2);
    for (const k of ['v', 'p', 'l', 'h']) for (const v of x[k]) expect(v).toMatch(DECIMAL);
    expect(x.t.every(Number.isInteger)).toBe(true);
    expect(x.t[1]).toBeGreaterThanOrEqual(x.t[0]);
    expect(Number(x.l[1])).toBeLessThanOrEqual(Number(x.h[1]));
    expect(typeof x.o).toBe('string');
    const all = await t.client.get('Ticker');
    expect(Object.keys(all.result)).toHaveLength(6);
  });

  it('Depth: asks ascending, bids descending, [price, volume, int timestamp], count honoured', async () => {
    const r = await t.client.get('Depth', { pair: 'XXBTZUSD', count: 10 });
    const { asks, bids } = r.result.XXBTZUSD;
    expect(asks).toHaveLength(10);
    expect(bids).toHaveLength(10);
    for (let i = 1; i < 10; i++) {
      expect(Number(asks[i][0])).toBeGreaterThan(Number(asks[i - 1][0]));
      expect(Number(bids[i][0])).toBeLessThan(Number(bids[i - 1][0]));
    }
    expect(Number(bids[0][0])).toBeLessThan(Number(asks[0][0]));
    expect(typeof asks[0][0]).toBe('string');
    expect(typeof asks[0][1]).toBe('string');
    expect(Number.isInteger(asks[0][2])).toBe(true);
    expect(places(asks[0][0])).toBe(5);
    const deep = await t.client.get('Depth', { pair: 'XBTUSD' });
    expect(deep.result.XXBTZUSD.asks.length).toBe(100);
    expect((await t.client.get('Depth', { pair: 'XBTUSD', count: 'x' })).error).toEqual(['EGeneral:Invalid arguments:count']);
  });

  it('Trades: tuples as Kraken sends them, a nanosecond string cursor that pages forward', async () => {
    const r = await t.client.get('Trades', { pair: 'XBTUSD' });
    const rows = r.result.XXBTZUSD;
    expect(rows.length).toBeGreaterThan(10);
    const [price, vol, time, side, type, misc, id] = rows[0];
    expect(price).toMatch(DECIMAL);
    expect(places(vol)).toBe(8);
    expect(typeof time).toBe('number');
    expect(['b', 's']).toContain(side);
    expect(['m', 'l']).toContain(type);
    expect(misc).toBe('');
    expect(Number.isInteger(id)).toBe(true);
    expect(r.result.last).toMatch(/^\d{19}$/);
    for (let i = 1; i < rows.length; i++) expect(rows[i][2]).toBeGreaterThan(rows[i - 1][2]);
    expect((await t.client.get('Trades', { pair: 'XBTUSD', since: r.result.last })).result.XXBTZUSD).toEqual([]);
    const newest = await t.client.get('Trades', { pair: 'XBTUSD', count: 3 });
    expect(newest.result.XXBTZUSD).toEqual(rows.slice(-3));
    const cursor = (BigInt(Math.round(rows[2][2] * 1e6)) * 1000n).toString();
    const next = await t.client.get('Trades', { pair: 'XBTUSD', since: cursor, count: 2 });
    expect(next.result.XXBTZUSD.map((x: unknown[]) => x[6])).toEqual(rows.slice(3, 5).map((x: unknown[]) => x[6]));
    expect(next.result.last).toBe((BigInt(Math.round(rows[4][2] * 1e6)) * 1000n).toString());
    const bySeconds = await t.client.get('Trades', { pair: 'XBTUSD', since: Math.floor(rows[0][2]) - 1 });
    expect(bySeconds.result.XXBTZUSD[0]).toEqual(rows[0]);
  });

  it('OHLC: 8-field candles ending with the current one, `last` an integer, interval validated', async () => {
    const r = await t.client.get('OHLC', { pair: 'XBTUSD', interval: 1 });
    const rows = r.result.XXBTZUSD;
    expect(rows).toHaveLength(720);
    const current = rows[rows.length - 1];
    expect(current[0]).toBe(Math.floor(t.clock.now() / 60_000) * 60);
    for (const c of rows) {
      expect(Number.isInteger(c[0])).toBe(true);
      expect(Number(c[2])).toBeGreaterThanOrEqual(Math.max(Number(c[1]), Number(c[4])));
      expect(Number(c[3])).toBeLessThanOrEqual(Math.min(Number(c[1]), Number(c[4])));
      expect(Number.isInteger(c[7])).toBe(true);
    }
    expect(places(rows[0][1])).toBe(1);
    expect(Number.isInteger(r.result.last)).toBe(true);
    const since = await t.client.get('OHLC', { pair: 'XBTUSD', interval: 1, since: r.result.last });
    expect(since.result.XXBTZUSD.length).toBeLessThanOrEqual(2);
    const daily = await t.client.get('OHLC', { pair: 'XBTUSD', interval: 1440 });
    expect(daily.result.XXBTZUSD[1][0] - daily.result.XXBTZUSD[0][0]).toBe(86_400);
    expect((await t.client.get('OHLC', { pair: 'XBTUSD', interval: 7 })).error).toEqual(['EGeneral:Invalid arguments:interval']);
  });

  it('Spread: [int time, bid, ask] with bid below ask', async () => {
    const r = await t.client.get('Spread', { pair: 'XBTUSD' });
    const rows = r.result.XXBTZUSD;
    expect(rows.length).toBeGreaterThan(0);
    for (const [time, bid, ask] of rows) {
      expect(Number.isInteger(time)).toBe(true);
      expect(Number(bid)).toBeLessThan(Number(ask));
    }
    expect(Number.isInteger(r.result.last)).toBe(true);
  });

  it('accepts POST with a form or JSON body and ignores a stray nonce (node-kraken-api style)', async () => {
    const form = await request(t.app).post('/0/public/Depth').type('form').send('pair=XBTUSD&count=2&nonce=123');
    expect(form.body.result.XXBTZUSD.asks).toHaveLength(2);
    const json = await request(t.app).post('/0/public/Ticker').set('Content-Type', 'application/json').send('{"pair":"ETHUSD","nonce":5}');
    expect(Object.keys(json.body.result)).toEqual(['XETHZUSD']);
  });

  it('answers unknown pairs and methods with Kraken errors on HTTP 200', async () => {
    for (const m of ['Ticker', 'Depth', 'Trades', 'OHLC', 'Spread']) {
      expect(await t.client.get(m, { pair: 'XBTFOO' })).toEqual({ error: ['EQuery:Unknown asset pair'] });
    }
    expect((await t.client.get('Depth')).error).toEqual(['EGeneral:Invalid arguments:pair']);
    const unknown = await request(t.app).get('/0/public/Nope');
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual({ error: ['EGeneral:Unknown method'] });
    const put = await request(t.app).put('/0/public/Time');
    expect(put.body).toEqual({ error: ['EAPI:Bad request'] });
    expect((await request(t.app).get('/nothing-here')).status).toBe(404);
  });
});
