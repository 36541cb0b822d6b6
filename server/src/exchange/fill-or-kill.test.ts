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
  accounts: ['alice', 'bob'].map((name) => ({ name, balances: { USD: '500000', XBT: '10' }, feeTier: 0, tier: 'pro', nonceWindow: 0 })),
}), { seed: 9, startTime: START }));

const fok = (side: 'buy' | 'sell', price: bigint, volume: bigint, extra: Partial<OrderInput> = {}): OrderInput => ({
  symbol: 'BTC/USD', side, type: 'limit', volume, price, flags: new Set(), timeInForce: 'FOK', ...extra,
});

/** The asks' whole quantity up to and including the third price level, and that level's price. */
function depthToThirdLevel(m: Market): { qty: bigint; price: bigint } {
  const levels = m.book.levels('asks', 3);
  const price = levels[2]!.price;
  return { qty: m.book.asks.filter((e) => e.price <= price).reduce((s, e) => s + e.qty, 0n), price };
}

const ONE_LOT = dec('0.00000001');

describe('fill-or-kill (engine)', () => {
  it('a FOK for exactly the depth within its limit fills wholly, in one go, and the money audit stays clean', () => {
    const ex = makeExchange();
    const m = ex.market('BTC/USD')!;
    const { qty, price } = depthToThirdLevel(m);
    const r = ex.trading.place('bob', fok('buy', price, qty), START);
    if (!r.ok) throw new Error(r.code);
    expect(r.order).toMatchObject({ status: 'closed', executed: qty });
    expect(m.book.asks.every((e) => e.price > price)).toBe(true);
    expect(ex.accounts.get('bob')!.balance('BTC')).toBe(dec('10') + qty);
    expect(ex.accounts.get('bob')!.held('USD')).toBe(0n);
    expect(auditExchange(ex)).toEqual([]);
  });

  it('a FOK one lot beyond the depth expires with nothing filled, no funds moved and the book untouched', () => {
    const ex = makeExchange();
    const m = ex.market('BTC/USD')!;
    const { qty, price } = depthToThirdLevel(m);
    const before = m.book.asks.map((e) => [e.price, e.qty]);
    const events: OrderEvent[] = [];
    ex.trading.listeners.add((e) => events.push(e));
    const r = ex.trading.place('bob', fok('buy', price, qty + ONE_LOT), START);
    if (!r.ok) throw new Error(r.code);
    expect(r.order).toMatchObject({ status: 'expired', reason: 'Fill or kill', executed: 0n });
    expect(events.map((e) => e.kind)).toEqual(['new', 'expired']);
    expect(m.book.asks.map((e) => [e.price, e.qty])).toEqual(before);
    const bob = ex.accounts.get('bob')!;
    expect([bob.balance('USD'), bob.balance('BTC'), bob.held('USD')]).toEqual([dec('500000'), dec('10'), 0n]);
    expect(ex.trading.fills.size).toBe(0);
    expect(auditExchange(ex)).toEqual([]);
  });

  it("a FOK sell counts another account's resting bid as depth, and its own only when self-trade prevention lets it trade", () => {
    const ex = makeExchange();
    const m = ex.market('BTC/USD')!;
    const bid = m.book.best('buy')!.price + m.tick;
    ex.trading.place('alice', { ...fok('buy', bid, dec('0.5')), timeInForce: 'GTC' }, START);
    const other = ex.trading.place('bob', fok('sell', bid, dec('0.3')), START);
    expect(other.ok && other.order.status).toBe('closed');
    const own = ex.trading.place('alice', fok('sell', bid, dec('0.2')), START);
    expect(own.ok && [own.order.status, own.order.executed]).toEqual(['expired', 0n]);
    const allowed = ex.trading.place('alice', fok('sell', bid, dec('0.2'), { selfTrade: 'none' }), START);
    expect(allowed.ok && [allowed.order.status, allowed.order.executed]).toEqual(['closed', dec('0.2')]);
    expect(auditExchange(ex)).toEqual([]);
  });

  it('a FOK post-only or market order is refused as invalid', () => {
    const ex = makeExchange();
    const m = ex.market('BTC/USD')!;
    expect(ex.trading.place('bob', fok('buy', m.last, dec('0.1'), { flags: new Set(['post']) }), START)).toMatchObject({ ok: false, detail: 'timeinforce' });
    expect(ex.trading.place('bob', fok('buy', m.last, dec('0.1'), { type: 'market', price: undefined }), START)).toMatchObject({ ok: false, detail: 'timeinforce' });
  });
});
