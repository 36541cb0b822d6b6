import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange } from '../src/app.js';
import { connectWs, drain, wsToken, type Frame } from './ws-client.js';

const describeFrame = (f: Frame): string => (Array.isArray(f) ? `${f[f.length - 2]} data` : `${f.event} ${f.status}`);

describe('WebSocket v1 private subscriptions, as node-kraken-api waits for them', () => {
  let ex: Awaited<ReturnType<typeof startExchange<{ port: number; clock: 'manual' }>>>;
  beforeAll(async () => {
    ex = await startExchange({ port: 0, clock: 'manual' });
  });
  afterAll(() => ex.close());

  it('openOrders and ownTrades: the subscriptionStatus ack comes before the snapshot (the snapshot came first, and a client that listens once acked dropped it)', async () => {
    const token = await wsToken(ex.url, ex.accounts[0]!, 1);
    const c = await connectWs(`${ex.url.replace('http', 'ws')}/auth`);
    await c.next((m) => m.event === 'systemStatus');
    c.send({ event: 'addOrder', token, reqid: 1, pair: 'XBT/USD', type: 'buy', ordertype: 'limit', price: '40000.0', volume: '0.01' });
    c.send({ event: 'addOrder', token, reqid: 2, pair: 'XBT/USD', type: 'buy', ordertype: 'market', volume: '0.01' });
    await drain(c, true);
    for (const [reqid, name] of [[3, 'openOrders'], [4, 'ownTrades']] as const) {
      c.send({ event: 'subscribe', reqid, subscription: { name, token } });
      const frames = await drain(c, true);
      expect(frames.map(describeFrame)).toEqual(['subscriptionStatus subscribed', `${name} data`]);
      expect(frames[0]).toEqual({ channelName: name, event: 'subscriptionStatus', reqid, status: 'subscribed', subscription: { name } });
      expect(frames[1][0]).toHaveLength(1);
      expect(frames[1][2]).toEqual({ sequence: 1 });
    }
    c.ws.close();
  });
});
