import { afterEach, describe, expect, it } from 'vitest';
import { startExchange } from '../src/app.js';
import { sign } from '../src/api/kraken/rest/auth.js';
import type { ScenarioInput } from '../src/scenario/schema.js';
import { connectWs, drain, knock } from './ws-client.js';

type Running = Awaited<ReturnType<typeof startExchange<{ scenario: ScenarioInput; port: number; clock: 'manual'; journalSize: number }>>>;
const running: Running[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((ex) => ex.close()));
});

const SCENARIO: ScenarioInput = {
  name: 'journal',
  accounts: [{ name: 'bot', key: 'bot-key-000001', secret: Buffer.alloc(64, 3).toString('base64'), balances: { USD: '100000' } }],
  timeline: [{
    name: 'mixed',
    faults: [
      { name: 'ticker-502', match: { route: 'Ticker' }, effect: { kind: 'status', status: 502 } },
      { name: 'slow-time', match: { route: 'Time' }, effect: { kind: 'latency', fixed: '2s' } },
      { name: 'no-v1', match: { connection: 'v1' }, effect: { kind: 'refuse' } },
    ],
  }],
};

async function start(journalSize = 100): Promise<Running> {
  const ex = await startExchange({ scenario: SCENARIO, port: 0, clock: 'manual', journalSize });
  running.push(ex);
  return ex;
}

async function addOrder(ex: Running, nonce: number): Promise<unknown> {
  const body = new URLSearchParams({ nonce: String(nonce), pair: 'XBTUSD', type: 'buy', ordertype: 'limit', volume: '0.01', price: '1000', userref: '7' }).toString();
  const path = '/0/private/AddOrder';
  const res = await fetch(`${ex.url}${path}`, {
    method: 'POST', body,
    headers: { 'API-Key': 'bot-key-000001', 'API-Sign': sign(path, String(nonce), body, Buffer.alloc(64, 3).toString('base64')), 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  return res.json();
}

describe('the request journal', () => {
  it('records REST calls with account, status, outcome, Kraken error, fired rules, simulated latency and order details', async () => {
    const ex = await start();
    const t0 = ex.clock.now();
    await fetch(`${ex.url}/0/public/Ticker?pair=XBTUSD`);
    const slow = fetch(`${ex.url}/0/public/Time`);
    await ex.clock.nextSchedule();
    ex.clock.advance(2_000);
    await slow;
    await addOrder(ex, 1);
    await addOrder(ex, 1);
    const rest = ex.journal.list({ transport: 'rest' });
    expect(rest.map((e) => [e.route, e.status, e.outcome, e.faults, e.latencyMs])).toEqual([
      ['Ticker', 502, 'fault', ['ticker-502'], 0],
      ['Time', 200, 'fault', ['slow-time'], 2_000],
      ['AddOrder', 200, 'ok', [], 0],
      ['AddOrder', 200, 'error', [], 0],
    ]);
    expect(rest[0]!.time).toBe(t0);
    expect(rest[3]).toMatchObject({ account: 'bot', error: 'EAPI:Invalid nonce', ip: expect.stringMatching(/127\.0\.0\.1/) });
    expect(rest[2]!.detail).toEqual({ pair: 'XBTUSD', type: 'buy', ordertype: 'limit', volume: '0.01', price: '1000', userref: '7' });
  });

  it('records WebSocket connects (accepted or refused by a rule), requests and closes', async () => {
    const ex = await start();
    expect((await knock(`${ex.url.replace('http', 'ws')}/`)).outcome).toBe('http 503');
    const c = await connectWs(`${ex.url.replace('http', 'ws')}/v2`);
    c.send({ method: 'subscribe', params: { channel: 'ticker', symbol: ['BTC/USD'] } });
    await drain(c);
    c.ws.close(1000);
    await c.closed;
    await drain(await connectWs(`${ex.url.replace('http', 'ws')}/v2`));
    const ws = ex.journal.list({ transport: 'ws' });
    expect(ws.slice(0, 6).map((e) => [e.route, e.status, e.outcome, e.faults])).toEqual([
      ['ws:connect/', 503, 'fault', ['no-v1']],
      ['ws:connect/v2', 101, 'ok', []],
      ['ws:subscribe', 0, 'ok', []],
      ['ws:ping', 0, 'ok', []],
      ['ws:close/v2', 1000, 'closed', []],
      ['ws:connect/v2', 101, 'ok', []],
    ]);
  });

  it('regression: an order-entry call whose JSON body is not an object (null) is a Kraken error, journaled without details, not a 500', async () => {
    const ex = await start();
    const res = await fetch(`${ex.url}/0/private/AddOrder`, { method: 'POST', body: 'null', headers: { 'API-Key': 'bot-key-000001', 'Content-Type': 'application/json' } });
    expect(res.status).toBe(200);
    expect((await res.json() as { error: string[] }).error).toEqual(['EGeneral:Invalid arguments:body must be a JSON object']);
    expect(ex.journal.list({ route: 'AddOrder' }).map((e) => [e.outcome, e.detail])).toEqual([['error', {}]]);
  });

  it('stays bounded: only the latest `journalSize` entries are kept', async () => {
    const ex = await start(5);
    for (let i = 0; i < 12; i++) await fetch(`${ex.url}/0/public/SystemStatus`);
    expect(ex.journal.list().map((e) => e.seq)).toEqual([8, 9, 10, 11, 12]);
  });
});
