import { request, Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange, type RunningExchange } from '../src/app.js';

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

  it('refuses headers over Node\'s 16 KiB limit with 431 and goes on serving', async () => {
    const big = await get('/0/public/Time', { headers: { 'x-filler': 'a'.repeat(20_000) } });
    expect(big.status).toBe(431);
    const after = await get('/0/public/Time');
    expect(after.status).toBe(200);
    expect(JSON.parse(after.body).error).toEqual([]);
  });
});
