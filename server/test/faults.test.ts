import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange } from '../src/app.js';
import { sign } from '../src/api/kraken/rest/auth.js';
import type { ScenarioInput } from '../src/scenario/schema.js';

/** What a raw HTTP client saw: a reply (maybe cut short), or a socket error. */
interface Seen {
  status?: number;
  headers?: Record<string, string | string[] | undefined>;
  body: string;
  error?: string;
}

const SCENARIO: ScenarioInput = {
  name: 'every-fault',
  accounts: [{ name: 'bot', key: 'bot-key-000001', secret: Buffer.alloc(64, 3).toString('base64'), balances: { USD: '100000', XBT: '1' } }],
  timeline: [{
    name: 'broken',
    faults: [
      { match: { route: 'Time' }, effect: { kind: 'status', status: 429, retryAfter: '30s' } },
      { match: { route: 'public/Ticker' }, effect: { kind: 'status', status: 502 } },
      { match: { route: 'Spread' }, effect: { kind: 'status', status: 502, page: 'nginx' } },
      { match: { route: 'Assets' }, effect: { kind: 'empty' } },
      { match: { route: 'AssetPairs', method: 'GET' }, effect: { kind: 'empty', body: 'empty-object' } },
      { match: { route: 'AssetPairs', method: 'POST' }, effect: { kind: 'empty', body: 'empty-result' } },
      { match: { route: 'OHLC' }, effect: { kind: 'truncate' } },
      { match: { route: 'Trades' }, effect: { kind: 'reset' } },
      { match: { route: 'Depth', pair: 'ETH/USD' }, effect: { kind: 'hang' } },
      { match: { route: 'Depth', pair: 'XBT/USD' }, effect: { kind: 'latency', fixed: '800ms' } },
      { match: { route: 'Balance' }, effect: { kind: 'error', error: 'EService:Busy' } },
      { match: { route: 'AddOrder' }, first: 1, effect: { kind: 'ambiguous' } },
      { match: { route: 'CancelOrder' }, effect: { kind: 'ambiguous', then: 'reset' } },
      { match: { route: 'QueryOrders' }, effect: { kind: 'dribble', chunkBytes: 100, interval: '1s' } },
      { match: { route: 'TradeBalance' }, first: 2, effect: { kind: 'status', status: 500 } },
      { match: { route: 'OpenOrders' }, every: 2, effect: { kind: 'error', error: 'EGeneral:Internal error' } },
    ],
  }],
};

