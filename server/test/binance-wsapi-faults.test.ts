/**
 * The scenario's WebSocket faults on Binance's WebSocket API (`/ws-api/v3`) and listenKey streams:
 * request rejects in the WS API's error shape, `op` matching across REST and the socket, frame
 * faults on user-data events, stalls. Raw `ws` clients, a real server on port 0, the manual clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startExchange, type RunningExchange } from '../src/app.js';
import { signPayload } from '../src/api/binance/rest/signing.js';
import type { ManualClock } from '../src/clock/clock.js';
import { auditExchange } from '../src/control/audit.js';
import type { ScenarioInput } from '../src/scenario/schema.js';

let ex: RunningExchange<ManualClock> | undefined;
afterEach(async () => {
  await ex?.close();
  ex = undefined;
});

const start = async (...faults: Record<string, unknown>[]): Promise<RunningExchange<ManualClock>> => {
  const scenario: ScenarioInput = { name: 'binance-ws-api-fault', exchange: 'binance', timeline: [{ name: 'out', faults: faults as never[] }] };
  ex = await startExchange({ scenario, clock: 'manual' });
  return ex;
};

interface Client { ws: WebSocket; frames: any[] }

async function dial(path: string): Promise<Client> {
  const ws = new WebSocket(`${ex!.url.replace('http', 'ws')}${path}`);
  const frames: any[] = [];
  ws.on('message', (d) => frames.push(JSON.parse(String(d))));
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  return { ws, frames };
}

/** Lets socket I/O run for a few turns (frames already sent arrive). */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setTimeout(r, 5));
};

/** Sends a request and waits for the answer with its id. */
async function ask(c: Client, msg: Record<string, unknown>): Promise<any> {
  c.ws.send(JSON.stringify(msg));
  for (;;) {
    const found = c.frames.find((f) => f.id === msg.id);
    if (found) return found;
    await new Promise<void>((r) => setTimeout(r, 5));
  }
}

/** A signed WS API request's params for the first account: sorted `k=v` joined by `&`, HMAC-SHA256. */
function signed(params: Record<string, string>): Record<string, string> {
  const { key, secret } = ex!.accounts[0]!;
  const all: Record<string, string> = { ...params, apiKey: key, timestamp: String(ex!.clock.now()) };
  const payload = Object.keys(all).sort().map((k) => `${k}=${all[k]}`).join('&');
  return { ...all, signature: signPayload(payload, secret) };
}

