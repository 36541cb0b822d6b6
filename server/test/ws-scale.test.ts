import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startExchange } from '../src/app.js';
import { BookFeed } from '../src/api/kraken/ws/book-feed.js';
import { KrakenWsV2 } from '../src/api/kraken/ws/server-v2.js';
import { connectWs, type WsTestClient } from './ws-client.js';

const SUBSCRIBERS = 1_000;

describe('WebSocket fan-out at scale', () => {
  let ex: Awaited<ReturnType<typeof startExchange<{ port: number; clock: 'manual' }>>>;
  const clients: WsTestClient[] = [];
  beforeAll(async () => {
    ex = await startExchange({ port: 0, clock: 'manual' });
  });
  afterAll(async () => {
    for (const c of clients) c.ws.terminate();
    await ex.close();
  });

  it(`${SUBSCRIBERS} subscribers to one book: each update is computed once per round and the same frame reaches all`, async () => {
    const url = `${ex.url.replace('http', 'ws')}/v2`;
    for (let i = 0; i < SUBSCRIBERS; i += 100) {
      clients.push(...await Promise.all(Array.from({ length: 100 }, () => connectWs(url))));
    }
    await Promise.all(clients.map(async (c, i) => {
      c.send({ method: 'subscribe', params: { channel: 'book', symbol: ['BTC/USD'], depth: 10 }, req_id: i });
      await c.next((m) => m.channel === 'book' && m.type === 'snapshot');
    }));
    const updates = vi.spyOn(BookFeed.prototype, 'update');
    const rounds = vi.spyOn(KrakenWsV2.prototype, 'publish');
    ex.clock.advance(5_000);
    const frames = await Promise.all(clients.map(async (c) => {
      const seen: string[] = [];
      while (seen.length < 3) {
        const text = await c.nextText((m) => m.channel === 'book');
        seen.push(text);
      }
      return seen.join('\n');
    }));
    expect(rounds.mock.calls.length).toBeGreaterThan(0);
    expect(updates.mock.calls.length).toBe(rounds.mock.calls.length);
    expect(new Set(frames).size).toBe(1);
    expect(frames[0]!.split('\n').every((f) => JSON.parse(f).type === 'update')).toBe(true);
    updates.mockRestore();
    rounds.mockRestore();
  }, 60_000);
});
