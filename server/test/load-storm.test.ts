import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { startExchange } from '../src/app.js';
import { sign } from '../src/api/kraken/rest/auth.js';
import { KrakenWsV1 } from '../src/api/kraken/ws/server-v1.js';
import { KrakenWsV2 } from '../src/api/kraken/ws/server-v2.js';
import { WsFaults } from '../src/api/kraken/ws/ws-faults.js';
import type { ScenarioInput } from '../src/scenario/schema.js';

const CLIENTS = 1_000;
const REQUESTS = 1_000;
const JOURNAL_SIZE = 2_000;
const ORDER_HISTORY = 100;
const SECRET = Buffer.alloc(64, 3).toString('base64');

/** REST trouble in every flap: half the public calls get a Cloudflare 502, half the private ones EService:Unavailable. */
const REST_TROUBLE = [
  { name: 'edge-502', match: { route: 'public/*' }, probability: 0.5, effect: { kind: 'status', status: 502 } },
  { name: 'busy', match: { route: 'private/*' }, probability: 0.5, effect: { kind: 'error', error: 'EService:Unavailable' } },
] as const;
const SCENARIO: ScenarioInput = {
  name: 'storm', seed: 3,
  market: { pairs: { 'XBT/USD': { price: 95000 } } },
  accounts: [{ name: 'trader', key: 'storm-key', secret: SECRET, balances: { USD: '10000000', XBT: '100' }, nonceWindow: 1_000_000_000 }],
  timeline: [
    { name: 'calm-1', duration: '10s' },
    { name: 'flap-1', duration: '10s', faults: [...REST_TROUBLE, { name: 'drop', effect: { kind: 'disconnect' } }] },
    { name: 'calm-2', duration: '10s' },
    { name: 'flap-2', duration: '10s', faults: [...REST_TROUBLE, { name: 'unavailable', effect: { kind: 'disconnect', code: 1013 } }] },
    { name: 'calm-3' },
  ],
};

type Answer = { route: string; status: number; body: string } | { route: string; error: string };

/** 1,000 WebSocket clients (¾ on v2, ¼ on v1, every 4th subscribed to the ticker) that reconnect at once whenever dropped. */
class Fleet {
  up = 0;
  drops = 0;
  readonly codes = new Map<number, number>();
  readonly live = new Set<WebSocket>();
  stopped = false;
  private waiters: { done: () => boolean; resolve: () => void }[] = [];

  constructor(private readonly base: string) {
    for (let i = 0; i < CLIENTS; i++) this.connect(i);
  }

  /** Resolves once `done()` holds, checked after every connection event. */
  until(done: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push({ done, resolve });
      this.changed();
    });
  }

  stop(): void {
    this.stopped = true;
    for (const ws of this.live) ws.close(1000);
  }

  private changed(): void {
    const ready = this.waiters.filter((w) => w.done());
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  }

  private connect(i: number): void {
    const v1 = i % 4 === 3;
    const ws = new WebSocket(`${this.base}${v1 ? '/' : '/v2'}`);
    this.live.add(ws);
    let up = false;
    ws.on('message', (data) => {
      if (up || !/"channel":"status"|"event":"systemStatus"/.test(data.toString())) return;
      up = true;
      this.up++;
      if (i % 4 === 0) ws.send(JSON.stringify({ method: 'subscribe', params: { channel: 'ticker', symbol: ['BTC/USD'] } }));
      if (i % 8 === 3) ws.send(JSON.stringify({ event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'ticker' } }));
      this.changed();
    });
    ws.on('error', () => undefined); // a close always follows
    ws.on('close', (code) => {
      this.live.delete(ws);
      if (up) this.up--;
      this.drops++;
      this.codes.set(code, (this.codes.get(code) ?? 0) + 1);
      if (!this.stopped) this.connect(i);
      this.changed();
    });
  }
}

