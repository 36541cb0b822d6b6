/**
 * A fault rule's `connection` under Binance: its endpoints (`/ws`, `/stream`, `/ws-api/v3`, the
 * listen-key streams as `user-stream`) and `public`/`private`, validated against the served
 * dialect with did-you-mean. Raw `ws` clients, a real server on port 0, the manual clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startExchange, type RunningExchange } from '../src/app.js';
import { dialectNamed } from '../src/api/dialects.js';
import type { ManualClock } from '../src/clock/clock.js';
import { crossFieldProblems } from '../src/scenario/validate.js';
import { scenarioSchema, type ScenarioInput } from '../src/scenario/schema.js';

let ex: RunningExchange<ManualClock> | undefined;
afterEach(async () => {
  await ex?.close();
  ex = undefined;
});

const start = async (...faults: Record<string, unknown>[]): Promise<void> => {
  const scenario: ScenarioInput = { name: 'binance-connection', exchange: 'binance', timeline: [{ name: 'out', faults: faults as never[] }] };
  ex = await startExchange({ scenario, clock: 'manual' });
};

/** A connection and the close code it got (undefined while open). */
interface Client { ws: WebSocket; closed: number | undefined }

async function dial(path: string): Promise<Client> {
  const ws = new WebSocket(`${ex!.url.replace('http', 'ws')}${path}`);
  const c: Client = { ws, closed: undefined };
  ws.on('close', (code) => { c.closed = code; });
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  return c;
}

/**
 * Waits until each client is closed or has had a ping answered: the socket is ordered, so a close
 * the server sent on connect arrives before the pong (an event to wait on, not a guess of time).
 */
const settle = (...clients: Client[]): Promise<unknown> => Promise.all(clients.map((c) => new Promise<void>((resolve) => {
  if (c.ws.readyState !== WebSocket.OPEN) return c.ws.readyState === WebSocket.CLOSED ? resolve() : void c.ws.once('close', () => resolve());
  c.ws.once('pong', () => resolve());
  c.ws.once('close', () => resolve());
  c.ws.ping();
})));

async function listenKey(): Promise<string> {
  const r = await fetch(`${ex!.url}/api/v3/userDataStream`, { method: 'POST', headers: { 'x-mbx-apikey': ex!.accounts[0]!.key } });
  return ((await r.json()) as { listenKey: string }).listenKey;
}

const problems = (exchange: string, match: Record<string, unknown>, kind = 'disconnect'): string[] =>
  crossFieldProblems(scenarioSchema.parse({ name: 'x', exchange, timeline: [{ name: 'p', faults: [{ match, effect: { kind } }] }] }), undefined, dialectNamed(exchange))
    .map((p) => p.message);

describe('match.connection under Binance', () => {
  it('private: the WebSocket API and a listen-key stream are closed, the market streams are not', async () => {
    await start({ match: { connection: 'private' }, effect: { kind: 'disconnect', code: 1008 } });
    const key = await listenKey();
    const [api, user, combinedUser, raw, combined] = await Promise.all([
      dial('/ws-api/v3'), dial(`/ws/${key}`), dial(`/stream?streams=${key}`), dial('/ws/btcusdt@trade'), dial('/stream?streams=btcusdt@trade'),
    ]);
    await settle(api, user, combinedUser, raw, combined);
    expect([api.closed, user.closed, combinedUser.closed]).toEqual([1008, 1008, 1008]);
    expect([raw.closed, combined.closed]).toEqual([undefined, undefined]);
    for (const c of [raw, combined]) c.ws.close();
  });

  it('/stream: only the combined market streams are closed (not /ws, not a listen-key stream dialled on /stream)', async () => {
    await start({ match: { connection: '/stream' }, effect: { kind: 'disconnect', code: 1013 } });
    const key = await listenKey();
    const [combined, raw, user, api] = await Promise.all([dial('/stream?streams=btcusdt@trade'), dial('/ws/btcusdt@trade'), dial(`/stream?streams=${key}`), dial('/ws-api/v3')]);
    await settle(combined, raw, user, api);
    expect(combined.closed).toBe(1013);
    expect([raw.closed, user.closed, api.closed]).toEqual([undefined, undefined, undefined]);
    for (const c of [raw, user, api]) c.ws.close();
  });

  it('user-stream names the listen-key streams alone; a listen-key connect is journaled by its path, not its key', async () => {
    await start({ name: 'cut', match: { connection: 'user-stream' }, effect: { kind: 'disconnect', code: 1001 } });
    const key = await listenKey();
    const [user, api] = await Promise.all([dial(`/ws/${key}`), dial('/ws-api/v3')]);
    await settle(user, api);
    expect([user.closed, api.closed]).toEqual([1001, undefined]);
    expect(ex!.journal.list({ transport: 'ws' }).map((e) => e.route)).toContain('ws:connect/ws');
    expect(JSON.stringify(ex!.journal.list())).not.toContain(key);
    api.ws.close();
  });
});

describe('match.connection is checked against the served dialect', () => {
  it('Binance: its endpoints, public and private pass; Kraken\'s names are refused with did-you-mean', () => {
    for (const connection of ['/ws', '/stream', '/ws-api/v3', 'user-stream', 'public', 'private']) expect(problems('binance', { connection })).toEqual([]);
    expect(problems('binance', { connection: 'user-streams' })).toEqual(['"user-streams" is no Binance WebSocket endpoint (did you mean "user-stream"?)']);
    expect(problems('binance', { connection: 'v2' })).toEqual(['"v2" is no Binance WebSocket endpoint (/ws, /stream, /ws-api/v3, user-stream, public, private)']);
  });

  it('Kraken: its paths and versions pass; Binance\'s placeholder does not', () => {
    for (const connection of ['/v2', '/v2-auth', '/', '/auth', 'public', 'private', 'v1', 'v2']) expect(problems('kraken', { connection })).toEqual([]);
    expect(problems('kraken', { connection: 'user-stream' })).toHaveLength(1);
  });

  it('a freeze on /stream is refused (one feed serves /ws and /stream, frozen as /ws); on /ws or public it passes', () => {
    expect(problems('binance', { connection: '/stream' }, 'freeze')).toEqual([
      'a "freeze" fault acts on the shared feed, which serves "/stream" and "/ws" alike and is named "/ws": name "/ws" (or "public"), which reaches both',
    ]);
    expect([...problems('binance', { connection: '/ws' }, 'freeze'), ...problems('binance', { connection: 'public' }, 'freeze')]).toEqual([]);
  });
});
