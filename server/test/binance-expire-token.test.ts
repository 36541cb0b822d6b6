/**
 * `expire-token` under Binance: on a listen-key stream it lapses the key (the stream gets
 * `listenKeyExpired` and closes; a PUT then answers -1125); on the WebSocket API it ends the
 * user-data subscriptions (`eventStreamTerminated`), at a phase start and at a request. Raw `ws`
 * clients, a real server on port 0, the manual clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startExchange, type RunningExchange } from '../src/app.js';
import { signPayload } from '../src/api/binance/rest/signing.js';
import type { ManualClock } from '../src/clock/clock.js';
import type { ScenarioInput } from '../src/scenario/schema.js';

let ex: RunningExchange<ManualClock> | undefined;
afterEach(async () => {
  await ex?.close();
  ex = undefined;
});

/** A calm first minute, then a phase with the given rules. */
const start = async (...faults: Record<string, unknown>[]): Promise<void> => {
  const scenario: ScenarioInput = { name: 'binance-expire-token', exchange: 'binance', timeline: [{ name: 'calm', duration: '1m' }, { name: 'expire', faults: faults as never[] }] };
  ex = await startExchange({ scenario, clock: 'manual' });
};

interface Client { ws: WebSocket; frames: any[]; closed: { code: number; reason: string } | undefined }

async function dial(path: string): Promise<Client> {
  const ws = new WebSocket(`${ex!.url.replace('http', 'ws')}${path}`);
  const c: Client = { ws, frames: [], closed: undefined };
  ws.on('message', (d) => c.frames.push(JSON.parse(String(d))));
  ws.on('close', (code, reason) => { c.closed = { code, reason: String(reason) }; });
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  return c;
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 8; i++) await new Promise<void>((r) => setTimeout(r, 5));
};

async function ask(c: Client, msg: Record<string, unknown>): Promise<any> {
  c.ws.send(JSON.stringify(msg));
  for (;;) {
    const found = c.frames.find((f) => f.id === msg.id);
    if (found) return found;
    await new Promise<void>((r) => setTimeout(r, 5));
  }
}

function signed(): Record<string, string> {
  const { key, secret } = ex!.accounts[0]!;
  const all: Record<string, string> = { apiKey: key, timestamp: String(ex!.clock.now()) };
  const payload = Object.keys(all).sort().map((k) => `${k}=${all[k]}`).join('&');
  return { ...all, signature: signPayload(payload, secret) };
}

const userStream = (method: string, query = ''): Promise<Response> =>
  fetch(`${ex!.url}/api/v3/userDataStream${query}`, { method, headers: { 'x-mbx-apikey': ex!.accounts[0]!.key } });

const terminated = (c: Client): number => c.frames.filter((f) => f.event?.e === 'eventStreamTerminated').length;

describe('expire-token under Binance', () => {
  it('a listen-key stream: at the phase start the key lapses, the stream gets listenKeyExpired and closes, and PUT answers -1125', async () => {
    await start({ name: 'lapse', match: { connection: 'user-stream' }, effect: { kind: 'expire-token' } });
    const { listenKey } = await (await userStream('POST')).json() as { listenKey: string };
    const stream = await dial(`/ws/${listenKey}`);
    ex!.clock.advance(30_000);
    await settle();
    expect(stream.closed).toBeUndefined();
    expect((await userStream('PUT', `?listenKey=${listenKey}`)).status).toBe(200);
    ex!.clock.advance(30_000);
    await settle();
    expect(stream.frames).toEqual([{ e: 'listenKeyExpired', E: ex!.clock.now(), listenKey }]);
    expect(stream.closed).toEqual({ code: 1000, reason: 'listenKeyExpired' });
    const put = await userStream('PUT', `?listenKey=${listenKey}`);
    expect([put.status, await put.json()]).toEqual([400, { code: -1125, msg: 'This listenKey does not exist.' }]);
    // A new key works (the fault acts on connections, not on POST), and its stream meets the rule as it opens.
    const fresh = (await (await userStream('POST')).json() as { listenKey: string }).listenKey;
    expect(fresh).not.toBe(listenKey);
    const again = await dial(`/ws/${fresh}`);
    await settle();
    expect(again.frames.map((f) => f.e)).toEqual(['listenKeyExpired']);
  });

  it('the WebSocket API: at the phase start its user-data subscription ends (eventStreamTerminated); a request ends a new one again', async () => {
    await start({ name: 'lapse', match: { connection: '/ws-api/v3' }, effect: { kind: 'expire-token' } });
    const api = await dial('/ws-api/v3');
    expect(await ask(api, { id: 's1', method: 'userDataStream.subscribe.signature', params: signed() })).toMatchObject({ status: 200, result: { subscriptionId: 0 } });
    ex!.clock.advance(60_000);
    await settle();
    expect(api.frames.filter((f) => f.event)).toEqual([{ subscriptionId: 0, event: { e: 'eventStreamTerminated', E: ex!.clock.now() } }]);
    expect(api.closed).toBeUndefined();
    // Subscribing again works (nothing to end before it runs); the next request ends it.
    expect(await ask(api, { id: 's2', method: 'userDataStream.subscribe.signature', params: signed() })).toMatchObject({ status: 200, result: { subscriptionId: 1 } });
    expect(terminated(api)).toBe(1);
    expect(await ask(api, { id: 'p', method: 'ping', params: {} })).toMatchObject({ status: 200 });
    await settle();
    expect(terminated(api)).toBe(2);
    expect(api.frames.at(-1)).toMatchObject({ subscriptionId: 1, event: { e: 'eventStreamTerminated' } });
    // Nothing left to end: unsubscribe says so.
    expect(await ask(api, { id: 'u', method: 'userDataStream.unsubscribe', params: {} })).toMatchObject({ error: { code: -2036 } });
  });

  it('a rule for the public streams leaves both alone', async () => {
    await start({ match: { connection: 'public' }, effect: { kind: 'expire-token' } });
    const { listenKey } = await (await userStream('POST')).json() as { listenKey: string };
    const stream = await dial(`/ws/${listenKey}`);
    const api = await dial('/ws-api/v3');
    await ask(api, { id: 's1', method: 'userDataStream.subscribe.signature', params: signed() });
    ex!.clock.advance(60_000);
    await ask(api, { id: 'p', method: 'ping', params: {} });
    await settle();
    expect([stream.closed, stream.frames, terminated(api)]).toEqual([undefined, [], 0]);
    stream.ws.close();
  });
});