describe('load and faults: a flapping scenario under 1,000 REST requests per wave and a 1,000-client reconnect storm', () => {
  let ex: Awaited<ReturnType<typeof startExchange<{ port: number; clock: 'manual' }>>>;
  const agent = new Agent({ keepAlive: true, maxSockets: 100 });
  let nonce = 0;
  const restFaults: string[] = [];
  const serverSide = { opened: 0, closed: 0 };
  const spies = { v2: vi.spyOn(KrakenWsV2.prototype, 'open'), v1: vi.spyOn(KrakenWsV1.prototype, 'open'), faults: vi.spyOn(WsFaults.prototype, 'opened') };

  beforeAll(async () => {
    ex = await startExchange({ port: 0, clock: 'manual', scenario: SCENARIO, journalSize: JOURNAL_SIZE, orderHistory: ORDER_HISTORY });
    ex.journal.subscribe((e) => {
      if (e.transport === 'rest' && e.outcome === 'fault') restFaults.push(e.faults.join());
      if (e.route.startsWith('ws:connect') && e.status === 101) serverSide.opened++;
      if (e.route.startsWith('ws:close')) serverSide.closed++;
    });
  });
  afterAll(async () => {
    agent.destroy();
    vi.restoreAllMocks();
    await ex.close();
  });

  /** One REST call over the keep-alive agent: Time, Ticker, a small market order (buys and sells in turn) or Balance. */
  const call = (i: number): Promise<Answer> => new Promise((resolve) => {
    const method = ['Time', 'Ticker', 'AddOrder', 'Balance'][i % 4]!;
    const priv = method === 'AddOrder' || method === 'Balance';
    const n = String(++nonce);
    const body = new URLSearchParams({ nonce: n, ...(method === 'AddOrder' ? { pair: 'XBTUSD', type: i % 8 === 2 ? 'buy' : 'sell', ordertype: 'market', volume: '0.001' } : {}) }).toString();
    const path = priv ? `/0/private/${method}` : `/0/public/${method}${method === 'Ticker' ? '?pair=XBTUSD' : ''}`;
    const headers = priv ? { 'API-Key': 'storm-key', 'API-Sign': sign(path, n, body, SECRET), 'Content-Type': 'application/x-www-form-urlencoded' } : undefined;
    const req = request(`${ex.url}${path}`, { agent, method: priv ? 'POST' : 'GET', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c)).once('end', () => resolve({ route: method, status: res.statusCode ?? 0, body: text }));
    });
    req.once('error', (err: NodeJS.ErrnoException) => resolve({ route: method, error: err.code ?? err.message }));
    req.end(priv ? body : undefined);
  });

  /** Sorts a wave's answers: scripted faults by rule, Kraken replies; anything else fails the test. */
  const classify = (answers: Answer[]): { scripted: number; kraken: number } => {
    let scripted = 0;
    for (const a of answers) {
      expect('error' in a ? `${a.route}: connection error ${a.error}` : 'answered').toBe('answered');
      if ('error' in a) continue;
      if (a.status === 502) {
        expect(['Time', 'Ticker']).toContain(a.route);
        scripted++;
        continue;
      }
      expect(a.status, a.body.slice(0, 200)).toBe(200);
      const { error } = JSON.parse(a.body) as { error: string[] };
      if (error.length > 0) {
        expect([a.route, error]).toEqual([expect.stringMatching(/^(AddOrder|Balance)$/), ['EService:Unavailable']]);
        scripted++;
      }
    }
    return { scripted, kraken: answers.length - scripted };
  };

  const wave = (): Promise<Answer[]> => Promise.all(Array.from({ length: REQUESTS }, (_, i) => call(i)));
  const allUp = (fleet: Fleet) => fleet.until(() => fleet.up === CLIENTS);

  it('every request is answered (a scripted fault or a Kraken reply), control answers, the journal stays bounded, nothing leaks, the audit is clean', async () => {
    const fleet = new Fleet(ex.url.replace('http', 'ws'));
    await allUp(fleet);
    expect(classify(await wave())).toEqual({ scripted: 0, kraken: REQUESTS });

    const flaps: { scripted: number; kraken: number; state: string; codes: number[] }[] = [];
    for (const code of [1006, 1013]) {
      const before = fleet.drops;
      const seen = new Map(fleet.codes);
      ex.clock.advance(10_000); // into the flap: every connection is dropped at its first step, and every reconnect at once
      const answers = wave();
      const state = fetch(`${ex.url}/__chaos/state`).then(async (r) => `${r.status} ${((await r.json()) as { phase: { name: string } }).phase.name}`);
      await fleet.until(() => fleet.drops >= before + 2 * CLIENTS);
      flaps.push({ ...classify(await answers), state: await state, codes: [...fleet.codes].filter(([c, n]) => n > (seen.get(c) ?? 0)).map(([c]) => c) });
      expect(flaps.at(-1)!.codes).toEqual([code]);
      ex.clock.advance(10_000); // calm again: the storm dies down, every client reconnects and stays
      await allUp(fleet);
      expect(classify(await wave())).toEqual({ scripted: 0, kraken: REQUESTS });
    }
    expect(flaps.map((f) => f.state)).toEqual(['200 flap-1', '200 flap-2']);
    for (const f of flaps) expect(f.scripted * f.kraken).toBeGreaterThan(0);
    expect(restFaults.length).toBe(flaps[0]!.scripted + flaps[1]!.scripted);
    expect(new Set(restFaults)).toEqual(new Set(['edge-502', 'busy']));

    type Held = { connections: Map<unknown, unknown>; fanout: { entries: Map<string, { subscribers: Set<unknown> }> } };
    const [v2, v1] = [spies.v2.mock.contexts[0] as unknown as Held, spies.v1.mock.contexts[0] as unknown as Held];
    // A client is up once it has its status frame, sent after the server registered its connection.
    expect([v2.connections.size, v1.connections.size]).toEqual([CLIENTS * 3 / 4, CLIENTS / 4]);
    fleet.stop();
    await fleet.until(() => fleet.live.size === 0);
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (serverSide.closed !== serverSide.opened) return;
        off();
        resolve();
      };
      const off = ex.journal.subscribe(check);
      check();
    });
    // Every connection a client made was accepted and, in the end, closed on the server too.
    expect(serverSide.opened).toBe(fleet.drops);
    expect(serverSide.opened).toBeGreaterThanOrEqual(5 * CLIENTS);
    expect([v2.connections.size, v1.connections.size]).toEqual([0, 0]);
    expect([...v2.fanout.entries.values(), ...v1.fanout.entries.values()].map((e) => e.subscribers.size)).toEqual([0, 0]);
    expect((spies.faults.mock.contexts[0] as unknown as { links: Set<unknown> }).links.size).toBe(0);
    expect([ex.exchange.trading.listeners.size, ...[...ex.exchange.accounts.values()].map((a) => a.listeners.size)]).toEqual([0, 0]);

    expect(ex.journal.total).toBeGreaterThan(JOURNAL_SIZE);
    expect(ex.journal.list({ limit: Number.MAX_SAFE_INTEGER })).toHaveLength(JOURNAL_SIZE);
    expect(ex.exchange.trading.tally.forgottenOrders).toBeGreaterThan(0);
    expect(ex.exchange.trading.orders.size).toBeLessThanOrEqual(ORDER_HISTORY);
    expect(await (await fetch(`${ex.url}/__chaos/audit`)).json()).toEqual({ problems: [] });
  }, 60_000);
});
