import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startExchange } from '../src/app.js';
import type { ScenarioInput } from '../src/scenario/schema.js';
import { createMswHandlers, type MswExchange } from '../src/testing/msw.js';
import { useChaosExchange, type ChaosExchangeHandle } from '../src/testing/vitest.js';
import { BookMirror } from './ws-client.js';

const V2 = 'wss://ws.kraken.com/v2';
const TICKER = 'https://api.kraken.com/0/public/Ticker?pair=XBTUSD';

/**
 * One msw server for the file, as msw intends: in msw 2.9 a second setupServer (or a listen after
 * close) no longer intercepts WebSockets. Each test swaps its exchange's handlers in with `use`.
 * Loopback requests pass through, to the Express server of the parity test.
 */
const server = setupServer();
const stops: (() => void)[] = [];

async function inProcess(scenario: string | ScenarioInput): Promise<MswExchange> {
  const mock = await createMswHandlers(scenario, { seed: 7 });
  server.use(...mock.handlers);
  stops.push(() => mock.close());
  return mock;
}

const phases = (timeline: ScenarioInput['timeline']): ScenarioInput => ({ name: 'msw', timeline });

/** A client on the global (WHATWG) WebSocket, the one msw intercepts: frames are queued until a test takes them. */
function dial(url: string) {
  const ws = new WebSocket(url);
  const queue: string[] = [];
  const waiters: { match: (m: any) => boolean; resolve: (text: string) => void }[] = [];
  const seen = { opened: false, errors: 0 };
  const open = new Promise<void>((resolve) => ws.addEventListener('open', () => resolve(void (seen.opened = true))));
  ws.addEventListener('error', () => seen.errors++);
  const closed = new Promise<{ code: number; reason: string; wasClean: boolean }>((resolve) =>
    ws.addEventListener('close', (e) => resolve({ code: e.code, reason: e.reason, wasClean: e.wasClean })));
  ws.addEventListener('message', (e) => {
    const text = String(e.data);
    const i = waiters.findIndex((w) => w.match(JSON.parse(text)));
    if (i >= 0) waiters.splice(i, 1)[0]!.resolve(text);
    else queue.push(text);
  });
  /** The next frame's raw text matching `match`, waiting for it if need be. */
  const next = (match: (m: any) => boolean = () => true): Promise<string> => new Promise((resolve) => {
    const i = queue.findIndex((t) => match(JSON.parse(t)));
    if (i >= 0) resolve(queue.splice(i, 1)[0]!);
    else waiters.push({ match, resolve });
  });
  let pings = 0;
  /** Every frame sent before the reply to a ping sent now (v2: the server answers in order). */
  const drain = async (): Promise<string[]> => {
    const id = 1_000 + ++pings;
    ws.send(JSON.stringify({ method: 'ping', req_id: id }));
    const frames: string[] = [];
    for (let text = await next(); JSON.parse(text).req_id !== id; text = await next()) frames.push(text);
    return frames;
  };
  return { ws, seen, open, closed, next, drain, send: (o: unknown) => ws.send(JSON.stringify(o)) };
}

