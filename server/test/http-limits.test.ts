import { request, Agent } from 'node:http';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { krakenHttpHandler } from '../src/api/kraken/rest/http.js';
import { startExchange, type RunningExchange } from '../src/app.js';
import { ManualClock } from '../src/clock/clock.js';

// What any HTTP client meets before a route runs: keep-alive by default, and oversized headers
// refused with a status, never a crash.

let ex: RunningExchange;
beforeAll(async () => {
  ex = await startExchange({ clock: 'manual', seed: 1 });
});
afterAll(async () => {
  await ex.close();
});

function get(path: string, opts: { agent?: Agent; headers?: Record<string, string> } = {}): Promise<{ status: number; headers: Record<string, unknown>; socket: unknown; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${ex.url}${path}`, { agent: opts.agent, headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, socket: req.socket, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTP basics', () => {
  it('keeps connections alive: a client\'s requests reuse one socket', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const a = await get('/0/public/Time', { agent });
    const b = await get('/0/public/Ticker?pair=XBTUSD', { agent });
    const c = await get('/__chaos/state', { agent });
    expect([a.status, b.status, c.status]).toEqual([200, 200, 200]);
    expect(a.headers.connection).toBe('keep-alive');
    expect(b.socket).toBe(a.socket);
    expect(c.socket).toBe(a.socket);
    agent.destroy();
  });

  it('a bug in a route is a 500 with Kraken\'s internal error on stderr, not a crash', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let calls = 0;
    const handler = krakenHttpHandler(() => {
      if (++calls === 1) throw new Error('boom');
      return { delayMs: 0, fired: [], finish: () => ({ kind: 'respond', status: 200, headers: { 'content-type': 'application/json' as string }, body: '{"error":[],"result":{}}' }) };
    }, new ManualClock());
    const bad = await supertest(handler).get('/0/public/Time');
    expect([bad.status, bad.text]).toEqual([500, '{"error":["EGeneral:Internal error"]}']);
    expect(quiet).toHaveBeenCalledTimes(1);
    expect(String(quiet.mock.calls[0]![1])).toContain('boom');
    expect((await supertest(handler).get('/0/public/Time')).status).toBe(200);
    quiet.mockRestore();
  });

  it('refuses headers over Node\'s 16 KiB limit with 431 and goes on serving', async () => {
    const big = await get('/0/public/Time', { headers: { 'x-filler': 'a'.repeat(20_000) } });
    expect(big.status).toBe(431);
    const after = await get('/0/public/Time');
    expect(after.status).toBe(200);
    expect(JSON.parse(after.body).error).toEqual([]);
  });
});