describe('REST faults over a real socket', () => {
  let ex: Awaited<ReturnType<typeof startExchange<{ scenario: ScenarioInput; port: number; clock: 'manual' }>>>;
  let nonce = 0;
  beforeAll(async () => {
    ex = await startExchange({ scenario: SCENARIO, port: 0, clock: 'manual' });
  });
  afterAll(() => ex.close());

  function raw(path: string, opts: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Seen> {
    return new Promise((resolve) => {
      const seen: Seen = { body: '' };
      const req = httpRequest(`${ex.url}${path}`, { method: opts.method ?? 'GET', headers: opts.headers, agent: false }, (res) => {
        seen.status = res.statusCode;
        seen.headers = res.headers;
        res.setEncoding('utf8');
        res.on('data', (c: string) => (seen.body += c));
        res.on('end', () => resolve(seen));
        res.on('error', (e) => resolve({ ...seen, error: (e as NodeJS.ErrnoException).code ?? e.message }));
        res.on('aborted', () => resolve({ ...seen, error: 'aborted' }));
      });
      req.on('error', (e) => resolve({ ...seen, error: (e as NodeJS.ErrnoException).code ?? e.message }));
      req.end(opts.body);
    });
  }

  function priv(method: string, params: Record<string, string> = {}): Promise<Seen> {
    const n = String(++nonce);
    const body = new URLSearchParams({ nonce: n, ...params }).toString();
    const path = `/0/private/${method}`;
    return raw(path, {
      method: 'POST', body,
      headers: { 'API-Key': 'bot-key-000001', 'API-Sign': sign(path, n, body, Buffer.alloc(64, 3).toString('base64')), 'Content-Type': 'application/x-www-form-urlencoded' },
    });
  }

  it('429 with Retry-After from the edge', async () => {
    const r = await raw('/0/public/Time');
    expect(r.status).toBe(429);
    expect(r.headers?.['retry-after']).toBe('30');
    expect(r.body).toContain('Too many requests');
  });

  it("Cloudflare's 502 page and nginx's 502 page, as HTML", async () => {
    const cf = await raw('/0/public/Ticker?pair=XBTUSD');
    expect(cf.status).toBe(502);
    expect(cf.headers?.['content-type']).toMatch(/^text\/html/);
    expect(cf.headers?.['cf-ray']).toMatch(/^[0-9a-f]{16}-FRA$/);
    expect(cf.body).toContain('Bad gateway');
    const ng = await raw('/0/public/Spread?pair=XBTUSD');
    expect(ng.status).toBe(502);
    expect(ng.headers?.server).toBe('nginx');
    expect(ng.body).toContain('<center><h1>502 Bad Gateway</h1></center>');
  });

  it('200 with an empty body, with {} and with an empty result', async () => {
    expect(await raw('/0/public/Assets')).toMatchObject({ status: 200, body: '' });
    expect(await raw('/0/public/AssetPairs')).toMatchObject({ status: 200, body: '{}' });
    expect(await raw('/0/public/AssetPairs', { method: 'POST', body: '', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }))
      .toMatchObject({ status: 200, body: '{"error":[],"result":{}}' });
  });

  it('a body cut off mid-JSON, and a connection reset', async () => {
    const cut = await raw('/0/public/OHLC?pair=XBTUSD');
    expect(cut.status).toBe(200);
    expect(cut.error).toBeDefined();
    expect(cut.body.startsWith('{"error":[],"result":{"XXBTZUSD":[[')).toBe(true);
    expect(() => JSON.parse(cut.body)).toThrow();
    const reset = await raw('/0/public/Trades?pair=XBTUSD');
    expect(reset.status).toBeUndefined();
    expect(reset.error).toBe('ECONNRESET');
  });

  it('latency waits on the simulated clock; a hang never answers', async () => {
    const clock = ex.clock;
    const scheduled = clock.nextSchedule();
    const start = clock.now();
    let answered = false;
    const slow = raw('/0/public/Depth?pair=XBTUSD&count=1').then((r) => ((answered = true), r));
    expect(await scheduled).toBe(start + 800);
    clock.advance(799);
    await new Promise((r) => setImmediate(r));
    expect(answered).toBe(false);
    clock.advance(1);
    const r = await slow;
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).result.XXBTZUSD.asks).toHaveLength(1);
    let hung = false;
    void raw('/0/public/Depth?pair=ETHUSD').then(() => (hung = true));
    await raw('/0/public/SystemStatus');
    clock.advance(600_000);
    await raw('/0/public/SystemStatus');
    expect(hung).toBe(false);
  });

  it('a Kraken envelope error on HTTP 200', async () => {
    expect(await priv('Balance')).toMatchObject({ status: 200, body: '{"error":["EService:Busy"]}' });
  });

  it('ambiguous commit: the order is placed, the client gets a 502; the next one is not faulted (first: 1)', async () => {
    const order = { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '1000.0', volume: '0.01' };
    const lost = await priv('AddOrder', order);
    expect(lost.status).toBe(502);
    expect(lost.body).toContain('Bad gateway');
    const open = [...ex.exchange.trading.orders.values()];
    expect(open.map((o) => [o.status, o.price])).toEqual([['open', 1000n * 10n ** 18n]]);
    const ok = await priv('AddOrder', order);
    expect(JSON.parse(ok.body).result.txid).toHaveLength(1);
    const cancelled = await priv('CancelOrder', { txid: open[0]!.id });
    expect(cancelled.error).toBe('ECONNRESET');
    expect(ex.exchange.trading.orders.get(open[0]!.id)!.status).toBe('canceled');
  });

  it('a dribbled body arrives in chunks on the simulated clock, complete and valid', async () => {
    const id = [...ex.exchange.trading.orders.keys()][0]!;
    const clock = ex.clock;
    let chunks = 0;
    const waiting = priv('QueryOrders', { txid: id });
    for (;;) {
      const next = await Promise.race([clock.nextSchedule().then(() => 'timer' as const), waiting.then(() => 'done' as const)]);
      if (next === 'done') break;
      chunks++;
      clock.advance(1000);
    }
    const r = await waiting;
    expect(chunks).toBeGreaterThan(3);
    expect(JSON.parse(r.body).result[id].status).toBe('canceled');
  });

  it('first: N and every: N counters', async () => {
    expect((await priv('TradeBalance')).status).toBe(500);
    expect((await priv('TradeBalance')).body).toBe('500 Internal Server Error\n');
    expect(JSON.parse((await priv('TradeBalance')).body).error).toEqual([]);
    const bodies = [];
    for (let i = 0; i < 4; i++) bodies.push(JSON.parse((await priv('OpenOrders')).body).error);
    expect(bodies).toEqual([[], ['EGeneral:Internal error'], [], ['EGeneral:Internal error']]);
  });
});
