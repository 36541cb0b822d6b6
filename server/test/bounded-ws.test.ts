import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { startExchange } from '../src/app.js';
import { ManualClock } from '../src/clock/clock.js';
import { MAX_BUFFERED_BYTES, SLOW_CONSUMER_REASON, WsLink } from '../src/api/kraken/ws/link.js';
import { connectWs } from './ws-client.js';

/** A socket stand-in whose unsent backlog (`bufferedAmount`) the test sets. */
function backloggedSocket() {
  const calls: string[] = [];
  const socket = {
    OPEN: 1, readyState: 1, bufferedAmount: 0,
    send: (text: string) => calls.push(`send ${text}`),
    close: (code: number, reason: string) => {
      calls.push(`close ${code} ${reason}`);
      socket.readyState = 2;
    },
    terminate: () => calls.push('terminate'),
  };
  return { socket, calls };
}

describe('bounded WebSocket send buffer', () => {
  afterEach(() => vi.restoreAllMocks());

  it('a link whose client left more than MAX_BUFFERED_BYTES unread is closed with 1008 instead of sent more', () => {
    const { socket, calls } = backloggedSocket();
    const link = new WsLink(socket as unknown as WebSocket, '/v2', '127.0.0.1', 1n, new ManualClock(0), { frame: () => [] });
    socket.bufferedAmount = MAX_BUFFERED_BYTES;
    link.send('at the limit');
    socket.bufferedAmount = MAX_BUFFERED_BYTES + 1;
    link.data('over it', { channel: 'book', pair: 'BTC/USD' });
    link.send('after the close');
    expect(calls).toEqual(['send at the limit', `close 1008 ${SLOW_CONSUMER_REASON}`]);
    expect(MAX_BUFFERED_BYTES).toBe(4 * 1024 * 1024);
    expect(Buffer.byteLength(SLOW_CONSUMER_REASON)).toBeLessThanOrEqual(123);
  });

  it('a real client that stops reading while asking for book snapshots is closed with 1008 and the reason, after what was already sent', async () => {
    const ex = await startExchange({
      port: 0, clock: 'manual',
      scenario: { name: 'deep-book', market: { pairs: { 'XBT/USD': { price: 95000, depth: 1000 } } } },
    });
    let subscribes = 0;
    let wanted = 0;
    let reached: (() => void) | undefined;
    // Requests still queued behind the snapshots when the server gives up are dropped, so a batch also ends there.
    const disconnect = WsLink.prototype.disconnect;
    const disconnects = vi.spyOn(WsLink.prototype, 'disconnect').mockImplementation(function (this: WsLink, code, reason) {
      disconnect.call(this, code, reason);
      reached?.();
    });
    const serverSide = new Promise<[number, string | undefined]>((resolve) => ex.journal.subscribe((e) => {
      if (e.route === 'ws:subscribe' && ++subscribes === wanted) reached?.();
      if (e.route === 'ws:close/v2') resolve([e.status, e.error]);
    }));
    const client = await connectWs(`${ex.url.replace('http', 'ws')}/v2`);
    client.ws.pause();
    // Kernel buffers differ between machines: ask in batches until the server gives up on the client.
    while (disconnects.mock.calls.length === 0) {
      expect(subscribes, 'the server never closed a client that does not read').toBeLessThan(5_000);
      wanted = subscribes + 50;
      const batch = new Promise<void>((resolve) => (reached = resolve));
      for (let i = 0; i < 50; i++) client.send({ method: 'subscribe', params: { channel: 'book', symbol: ['BTC/USD'], depth: 1000 } });
      await batch;
    }
    expect(disconnects.mock.calls).toEqual([[1008, SLOW_CONSUMER_REASON]]);
    client.ws.resume();
    expect(await client.closed).toEqual({ code: 1008, reason: SLOW_CONSUMER_REASON });
    expect(client.received()).toBeGreaterThan(50);
    expect(await serverSide).toEqual([1008, SLOW_CONSUMER_REASON]);
    await ex.close();
  }, 60_000);
});