describe('createMswHandlers', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: (req, print) => void (new URL(req.url).hostname === '127.0.0.1' || print.error()) }));
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
    server.resetHandlers();
  });
  afterAll(() => server.close());

  describe('REST', () => {
    it('answers a plain fetch to https://api.kraken.com/0/public/Ticker with Kraken JSON', async () => {
      const mock = await inProcess('calm');
      const res = await fetch(TICKER);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { error: string[]; result: Record<string, { a: string[]; b: string[] }> };
      expect(body.error).toEqual([]);
      expect(Number(body.result.XXBTZUSD!.b[0])).toBeLessThan(Number(body.result.XXBTZUSD!.a[0]));
      expect(mock.journal.list({ route: 'Ticker' })).toMatchObject([{ transport: 'rest', status: 200, outcome: 'ok', ip: 'in-process' }]);
    });

    it('serves the status page on https://status.kraken.com, journaled; a maintenance phase shows in it', async () => {
      const mock = await inProcess(phases([{ name: 'up', duration: '1m' }, { name: 'down', duration: '1m', mode: 'maintenance' }, { name: 'back' }]));
      const status = async () => (await (await fetch('https://status.kraken.com/api/v2/status.json')).json()) as { status: { indicator: string } };
      expect((await status()).status.indicator).toBe('none');
      const upcoming = (await (await fetch('https://status.kraken.com/api/v2/scheduled-maintenances/upcoming.json')).json()) as { scheduled_maintenances: unknown[] };
      expect(upcoming.scheduled_maintenances).toHaveLength(1);
      mock.clock.advance(90_000);
      expect((await status()).status.indicator).toBe('maintenance');
      expect(mock.journal.list({ transport: 'status' }).map((e) => e.route)).toEqual(['/api/v2/status.json', '/api/v2/scheduled-maintenances/upcoming.json', '/api/v2/status.json']);
    });

    it('a 502 fault on Ticker is the same reply as over Express, for the same seed', async () => {
      const scenario = phases([{ name: 'down', faults: [{ match: { route: 'public/Ticker' }, effect: { kind: 'status', status: 502 } }] }]);
      const reply = async (res: Response) => ({ status: res.status, type: res.headers.get('content-type'), body: await res.text() });
      const express = await startExchange({ scenario, seed: 7, port: 0, clock: 'manual' });
      const overExpress = await reply(await fetch(`${express.url}/0/public/Ticker?pair=XBTUSD`));
      await express.close();
      const mock = await inProcess(scenario);
      const overMsw = await reply(await fetch(TICKER));
      expect(overMsw.status).toBe(502);
      expect(overMsw).toEqual(overExpress);
      expect(mock.journal.list({ route: 'Ticker' })).toMatchObject([{ status: 502, outcome: 'fault' }]);
    });
  });

  describe('WebSocket (ws.link)', () => {
    it('v2: status frame, book snapshot, and updates after clock.advance whose checksums verify', async () => {
      const mock = await inProcess('calm');
      const c = dial(V2);
      await c.open;
      expect(JSON.parse(await c.next())).toMatchObject({ channel: 'status', type: 'update', data: [{ api_version: 'v2', system: 'online' }] });
      c.send({ method: 'subscribe', params: { channel: 'book', symbol: ['BTC/USD'], depth: 10 }, req_id: 1 });
      expect(JSON.parse(await c.next((m) => m.method === 'subscribe'))).toMatchObject({ success: true, result: { channel: 'book', symbol: 'BTC/USD' } });
      const book = new BookMirror(10);
      expect(book.apply(await c.next((m) => m.channel === 'book' && m.type === 'snapshot'))).toBe(true);
      mock.clock.advance(5_000);
      const updates = (await c.drain()).filter((t) => JSON.parse(t).channel === 'book');
      expect(updates.length).toBeGreaterThan(0);
      for (const text of updates) expect(book.apply(text)).toBe(true);
      c.ws.close();
      await c.closed;
      expect(mock.journal.list({ route: 'ws:close/v2' })).toMatchObject([{ status: 1000 }]);
    });

    it("serves Kraken's four URLs: v2 public and private, v1 public and private", async () => {
      await inProcess('calm');
      const first = async (url: string) => JSON.parse(await dial(url).next());
      expect(await first('wss://ws-auth.kraken.com/v2')).toMatchObject({ channel: 'status', data: [{ api_version: 'v2' }] });
      expect(await first('wss://ws.kraken.com')).toMatchObject({ event: 'systemStatus', status: 'online' });
      expect(await first('wss://ws-auth.kraken.com')).toMatchObject({ event: 'systemStatus' });
    });

    it('a disconnect fault drops the msw socket: the client sees error, then close 1006 with no reason', async () => {
      const mock = await inProcess(phases([{ name: 'up', duration: '1m' }, { name: 'flap', duration: '1m', faults: [{ effect: { kind: 'disconnect' } }] }]));
      const c = dial(V2);
      await c.next();
      mock.clock.advance(60_000);
      expect(await c.closed).toEqual({ code: 1006, reason: '', wasClean: true });
      expect(c.seen.errors).toBe(1);
      expect(mock.journal.list({ route: 'ws:close/v2' })).toMatchObject([{ status: 1006, outcome: 'closed' }]);
    });

    it('a disconnect fault with a code closes with that code and reason', async () => {
      const mock = await inProcess(phases([{ name: 'up', duration: '1m' }, { name: 'thin', duration: '1m', faults: [{ effect: { kind: 'disconnect', code: 1013 } }] }]));
      const c = dial(V2);
      await c.next();
      mock.clock.advance(60_000);
      expect(await c.closed).toEqual({ code: 1013, reason: 'Market data unavailable', wasClean: true });
      expect(c.seen.errors).toBe(0);
    });

    it('a refused upgrade never opens: error, then close 1006 naming the HTTP status; other versions still connect', async () => {
      const mock = await inProcess(phases([{ name: 'edge', faults: [{ match: { connection: 'v2' }, effect: { kind: 'refuse', status: 502 } }] }]));
      const c = dial(V2);
      expect(await c.closed).toEqual({ code: 1006, reason: 'Unexpected server response: 502', wasClean: true });
      expect(c.seen).toEqual({ opened: false, errors: 1 });
      expect(mock.journal.list({ route: 'ws:connect/v2' })).toMatchObject([{ status: 502, outcome: 'fault' }]);
      expect(JSON.parse(await dial('wss://ws.kraken.com').next())).toMatchObject({ event: 'systemStatus' });
    });
  });
});

let chaos: ChaosExchangeHandle;
let chaosUrl = '';

describe('useChaosExchange', () => {
  chaos = useChaosExchange('calm', { seed: 7 });

  it('starts a real server on port 0 with a manual clock before the tests of its scope', async () => {
    chaosUrl = chaos.url;
    expect(chaos.port).toBeGreaterThan(0);
    const before = chaos.clock.now();
    chaos.clock.advance(90_000);
    const res = await fetch(`${chaos.url}/0/public/Time`);
    expect(((await res.json()) as { result: { unixtime: number } }).result.unixtime).toBe(Math.floor((before + 90_000) / 1000));
  });
});

describe('after the useChaosExchange scope', () => {
  it('the server is closed and the handle can no longer be read', async () => {
    await expect(fetch(`${chaosUrl}/0/public/Time`)).rejects.toThrow();
    expect(() => chaos.url).toThrow(/beforeAll to afterAll/);
  });
});
