import { describe, expect, it } from 'vitest';
import { auditExchange } from '../control/audit.js';
import { resolveScenario } from '../scenario/resolve.js';
import { scenarioSchema } from '../scenario/schema.js';
import { dec } from './decimal.js';
import { Exchange } from './exchange.js';
import type { Market } from './market.js';
import type { OrderEvent, OrderInput } from './trading.js';

const START = Date.UTC(2026, 0, 1);

const makeExchange = (): Exchange => new Exchange(resolveScenario(scenarioSchema.parse({
  name: 't',
  market: { pairs: { 'XBT/USD': { price: 50000 } } },
  accounts: ['alice', 'bob', 'carol'].map((name) => ({ name, balances: { USD: '200000', XBT: '3' }, feeTier: 0, tier: 'pro', nonceWindow: 0 })),
}), { seed: 9, startTime: START }));

const limit = (side: 'buy' | 'sell', price: bigint, volume: string, extra: Partial<OrderInput> = {}): OrderInput => ({
  symbol: 'BTC/USD', side, type: 'limit', volume: dec(volume), price, flags: new Set(), timeInForce: 'GTC', ...extra,
});

const mid = (m: Market): bigint => (m.book.best('buy')!.price + m.book.best('sell')!.price) / 2n / m.tick * m.tick;

describe('iceberg orders (engine)', () => {
  it('the book shows one slice at a time, refilled from the hidden rest behind the level; fills never exceed the volume', () => {
    const ex = makeExchange();
    const m = ex.market('BTC/USD')!;
    const price = mid(m);
    const shownAt = (): bigint | undefined => m.book.levels('asks', 5).find((l) => l.price === price)?.qty;
    const events: OrderEvent[] = [];
    ex.trading.listeners.add((e) => events.push(e));
    const r = ex.trading.place('alice', limit('sell', price, '1.5', { display: dec('0.2'), flags: new Set(['post']) }), START);
    if (!r.ok) throw new Error(r.code);
    const ice = r.order;
    expect(shownAt()).toBe(dec('0.2'));
    ex.trading.place('carol', limit('sell', price, '0.1', { flags: new Set(['post']) }), START);
    expect(shownAt()).toBe(dec('0.3'));

    // A taker for exactly the slice: the next slice shows, behind carol's order at the same price.
    ex.trading.place('bob', limit('buy', price, '0.2'), START + 1);
    expect(ice.executed).toBe(dec('0.2'));
    expect(shownAt()).toBe(dec('0.3'));
    expect(m.book.asks.filter((e) => e.price === price).map((e) => e.account)).toEqual(['carol', 'alice']);
    expect(events.filter((e) => e.kind === 'refilled').map((e) => e.order.id)).toEqual([ice.id]);

    // Carol's 0.1 first, then 0.05 of the slice.
    ex.trading.place('bob', limit('buy', price, '0.15'), START + 2);
    expect(ice.executed).toBe(dec('0.25'));
    expect(shownAt()).toBe(dec('0.15'));

    // A taker larger than the slice reaches the hidden rest (Kraken: the full volume can fill).
    ex.trading.place('bob', limit('buy', price, '0.5'), START + 3);
    expect(ice.executed).toBe(dec('0.75'));
    expect(shownAt()).toBe(dec('0.2'));

    ex.trading.place('bob', limit('buy', price, '2', { timeInForce: 'IOC' }), START + 4);
    expect(ice).toMatchObject({ status: 'closed', executed: dec('1.5') });
    expect(shownAt()).toBeUndefined();
    const filled = [...ex.trading.fills.values()].filter((f) => f.orderId === ice.id).reduce((a, f) => a + f.volume, 0n);
    expect(filled).toBe(dec('1.5'));
    expect(auditExchange(ex)).toEqual([]);
  });

  it('the last slice is what remains when less than a display quantity is left', () => {
    const ex = makeExchange();
    const m = ex.market('BTC/USD')!;
    const price = mid(m);
    ex.trading.place('alice', limit('sell', price, '0.5', { display: dec('0.2'), flags: new Set(['post']) }), START);
    ex.trading.place('bob', limit('buy', price, '0.4'), START + 1);
    expect(m.book.levels('asks', 5).find((l) => l.price === price)?.qty).toBe(dec('0.1'));
    expect(auditExchange(ex)).toEqual([]);
  });
});
