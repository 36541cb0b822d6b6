import { describe, expect, it } from 'vitest';
import { auditExchange } from '../control/audit.js';
import { resolveScenario } from '../scenario/resolve.js';
import { scenarioSchema } from '../scenario/schema.js';
import { dec } from './decimal.js';
import { Exchange } from './exchange.js';
import type { Market } from './market.js';
import type { OrderInput } from './trading.js';

const START = Date.UTC(2026, 0, 1);

const makeExchange = (): Exchange => new Exchange(resolveScenario(scenarioSchema.parse({
  name: 't',
  market: { pairs: { 'XBT/USD': { price: 50000 } } },
  accounts: ['alice', 'bob'].map((name) => ({ name, balances: { USD: '100000', XBT: '2' }, feeTier: 0, tier: 'pro', nonceWindow: 0 })),
}), { seed: 9, startTime: START }));

const limit = (side: 'buy' | 'sell', price: bigint, volume: string, extra: Partial<OrderInput> = {}): OrderInput => ({
  symbol: 'BTC/USD', side, type: 'limit', volume: dec(volume), price, flags: new Set(), timeInForce: 'GTC', ...extra,
});

const mid = (m: Market): bigint => (m.book.best('buy')!.price + m.book.best('sell')!.price) / 2n / m.tick * m.tick;

describe('conditional close (engine)', () => {
  it('a partly filled primary places its close only when it ends, for the part that filled', () => {
    const ex = makeExchange();
    const m = ex.market('BTC/USD')!;
    const price = mid(m);
    ex.trading.place('alice', limit('sell', price, '0.1', { flags: new Set(['post']) }), START);
    const close = { type: 'limit' as const, price: price + dec('1000'), price2: undefined };
    const r = ex.trading.place('bob', limit('buy', price, '0.25', { close, userref: 7 }), START);
    if (!r.ok) throw new Error(r.code);
    expect(r.order).toMatchObject({ status: 'open', executed: dec('0.1') });
    const bobs = () => [...ex.trading.liveOrders()].filter((o) => o.account === 'bob');
    expect(bobs().map((o) => o.id)).toEqual([r.order.id]); // still open: no close yet
    ex.trading.cancel('bob', { txid: r.order.id }, START + 1000);
    const [placed, ...more] = bobs();
    expect(more).toEqual([]);
    expect(placed).toMatchObject({ side: 'sell', type: 'limit', price: close.price, volume: dec('0.1'), parentId: r.order.id, userref: 7, close: undefined, status: 'open' });
    expect(auditExchange(ex)).toEqual([]);
  });

  it('a close whose price breaks the pair\'s rules refuses the primary', () => {
    const ex = makeExchange();
    const price = mid(ex.market('BTC/USD')!);
    const r = ex.trading.place('bob', limit('buy', price, '0.1', { close: { type: 'limit', price: price + dec('0.05'), price2: undefined } }), START);
    expect(r).toMatchObject({ ok: false, code: 'price_decimals' });
    expect(ex.trading.tally.orders).toBe(0);
  });
});
