import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange } from '../src/app.js';
import { bookChecksum } from '../src/api/kraken/ws/checksum.js';
import { connectWs as connect } from './ws-client.js';

/** Levels of a book frame as written on the wire (the numbers' text, trailing zeros kept). */
function wireLevels(text: string, side: 'asks' | 'bids'): { price: string; qty: string }[] {
  const part = new RegExp(`"${side}":\\[(.*?)\\]`).exec(text)?.[1] ?? '';
  return [...part.matchAll(/\{"price":([0-9.]+),"qty":([0-9.]+)\}/g)].map((m) => ({ price: m[1]!, qty: m[2]! }));
}

describe('WebSocket v2 (public)', () => {
  let ex: Awaited<ReturnType<typeof startExchange<{ port: number; clock: 'manual' }>>>;
  beforeAll(async () => {
    ex = await startExchange({ port: 0, clock: 'manual' });
  });
  afterAll(() => ex.close());

  it('sends the status frame on connect and answers ping with pong', async () => {
    const c = await connect(`${ex.url.replace('http', 'ws')}/v2`);
    const status = JSON.parse(await c.nextText());
    expect(status).toMatchObject({ channel: 'status', type: 'update', data: [{ api_version: 'v2', system: 'online', version: '2.0.0' }] });
    c.send({ method: 'ping', req_id: 7 });
    expect(JSON.parse(await c.nextText())).toMatchObject({ method: 'pong', req_id: 7, time_in: expect.any(String), time_out: expect.any(String) });
    c.ws.close();
  });

  it('book: ack, snapshot with full-precision numbers and a checksum that verifies; updates keep verifying', async () => {
    const c = await connect(`${ex.url.replace('http', 'ws')}/v2`);
    await c.nextText();
    c.send({ method: 'subscribe', params: { channel: 'book', symbol: ['BTC/USD'], depth: 10 }, req_id: 1 });
    expect(JSON.parse(await c.nextText())).toMatchObject({ method: 'subscribe', success: true, req_id: 1, result: { channel: 'book', symbol: 'BTC/USD', depth: 10, snapshot: true } });
    const snap = await c.nextText();
    expect(snap).toMatch(/"qty":\d+\.\d{8}[,}]/);
    const book = { asks: new Map(wireLevels(snap, 'asks').map((l) => [l.price, l.qty])), bids: new Map(wireLevels(snap, 'bids').map((l) => [l.price, l.qty])) };
    const sum = (): number => {
      const sorted = (m: Map<string, string>, desc: boolean) => [...m].map(([price, qty]) => ({ price, qty })).sort((a, b) => (desc ? -1 : 1) * (Number(a.price) - Number(b.price)));
      return bookChecksum(sorted(book.asks, false), sorted(book.bids, true));
    };
    expect(JSON.parse(snap).data[0].checksum).toBe(sum());
    let updates = 0;
    ex.clock.advance(5_000);
    while (updates < 3) {
      const text = await c.nextText();
      const msg = JSON.parse(text);
      if (msg.channel === 'heartbeat') continue;
      expect(msg).toMatchObject({ channel: 'book', type: 'update' });
      for (const side of ['asks', 'bids'] as const) {
        for (const l of wireLevels(text, side)) {
          if (Number(l.qty) === 0) book[side].delete(l.price);
          else book[side].set(l.price, l.qty);
        }
        const keep = [...book[side]].sort((a, b) => (side === 'asks' ? 1 : -1) * (Number(a[0]) - Number(b[0]))).slice(0, 10);
        book[side] = new Map(keep);
      }
      expect(msg.data[0].checksum).toBe(sum());
      updates++;
    }
    c.ws.close();
  });

  it('ticker: snapshot then updates on trades, numbers at the pair\'s precision; trade: each public trade once, no snapshot by default', async () => {
    const c = await connect(`${ex.url.replace('http', 'ws')}/v2`);
    await c.nextText();
    c.send({ method: 'subscribe', params: { channel: 'ticker', symbol: ['ETH/USD'] }, req_id: 3 });
    expect(JSON.parse(await c.nextText())).toMatchObject({ success: true, result: { channel: 'ticker', symbol: 'ETH/USD', snapshot: true } });
    const snap = await c.nextText();
    const t = JSON.parse(snap).data[0];
    expect(JSON.parse(snap)).toMatchObject({ channel: 'ticker', type: 'snapshot' });
    expect(t.bid).toBeLessThan(t.ask);
    expect(snap).toMatch(/"bid":\d+\.\d{2},"bid_qty":\d+\.\d{8},/);
    c.send({ method: 'subscribe', params: { channel: 'trade', symbol: ['ETH/USD'] }, req_id: 4 });
    expect(JSON.parse(await c.nextText())).toMatchObject({ success: true, result: { channel: 'trade', snapshot: false } });
    ex.clock.advance(20_000);
    const seen = new Set<number>();
    const tape = ex.exchange.market('ETH/USD')!.tape.filter((x) => x.time > ex.clock.now() - 20_000).map((x) => x.id);
    let tickers = 0;
    while (seen.size < tape.length) {
      const msg = JSON.parse(await c.nextText());
      if (msg.channel === 'ticker') tickers++;
      if (msg.channel !== 'trade') continue;
      for (const d of msg.data) {
        expect(seen.has(d.trade_id)).toBe(false);
        seen.add(d.trade_id);
        expect(d).toMatchObject({ symbol: 'ETH/USD', side: expect.stringMatching(/^(buy|sell)$/), ord_type: expect.stringMatching(/^(market|limit)$/) });
      }
    }
    expect([...seen].sort()).toEqual([...tape].sort());
    expect(tickers).toBeGreaterThan(0);
    c.ws.close();
  });

  it("answers Kraken's errors: unknown pair, unknown channel, bad depth, malformed JSON", async () => {
    const c = await connect(`${ex.url.replace('http', 'ws')}/v2`);
    await c.nextText();
    c.send({ method: 'subscribe', params: { channel: 'book', symbol: ['XBT/FOO'] }, req_id: 2 });
    expect(JSON.parse(await c.nextText())).toMatchObject({ error: 'Currency pair not supported XBT/FOO', method: 'subscribe', success: false, symbol: 'XBT/FOO', req_id: 2 });
    c.send({ method: 'subscribe', params: { channel: 'nope', symbol: ['BTC/USD'] } });
    expect(JSON.parse(await c.nextText())).toMatchObject({ error: 'Subscription name invalid', success: false });
    c.send({ method: 'subscribe', params: { channel: 'book', symbol: ['BTC/USD'], depth: 7 } });
    expect(JSON.parse(await c.nextText())).toMatchObject({ error: 'Subscription depth not supported', success: false });
    c.send({ method: 'subscribe', params: { channel: 'ohlc', symbol: ['BTC/USD'] } });
    expect(JSON.parse(await c.nextText())).toMatchObject({ error: 'Subscription ohlc requires interval', success: false });
    c.send({ method: 'subscribe', params: { channel: 'ohlc', symbol: ['BTC/USD'], interval: 7 } });
    expect(JSON.parse(await c.nextText())).toMatchObject({ error: 'Subscription ohlc interval not supported', success: false });
    c.ws.send('{not json');
    expect(JSON.parse(await c.nextText())).toMatchObject({ error: 'Malformed request', method: 'error', success: false });
    c.ws.close();
  });

  it('instrument: every pair with precisions and increments as numbers at full precision', async () => {
    const c = await connect(`${ex.url.replace('http', 'ws')}/v2`);
    await c.nextText();
    c.send({ method: 'subscribe', params: { channel: 'instrument' }, req_id: 9 });
    expect(JSON.parse(await c.nextText())).toMatchObject({ success: true, result: { channel: 'instrument' } });
    const text = await c.nextText();
    const msg = JSON.parse(text);
    expect(msg).toMatchObject({ channel: 'instrument', type: 'snapshot' });
    expect(msg.data.pairs.map((p: { symbol: string }) => p.symbol)).toEqual(['BTC/USD', 'ETH/USD', 'BTC/USDT', 'ETH/BTC', 'SOL/USD', 'DOGE/USD']);
    expect(msg.data.pairs[0]).toMatchObject({ symbol: 'BTC/USD', base: 'BTC', quote: 'USD', status: 'online', qty_precision: 8, price_precision: 1, price_increment: 0.1 });
    expect(text).toContain('"qty_increment":0.00000001');
    expect(msg.data.assets.map((a: { id: string }) => a.id)).toContain('DOGE');
    c.ws.close();
  });

  it('pushes a new status frame when the engine mode changes (scheduled maintenance)', async () => {
    const down = await startExchange({
      port: 0, clock: 'manual',
      scenario: { name: 'm', timeline: [{ name: 'up', duration: '1m' }, { name: 'down', duration: '1m', mode: 'maintenance' }, { name: 'back' }] },
    });
    try {
      const c = await connect(`${down.url.replace('http', 'ws')}/v2`);
      const first = JSON.parse(await c.nextText());
      expect(first.data[0].system).toBe('online');
      down.clock.advance(61_000);
      const second = JSON.parse(await c.nextText());
      expect(second).toMatchObject({ channel: 'status', data: [{ system: 'maintenance', connection_id: first.data[0].connection_id }] });
      down.clock.advance(60_000);
      expect(JSON.parse(await c.nextText()).data[0].system).toBe('online');
      c.ws.close();
    } finally {
      await down.close();
    }
  });
});
