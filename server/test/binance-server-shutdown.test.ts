/**
 * The shutdown tells every Binance WebSocket client `serverShutdown` before its close frame 1001
 * (reference §6.1, §8), in each endpoint's framing. A real server on port 0, the manual clock.
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startExchange } from '../src/app.js';

interface Client { frames: any[]; closed: Promise<number> }

async function dial(url: string): Promise<Client> {
  const ws = new WebSocket(url);
  const frames: any[] = [];
  ws.on('message', (d) => frames.push(JSON.parse(String(d))));
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
  return { frames, closed };
}

describe('Binance serverShutdown before the shutdown close', () => {
  it('the WebSocket API, raw and combined market streams and a listen-key stream each get serverShutdown, then 1001', async () => {
    const ex = await startExchange({ scenario: { name: 'shutdown', exchange: 'binance' }, clock: 'manual' });
    const base = ex.url.replace('http', 'ws');
    const listen = await fetch(`${ex.url}/api/v3/userDataStream`, { method: 'POST', headers: { 'x-mbx-apikey': ex.accounts[0]!.key } });
    const { listenKey } = (await listen.json()) as { listenKey: string };
    const clients = {
      api: await dial(`${base}/ws-api/v3`),
      raw: await dial(`${base}/ws/btcusdt@trade`),
      combined: await dial(`${base}/stream?streams=btcusdt@trade`),
      user: await dial(`${base}/ws/${listenKey}`),
    };
    const now = ex.clock.now();
    await ex.close();
    for (const c of Object.values(clients)) expect(await c.closed).toBe(1001);
    const event = { e: 'serverShutdown', E: now };
    expect(clients.api.frames.at(-1)).toEqual({ event });
    expect(clients.raw.frames.at(-1)).toEqual(event);
    expect(clients.combined.frames.at(-1)).toEqual({ stream: '!serverShutdown', data: event });
    expect(clients.user.frames.at(-1)).toEqual(event);
  });
});
