import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExchange, startExchange, type RunningExchange } from '../src/app.js';
import { sign } from '../src/api/kraken/rest/auth.js';
import { createKrakenService } from '../src/api/kraken/rest/service.js';
import { krakenMswHandlers } from '../src/api/kraken/rest/msw.js';
import type { ManualClock } from '../src/clock/clock.js';

/** One contract suite, run over every transport: the route table is written once. */
interface Transport {
  name: string;
  setup(): Promise<{ base: string; key: string; secret: string; clock: ManualClock; teardown(): Promise<void> }>;
}

const MSW_BASE = 'https://api.kraken.test';

const transports: Transport[] = [
  {
    name: 'express (real socket)',
    async setup() {
      const ex: RunningExchange = await startExchange({ seed: 21, port: 0, clock: 'manual' });
      return { base: ex.url, ...ex.accounts[0]!, clock: ex.clock as ManualClock, teardown: () => ex.close() };
    },
  },
  {
    name: 'msw (in-process)',
    async setup() {
      const { exchange, clock, engine } = await createExchange({ seed: 21, clock: 'manual' });
      const server = setupServer(...krakenMswHandlers(createKrakenService(exchange, clock, engine), clock, MSW_BASE));
      server.listen({ onUnhandledRequest: 'error' });
      const account = [...exchange.accounts.values()][0]!;
      return { base: MSW_BASE, key: account.spec.key, secret: account.spec.secret, clock: clock as ManualClock, teardown: async () => server.close() };
    },
  },
];

/** Each transport's transcript of the same calls; the last suite proves they are identical. */
const transcripts = new Map<string, unknown[]>();

describe.each(transports)('Kraken REST contract over $name', (transport) => {
  let env: Awaited<ReturnType<Transport['setup']>>;
  let nonce = 100;
  const transcript: unknown[] = [];
  beforeAll(async () => {
    env = await transport.setup();
    env.clock.advance(60_000);
  });
  afterAll(async () => {
    transcripts.set(transport.name, transcript);
    await env.teardown();
  });

  const priv = async (method: string, params: Record<string, string>) => {
    const body = new URLSearchParams({ nonce: String(++nonce), ...params }).toString();
    const path = `/0/private/${method}`;
    const res = await fetch(env.base + path, {
      method: 'POST', body,
      headers: { 'API-Key': env.key, 'API-Sign': sign(path, String(nonce), body, env.secret), 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    const json = (await res.json()) as { error: string[]; result?: any };
    transcript.push([res.status, json]);
    return json;
  };

  it('serves public data as Kraken JSON on HTTP 200', async () => {
    const res = await fetch(`${env.base}/0/public/Depth?pair=XBTUSD&count=2`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { result: { XXBTZUSD: { asks: string[][]; bids: string[][] } } };
    transcript.push(body);
    expect(body.result.XXBTZUSD.asks).toHaveLength(2);
    expect(Number(body.result.XXBTZUSD.bids[0]![0])).toBeLessThan(Number(body.result.XXBTZUSD.asks[0]![0]));
  });

  it('signs, places orders and refuses with Kraken errors', async () => {
    expect((await priv('Balance', {})).result.ZUSD).toBe('100000.0000');
    const placed = await priv('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '90000.0', volume: '0.01' });
    expect(placed.result.txid[0]).toMatch(/^O/);
    expect(await priv('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '90000.0', volume: '9' }))
      .toEqual({ error: ['EOrder:Insufficient funds'] });
    const unknown = await fetch(`${env.base}/0/public/Nope`);
    expect(unknown.status).toBe(200);
    expect(await unknown.json()).toEqual({ error: ['EGeneral:Unknown method'] });
  });
});

describe('transports agree', () => {
  it('express and msw produced byte-identical transcripts for the same seed and calls', () => {
    const [a, b] = [...transcripts.values()];
    expect(transcripts.size).toBe(2);
    expect(a!.length).toBeGreaterThan(3);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});
