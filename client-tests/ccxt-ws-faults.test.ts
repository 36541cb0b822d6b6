/**
 * ccxt.pro (4.5.84) through scripted WebSocket faults: an abrupt drop of every connection, then a
 * frozen (stale) book that still heartbeats. Real server on port 0, manual clock.
 */
import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startExchange } from '../server/src/app.js';
import { pa, proKraken } from './ccxt-pro.js';
import type { ScenarioInput } from '../server/src/scenario/schema.js';

const SCENARIO: ScenarioInput = {
  name: 'ccxt-ws-faults',
  timeline: [
    { name: 'up', duration: '1m' },
    { name: 'drop', duration: '10s', faults: [{ effect: { kind: 'disconnect' } }] },
    { name: 'up-again', duration: '1m' },
    { name: 'stale', duration: '1m', faults: [{ match: { channel: 'book', pair: 'XBT/USD' }, effect: { kind: 'freeze' } }] },
    { name: 'back' },
  ],
};

let ex: Awaited<ReturnType<typeof startExchange<{ scenario: ScenarioInput; port: number; clock: 'manual'; seed: number }>>>;
let kraken: InstanceType<typeof ccxt.pro.kraken>;


/** Lets pending socket I/O run (turns of the event loop, no timers). */
const settle = async (turns = 20): Promise<void> => {
  for (let i = 0; i < turns; i++) await new Promise<void>((r) => setImmediate(r));
};

/** Moves simulated time to `offset` ms after the scenario start, a second at a time. */
async function advanceTo(offset: number): Promise<void> {
  const target = ex.engine.startTime + offset;
  while (ex.clock.now() < target) {
    ex.clock.advance(Math.min(1_000, target - ex.clock.now()));
    await settle(2);
  }
}

beforeAll(async () => {
  ex = await startExchange({ scenario: SCENARIO, port: 0, clock: 'manual', seed: 5 });
  kraken = await proKraken(ex.url);
});

afterAll(async () => {
  await kraken?.close();
  await ex?.close();
});

describe('ccxt.pro through WebSocket faults', () => {
  test('an abrupt drop (1006) rejects the pending watch with NetworkError; watching again after the phase reconnects to a book equal to REST', async () => {
    await kraken.watchOrderBook('BTC/USD', 10);
    await advanceTo(59_000);
    const pending = kraken.watchOrderBook('BTC/USD', 10).then(() => 'update', (e: unknown) => e);
    await advanceTo(60_000);
    const outcome = await pending;
    if (outcome === 'update') {
      // The last update before the drop arrived first; the next watch meets the closed socket.
      const next = await kraken.watchOrderBook('BTC/USD', 10).then(() => 'update', (e: unknown) => e);
      expect(next).toBeInstanceOf(ccxt.NetworkError);
      expect(String(next)).toContain('1006');
    } else {
      expect(outcome).toBeInstanceOf(ccxt.NetworkError);
      expect(String(outcome)).toContain('1006');
    }
    await advanceTo(70_000);
    const book = await kraken.watchOrderBook('BTC/USD', 10);
    const rest = await kraken.fetchOrderBook('BTC/USD', 10);
    expect(pa(book.asks.slice(0, 10))).toEqual(pa(rest.asks));
    expect(pa(book.bids.slice(0, 10))).toEqual(pa(rest.bids));
  });

  test('a frozen book: no error and no update while REST moves on (the bot must notice staleness itself); updates resume after', async () => {
    await advanceTo(128_000);
    const updating = kraken.watchOrderBook('BTC/USD', 10);
    await advanceTo(129_000);
    await updating;
    await advanceTo(130_000);
    await settle();
    const before = pa(kraken.orderbooks['BTC/USD']!.asks.slice(0, 10));
    let settled = false;
    const waiting = kraken.watchOrderBook('BTC/USD', 10).finally(() => (settled = true));
    await advanceTo(185_000);
    await settle();
    expect(settled).toBe(false);
    expect(pa(kraken.orderbooks['BTC/USD']!.asks.slice(0, 10))).toEqual(before);
    const rest = await kraken.fetchOrderBook('BTC/USD', 10);
    expect(pa(rest.asks)).not.toEqual(before);
    await advanceTo(190_000);
    const live = await waiting;
    const now = await kraken.fetchOrderBook('BTC/USD', 10);
    expect(pa(live.asks.slice(0, 10))).toEqual(pa(now.asks));
    expect(pa(live.bids.slice(0, 10))).toEqual(pa(now.bids));
  });
});
