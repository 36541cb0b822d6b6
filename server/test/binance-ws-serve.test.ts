/**
 * `startExchange({ exchange: 'binance' })` serves Binance's market streams (not Kraken's WebSockets)
 * with the scenario's WebSocket faults: raw `ws` clients, a real server on port 0, the manual clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startExchange, type RunningExchange } from '../src/app.js';
import type { ManualClock } from '../src/clock/clock.js';
import type { ScenarioInput } from '../src/scenario/schema.js';

let ex: RunningExchange<ManualClock> | undefined;
afterEach(async () => {
  await ex?.close();
  ex = undefined;
});

const withFault = (fault: Record<string, unknown>): ScenarioInput => ({
  name: 'binance-ws-fault', exchange: 'binance', timeline: [{ name: 'out', faults: [fault as never] }],
});

/** A raw client keeping every text frame parsed, and its close code once closed. */
async function dial(path: string): Promise<{ ws: WebSocket; frames: any[]; closed: Promise<number> }> {
  const ws = new WebSocket(`${ex!.url.replace('http', 'ws')}${path}`);
  const frames: any[] = [];
  ws.on('message', (d) => frames.push(JSON.parse(String(d))));
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  return { ws, frames, closed };
}

/** Moves the manual clock in 100 ms steps, letting socket I/O run between them. */
async function advance(ms: number): Promise<void> {
  for (let done = 0; done < ms; done += 100) {
    ex!.clock.advance(100);
    await new Promise<void>((r) => setImmediate(r));
  }
}

/** Sends a control message and waits for the answer with its id, on the socket's own messages (frames before it are in by then). */
function ask(c: { ws: WebSocket; frames: any[] }, msg: Record<string, unknown>): Promise<any> {
  return new Promise((resolve) => {
    const seen = (): void => {
      const found = c.frames.find((f) => f.id === msg.id);
      if (!found) return;
      c.ws.off('message', seen);
      resolve(found);
    };
    // Registered after dial's own listener, so the frame is already in `frames` when this runs.
    c.ws.on('message', seen);
    c.ws.send(JSON.stringify(msg));
  });
}

/** A ping's pong: the socket is ordered, so every frame the server sent before it has arrived. */
const roundTrip = (ws: WebSocket): Promise<void> => new Promise((resolve) => {
  ws.once('pong', () => resolve());
  ws.ping();
});

