import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kraken } from 'node-kraken-api';
import { startExchange } from '../src/app.js';
import { connectWs, drain, type Frame } from './ws-client.js';

describe('WebSocket book depth: a default scenario serves every depth Kraken offers', () => {
  let ex: Awaited<ReturnType<typeof startExchange<{ port: number; clock: 'manual' }>>>;
  beforeAll(async () => {
    ex = await startExchange({ port: 0, clock: 'manual' });
  });
  afterAll(() => ex.close());

  it('v1 book-500 and book-1000 snapshots hold 500 and 1000 levels a side (were capped at 100), and updates keep that many', async () => {
    const c = await connectWs(ex.url.replace('http', 'ws'));
    for (const depth of [500, 1000]) {
      c.send({ event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'book', depth } });
      const snap = (await drain(c, true)).find((f: Frame) => Array.isArray(f) && f[f.length - 2] === `book-${depth}`);
      expect([snap[1].as.length, snap[1].bs.length]).toEqual([depth, depth]);
      expect(Number(snap[1].as[depth - 1][0])).toBeGreaterThan(Number(snap[1].as[0][0]));
      // node-kraken-api's own book code keeps `depth` levels and verifies every update.
      const mirror = structuredClone(snap[1]);
      const verdicts: boolean[] = [];
      for (let step = 0; step < 10; step++) {
        ex.clock.advance(1_000);
        for (const f of (await drain(c, true)).filter((x: Frame) => Array.isArray(x) && x[x.length - 2] === `book-${depth}`)) {
          for (const element of f.slice(1, -2)) verdicts.push(Kraken.WS.Book.applyUpdate(mirror, element).verified);
        }
      }
      expect(verdicts.length).toBeGreaterThan(10);
      expect(verdicts.filter((v) => !v)).toEqual([]);
      expect([mirror.as.length, mirror.bs.length]).toEqual([depth, depth]);
    }
    c.ws.close();
  });

  it('v2 book depth 500 and 1000 snapshots hold 500 and 1000 levels a side (were capped at 100)', async () => {
    const c = await connectWs(`${ex.url.replace('http', 'ws')}/v2`);
    for (const depth of [500, 1000]) {
      c.send({ method: 'subscribe', params: { channel: 'book', symbol: ['BTC/USD'], depth }, req_id: depth });
      const snap = (await drain(c)).find((f: Frame) => f.channel === 'book' && f.type === 'snapshot');
      expect([snap.data[0].asks.length, snap.data[0].bids.length]).toEqual([depth, depth]);
    }
    c.ws.close();
  });
});
