import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createExchange, driveExchange } from '../src/app.js';
import { binanceHttpHandler } from '../src/api/binance/rest/http.js';
import { BinanceStreams } from '../src/api/binance/ws/market-streams.js';
import { attachBinanceStreams } from '../src/api/binance/ws/upgrade.js';
import type { ManualClock } from '../src/clock/clock.js';
import type { Exchange } from '../src/exchange/exchange.js';

/** A test client: every text frame parsed, in order, and a way to wait for one that matches. */
class Client {
  readonly frames: any[] = [];
  private waiters: (() => void)[] = [];
  constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      this.frames.push(JSON.parse(String(d)));
      for (const w of this.waiters.splice(0)) w();
    });
  }
  static async open(url: string): Promise<Client> {
    const ws = new WebSocket(url);
    const c = new Client(ws);
    await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
    return c;
  }
  async until(pred: (f: any) => boolean): Promise<any> {
    for (;;) {
      const found = this.frames.find(pred);
      if (found) return found;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
  /** Sends a control message and waits for its answer (matched by id). */
  async ask(msg: Record<string, unknown>): Promise<any> {
    this.ws.send(JSON.stringify(msg));
    return this.until((f) => f.id === msg.id);
  }
}

describe('Binance market streams', () => {
  let server: Server;
  let http: string;
  let wsBase: string;
  let exchange: Exchange;
  let clock: ManualClock;
  let stop: () => void;

  beforeAll(async () => {
    const made = await createExchange({ scenario: 'calm', clock: 'manual' });
    exchange = made.exchange;
    clock = made.clock as ManualClock;
    clock.advance(60_000);
    server = createServer(binanceHttpHandler(exchange, clock));
    const streams = new BinanceStreams(exchange, clock);
    const attached = attachBinanceStreams(server, () => ({ streams, faults: streams.faults, journal: streams.journal }));
    const driver = driveExchange(exchange, clock, (now) => streams.publish(now));
    stop = () => { driver.stop(); streams.close(); void attached.close(clock); };
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    http = `http://127.0.0.1:${port}`;
    wsBase = `ws://127.0.0.1:${port}`;
  });
  afterAll(() => { stop(); return new Promise<void>((resolve) => server.close(() => resolve())); });

  const depth = async (): Promise<{ lastUpdateId: number; bids: string[][]; asks: string[][] }> =>
    (await fetch(`${http}/api/v3/depth?symbol=BTCUSDT&limit=5000`)).json() as Promise<any>;

  it('a raw /ws/btcusdt@bookTicker stream follows the book after clock.advance', async () => {
    const c = await Client.open(`${wsBase}/ws/btcusdt@bookTicker`);
    for (let i = 0; i < 5; i++) clock.advance(1000);
    // The server answers in order: once this reply is in, every frame of those steps is too.
    await c.ask({ method: 'LIST_SUBSCRIPTIONS', id: 1 });
    const tickers = c.frames.filter((f) => f.id === undefined);
    expect(tickers.length).toBeGreaterThanOrEqual(2);
    const book = (await (await fetch(`${http}/api/v3/ticker/bookTicker?symbol=BTCUSDT`)).json()) as any;
    const latest = tickers.at(-1);
    expect(latest).toEqual({ u: (await depth()).lastUpdateId, s: 'BTCUSDT', b: book.bidPrice, B: book.bidQty, a: book.askPrice, A: book.askQty });
    expect(tickers.every((f) => f.e === undefined && f.s === 'BTCUSDT')).toBe(true);
    c.ws.close();
  });

  it('combined /stream?streams=… wraps each payload as {stream,data}', async () => {
    const c = await Client.open(`${wsBase}/stream?streams=btcusdt@miniTicker/btcusdt@depth5@100ms`);
    clock.advance(1000);
    const mini = await c.until((f) => f.stream === 'btcusdt@miniTicker');
    const partial = await c.until((f) => f.stream === 'btcusdt@depth5@100ms');
    expect(mini.data).toMatchObject({ e: '24hrMiniTicker', E: clock.now(), s: 'BTCUSDT' });
    expect(mini.data.c).toMatch(/^\d+\.\d{8}$/);
    const rest = await depth();
    expect(partial.data).toEqual({ lastUpdateId: rest.lastUpdateId, bids: rest.bids.slice(0, 5), asks: rest.asks.slice(0, 5) });
    c.ws.close();
  });

  it('SUBSCRIBE, LIST_SUBSCRIPTIONS and UNSUBSCRIBE answer {result,id}; bad messages get Binance errors', async () => {
    const c = await Client.open(`${wsBase}/ws/0`);
    expect(await c.ask({ method: 'SUBSCRIBE', params: ['btcusdt@trade', 'ethusdt@kline_1m'], id: 1 })).toEqual({ result: null, id: 1 });
    expect(await c.ask({ method: 'LIST_SUBSCRIPTIONS', id: 2 })).toEqual({ result: ['btcusdt@trade', 'ethusdt@kline_1m'], id: 2 });
    expect(await c.ask({ method: 'UNSUBSCRIBE', params: ['btcusdt@trade'], id: 'x3' })).toEqual({ result: null, id: 'x3' });
    expect(await c.ask({ method: 'LIST_SUBSCRIPTIONS', id: 4 })).toEqual({ result: ['ethusdt@kline_1m'], id: 4 });
    clock.advance(1000); // a new second: the 5-messages budget starts again
    expect(await c.ask({ method: 'FOO', id: 5 })).toMatchObject({ code: 2, id: 5 });
    c.ws.send('{not json');
    expect(await c.until((f) => f.code === 3)).toMatchObject({ msg: expect.stringMatching(/^Invalid JSON/) });
    c.ws.close();
  });

  it('a sixth message within one second closes the connection with 1008', async () => {
    const c = await Client.open(`${wsBase}/ws`);
    const closed = new Promise<number>((resolve) => c.ws.once('close', (code) => resolve(code)));
    for (let i = 0; i < 6; i++) c.ws.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id: i }));
    expect(await closed).toBe(1008);
  });

  it('the local order book procedure keeps an exact book against REST depth', async () => {
    const c = await Client.open(`${wsBase}/ws/btcusdt@depth@100ms`);
    clock.advance(1000);
    clock.advance(1000);
    await c.until((f) => f.e === 'depthUpdate');
    const snap = await depth();
    const book = { bids: new Map(snap.bids.map(([p, q]) => [p!, q!])), asks: new Map(snap.asks.map(([p, q]) => [p!, q!])) };
    for (let i = 0; i < 20; i++) clock.advance(1000);
    const final = await depth();
    await c.until((f) => f.u === final.lastUpdateId);
    let local = snap.lastUpdateId;
    let applied = 0;
    for (const e of c.frames) {
      if (e.u <= local) continue;
      if (applied === 0) expect(e.U <= local + 1 && local + 1 <= e.u).toBe(true);
      else expect(e.U).toBe(local + 1);
      for (const [side, levels] of [['bids', e.b], ['asks', e.a]] as const) {
        for (const [p, q] of levels as string[][]) {
          if (q === '0.00000000') book[side].delete(p!);
          else book[side].set(p!, q!);
        }
      }
      local = e.u;
      applied += 1;
    }
    expect(applied).toBeGreaterThanOrEqual(10);
    expect(local).toBe(final.lastUpdateId);
    // Prices are 8-place decimal text: compared exactly as integers of 1e-8.
    const units = (p: string): bigint => BigInt(p.replace('.', ''));
    const sorted = (m: Map<string, string>, desc: boolean): string[][] =>
      [...m].sort(([a], [b]) => ((units(a) < units(b)) === desc ? 1 : -1));
    expect(sorted(book.bids, true)).toEqual(final.bids);
    expect(sorted(book.asks, false)).toEqual(final.asks);
    c.ws.close();
  });
});