describe('Binance streams served by startExchange', () => {
  it('diff depth flows on the run\'s clock; connect, SUBSCRIBE and close are journaled with operations; Kraken\'s /v2 is a 404', async () => {
    ex = await startExchange({ exchange: 'binance', clock: 'manual' });
    const c = await dial('/ws/0');
    expect(await ask(c, { method: 'SUBSCRIBE', params: ['btcusdt@depth@100ms'], id: 1 })).toEqual({ result: null, id: 1 });
    await advance(5_000);
    await ask(c, { method: 'LIST_SUBSCRIPTIONS', id: 2 });
    const diffs = c.frames.filter((f) => f.e === 'depthUpdate');
    expect(diffs.length).toBeGreaterThan(3);
    for (let i = 1; i < diffs.length; i++) expect(diffs[i].U).toBe(diffs[i - 1].u + 1);
    c.ws.close();
    expect(await c.closed).toBe(1005);
    await expect(dial('/v2')).rejects.toThrow(/404/);
    const ws = ex.journal.list({ transport: 'ws' }).map((e) => [e.route, e.op, e.status, e.outcome]);
    expect(ws).toEqual([
      ['ws:connect/ws', undefined, 101, 'ok'], ['ws:SUBSCRIBE', 'subscribe', 0, 'ok'], ['ws:LIST_SUBSCRIPTIONS', undefined, 0, 'ok'],
      ['ws:close/ws', undefined, 1005, 'closed'],
    ]);
  });

  it('a drop-message fault on the depth channel leaves a real U/u gap: the next frame\'s U is not the previous u + 1', async () => {
    ex = await startExchange({ scenario: withFault({ name: 'gap', match: { channel: 'depth' }, every: 3, effect: { kind: 'drop-message' } }), clock: 'manual' });
    const c = await dial('/ws/btcusdt@depth@100ms');
    await advance(10_000);
    await ask(c, { method: 'LIST_SUBSCRIPTIONS', id: 1 });
    const diffs = c.frames.filter((f) => f.e === 'depthUpdate');
    const gaps = diffs.slice(1).filter((f, i) => f.U !== diffs[i].u + 1);
    expect(diffs.length).toBeGreaterThan(5);
    expect(gaps.length).toBeGreaterThanOrEqual(Math.floor(diffs.length / 3) - 1);
    expect(gaps.every((f) => f.U > diffs[diffs.indexOf(f) - 1].u + 1)).toBe(true);
  });

  it('frame faults on other channels leave depth alone; a duplicated bookTicker frame arrives twice', async () => {
    ex = await startExchange({ scenario: withFault({ name: 'twice', match: { channel: 'bookTicker' }, effect: { kind: 'duplicate-message' } }), clock: 'manual' });
    const c = await dial('/stream?streams=btcusdt@bookTicker/btcusdt@depth@100ms');
    await advance(5_000);
    await ask(c, { method: 'LIST_SUBSCRIPTIONS', id: 1 });
    const tickers = c.frames.filter((f) => f.stream === 'btcusdt@bookTicker').map((f) => JSON.stringify(f));
    expect(tickers.length).toBeGreaterThan(1);
    for (let i = 0; i < tickers.length; i += 2) expect(tickers[i + 1]).toBe(tickers[i]);
    const diffs = c.frames.filter((f) => f.stream === 'btcusdt@depth@100ms').map((f) => f.data);
    for (let i = 1; i < diffs.length; i++) expect(diffs[i].U).toBe(diffs[i - 1].u + 1);
  });

  it('a disconnect fault closes a new connection with its code; a refuse fault answers the upgrade with the page, journaled as a fault', async () => {
    ex = await startExchange({ scenario: withFault({ name: 'bye', effect: { kind: 'disconnect', code: 1013 } }), clock: 'manual' });
    const c = await dial('/ws');
    expect(await c.closed).toBe(1013);
    await ex.close();
    ex = await startExchange({ scenario: withFault({ name: 'no', effect: { kind: 'refuse', status: 503 } }), clock: 'manual' });
    await expect(dial('/stream?streams=btcusdt@trade')).rejects.toThrow(/503/);
    expect(ex.journal.list({ transport: 'ws' }).map((e) => [e.route, e.status, e.outcome, e.faults])).toEqual([['ws:connect/stream', 503, 'fault', ['no']]]);
  });

  it('a reject fault on SUBSCRIBE answers Binance\'s {code,msg,id}; a stall silences replies and frames', async () => {
    ex = await startExchange({ scenario: withFault({ name: 'nope', match: { request: 'SUBSCRIBE' }, effect: { kind: 'reject-request', error: '-1008' } }), clock: 'manual' });
    const c = await dial('/ws');
    expect(await ask(c, { method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: 7 })).toEqual({ code: -1008, msg: expect.stringMatching(/^Server is currently overloaded/), id: 7 });
    expect(ex.journal.list({ transport: 'ws' }).at(-1)).toMatchObject({ route: 'ws:SUBSCRIBE', op: 'subscribe', outcome: 'fault', faults: ['nope'] });
    await ex.close();
    ex = await startExchange({ scenario: withFault({ name: 'quiet', effect: { kind: 'stall' } }), clock: 'manual' });
    const s = await dial('/ws/btcusdt@bookTicker');
    s.ws.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id: 1 }));
    await advance(3_000);
    await roundTrip(s.ws);
    expect(s.frames).toEqual([]);
  });

  it('a restart drops the old run\'s stream connections and serves the new run\'s', async () => {
    ex = await startExchange({ exchange: 'binance', clock: 'manual' });
    const c = await dial('/ws/btcusdt@trade');
    const r = await fetch(`${ex.url}/__chaos/restart`, { method: 'POST' });
    expect(r.status).toBeLessThan(300);
    expect(await c.closed).toBe(1006);
    const again = await dial('/ws');
    expect(await ask(again, { method: 'LIST_SUBSCRIPTIONS', id: 1 })).toEqual({ result: [], id: 1 });
  });

  it('the WebSocket API (/ws-api/v3) is served with the streams, journaled with its operation; a restart drops its connections too', async () => {
    ex = await startExchange({ exchange: 'binance', clock: 'manual' });
    const api = await dial('/ws-api/v3');
    expect(await ask(api, { id: 'p', method: 'ping', params: {} })).toMatchObject({ id: 'p', status: 200, result: {} });
    expect(await ask(api, { id: 't', method: 'time' })).toMatchObject({ id: 't', status: 200, result: { serverTime: ex.clock.now() } });
    expect(ex.journal.list({ transport: 'ws' }).map((e) => e.route)).toContain('ws:time');
    const r = await fetch(`${ex.url}/__chaos/restart`, { method: 'POST' });
    expect(r.status).toBeLessThan(300);
    expect(await api.closed).toBe(1006);
    const again = await dial('/ws-api/v3');
    expect(await ask(again, { id: 1, method: 'ping' })).toMatchObject({ id: 1, status: 200 });
  });
});