/** A resting BUY 0.01 BTCUSDT at 90% of the best bid (nothing fills). */
function restingBuy(): Record<string, string> {
  const bid = ex!.exchange.markets.get('BTC/USDT')!.book.best('buy')!.price / 10n ** 18n;
  return { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.01', price: `${(bid * 9n) / 10n}` };
}

/** Orders the accounts have placed (open or ended): the faulted requests must leave none. */
const ordersPlaced = (): number => ex!.exchange.trading.orders.size;

describe('WebSocket faults on Binance\'s WebSocket API', () => {
  it('a reject on order.place answers the WS API error frame {id,status,error} and places nothing; journaled as a fault with its problem', async () => {
    await start({ name: 'shed', match: { request: 'order.place' }, effect: { kind: 'reject-request', error: 'busy' } });
    const api = await dial('/ws-api/v3');
    const answer = await ask(api, { id: 'o1', method: 'order.place', params: signed({ ...restingBuy(), returnRateLimits: 'false' }) });
    expect(answer).toEqual({
      id: 'o1', status: 503,
      error: { code: -1008, msg: 'Server is currently overloaded with other requests. Please try again in a few minutes.' },
    });
    expect(ordersPlaced()).toBe(0);
    expect(auditExchange(ex!.exchange)).toEqual([]);
    expect(ex!.journal.list({ transport: 'ws' }).at(-1)).toMatchObject({
      route: 'ws:order.place', op: 'place-order', outcome: 'fault', faults: ['shed'], problem: 'busy', status: 503,
    });
    // Other methods go on: the rule names order.place only.
    expect(await ask(api, { id: 't', method: 'time' })).toMatchObject({ id: 't', status: 200 });
  });

  it('op: place-order with a reject fires on the WS API\'s order.place and on REST POST /api/v3/order alike; cancels still run', async () => {
    await start({ name: 'no-entry', match: { op: 'place-order' }, effect: { kind: 'reject-request', error: '-2010: Rest API trading is not enabled.' } },
      { name: 'no-entry-rest', match: { op: 'place-order' }, effect: { kind: 'error', error: '-2010: Rest API trading is not enabled.' } });
    const api = await dial('/ws-api/v3');
    const answer = await ask(api, { id: 1, method: 'order.place', params: signed(restingBuy()) });
    expect(answer).toMatchObject({ id: 1, status: 400, error: { code: -2010, msg: 'Rest API trading is not enabled.' } });
    const { key, secret } = ex!.accounts[0]!;
    const query = new URLSearchParams({ ...restingBuy(), timestamp: String(ex!.clock.now()) }).toString();
    const r = await fetch(`${ex!.url}/api/v3/order?${query}&signature=${signPayload(query, secret)}`, { method: 'POST', headers: { 'x-mbx-apikey': key } });
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual({ code: -2010, msg: 'Rest API trading is not enabled.' });
    expect(ordersPlaced()).toBe(0);
    const cancel = await ask(api, { id: 2, method: 'order.cancel', params: signed({ symbol: 'BTCUSDT', orderId: '12345' }) });
    expect(cancel).toMatchObject({ id: 2, status: 400, error: { code: -2011 } });
    const entries = ex!.journal.list({}).filter((e) => e.op === 'place-order').map((e) => [e.route, e.outcome, e.faults]);
    expect(entries).toEqual([['ws:order.place', 'fault', ['no-entry']], ['POST /api/v3/order', 'fault', ['no-entry-rest']]]);
  });

  it('a dropped executionReport frame is not delivered while the next one is (WS API subscription and listenKey stream alike)', async () => {
    await start({ name: 'lost', match: { channel: 'executionReport' }, every: 2, effect: { kind: 'drop-message' } });
    const api = await dial('/ws-api/v3');
    expect(await ask(api, { id: 's', method: 'userDataStream.subscribe.signature', params: signed({}) })).toMatchObject({ status: 200, result: { subscriptionId: 0 } });
    const placed = await ask(api, { id: 'p', method: 'order.place', params: signed(restingBuy()) });
    expect(placed).toMatchObject({ status: 200 });
    await ask(api, { id: 'c', method: 'order.cancel', params: signed({ symbol: 'BTCUSDT', orderId: String(placed.result.orderId) }) });
    await settle();
    // The rule's 2nd match (the cancel's report) is dropped; the NEW one and both account positions arrive.
    const events = api.frames.filter((f) => f.event).map((f) => f.event);
    expect(events.map((e) => [e.e, e.x])).toEqual([['executionReport', 'NEW'], ['outboundAccountPosition', undefined], ['outboundAccountPosition', undefined]]);
    expect(events[0].i).toBe(placed.result.orderId);
    expect([...ex!.exchange.trading.orders.values()].map((o) => o.status)).toEqual(['canceled']);
  });

  it('listenKey streams meet frame faults too: a drop on executionReport loses the NEW report, the CANCELED one arrives', async () => {
    await start({ name: 'lost-once', match: { channel: 'executionReport' }, first: 1, effect: { kind: 'drop-message' } });
    const { key } = ex!.accounts[0]!;
    const made = await fetch(`${ex!.url}/api/v3/userDataStream`, { method: 'POST', headers: { 'x-mbx-apikey': key } });
    const { listenKey } = await made.json() as { listenKey: string };
    const stream = await dial(`/ws/${listenKey}`);
    const api = await dial('/ws-api/v3');
    const placed = await ask(api, { id: 'p', method: 'order.place', params: signed(restingBuy()) });
    await ask(api, { id: 'c', method: 'order.cancel', params: signed({ symbol: 'BTCUSDT', orderId: String(placed.result.orderId) }) });
    await settle();
    expect(stream.frames.filter((f) => f.e === 'executionReport').map((f) => [f.x, f.i])).toEqual([['CANCELED', placed.result.orderId]]);
  });

  it('a stall silences the session: no answer to a request and the request is not run', async () => {
    await start({ name: 'quiet', effect: { kind: 'stall' } });
    const api = await dial('/ws-api/v3');
    api.ws.send(JSON.stringify({ id: 1, method: 'ping' }));
    api.ws.send(JSON.stringify({ id: 2, method: 'order.place', params: signed(restingBuy()) }));
    ex!.clock.advance(5_000);
    await settle();
    expect(api.frames).toEqual([]);
    expect(ordersPlaced()).toBe(0);
  });
});
