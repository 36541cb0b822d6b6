import { describe, expect, it } from 'vitest';
import { auditExchange } from '../control/audit.js';
import { resolveScenario } from '../scenario/resolve.js';
import { scenarioSchema } from '../scenario/schema.js';
import { dec } from './decimal.js';
import { Exchange } from './exchange.js';
import type { Market } from './market.js';
import type { OrderInput } from './trading.js';
import { SELF_TRADE, type Order, type SelfTradeMode } from './types.js';

const START = Date.UTC(2026, 0, 1);

const makeExchange = (): Exchange => new Exchange(resolveScenario(scenarioSchema.parse({
  name: 't',
  market: { pairs: { 'XBT/USD': { price: 50000 } } },
  accounts: ['alice', 'bob'].map((name) => ({ name, balances: { USD: '500000', XBT: '10' }, feeTier: 0, tier: 'pro', nonceWindow: 0 })),
}), { seed: 9, startTime: START }));

const limit = (side: 'buy' | 'sell', price: bigint, volume: string, extra: Partial<OrderInput> = {}): OrderInput => ({
  symbol: 'BTC/USD', side, type: 'limit', volume: dec(volume), price, flags: new Set(), timeInForce: 'GTC', ...extra,
});

const mid = (m: Market): bigint => (m.book.best('buy')!.price + m.book.best('sell')!.price) / 2n / m.tick * m.tick;

function placed(ex: Exchange, account: string, input: OrderInput): Order {
  const r = ex.trading.place(account, input, START);
  if (!r.ok) throw new Error(r.code);
  return r.order;
}

/**
 * Alice rests a sell of 0.3 at mid, bob a sell of 0.2 behind it at the same price; alice then
 * buys 0.4 at mid with `mode`: the first resting order she meets is her own.
 */
function selfCross(mode: SelfTradeMode) {
  const ex = makeExchange();
  const m = ex.market('BTC/USD')!;
  const price = mid(m);
  const maker = placed(ex, 'alice', limit('sell', price, '0.3', { flags: new Set(['post']) }));
  const other = placed(ex, 'bob', limit('sell', price, '0.2', { flags: new Set(['post']) }));
  const taker = placed(ex, 'alice', limit('buy', price, '0.4', { selfTrade: mode }));
  return { ex, m, price, maker, other, taker, alice: ex.accounts.get('alice')! };
}

describe('self-trade prevention (engine)', () => {
  it('none: the taker trades with its own resting order, fees charged on both sides, balances and audit consistent', () => {
    const { ex, maker, other, taker, alice } = selfCross('none');
    expect([taker.status, taker.executed, maker.status, maker.executed, other.executed]).toEqual(['closed', dec('0.4'), 'closed', dec('0.3'), dec('0.1')]);
    const own = [...ex.trading.fills.values()].filter((f) => f.account === 'alice');
    expect(own.map((f) => f.maker)).toEqual([true, false, false]);
    expect(own.every((f) => f.fee > 0n)).toBe(true);
    expect(alice.balance('BTC')).toBe(dec('10') - dec('0.3') + dec('0.4') - own.filter((f) => f.feeAsset === 'BTC').reduce((s, f) => s + f.fee, 0n));
    expect([taker.prevented, taker.preventedMatchId]).toEqual([0n, null]);
    expect(auditExchange(ex)).toEqual([]);
  });

  it('expire-taker: the taker ends at its own order with nothing traded; the maker rests untouched', () => {
    const { ex, m, maker, other, taker, alice } = selfCross('expire-taker');
    expect([taker.status, taker.reason, taker.executed, taker.prevented, taker.preventedMatchId]).toEqual(['canceled', SELF_TRADE, 0n, dec('0.4'), 1]);
    expect([maker.status, maker.prevented, other.status]).toEqual(['open', 0n, 'open']);
    expect(m.book.asks.some((e) => e.orderId === maker.id)).toBe(true);
    expect([alice.held('USD'), alice.balance('USD')]).toEqual([0n, dec('500000')]);
    expect(ex.trading.fills.size).toBe(0);
    expect(auditExchange(ex)).toEqual([]);
  });

  it("expire-maker: the taker's own resting order expires and matching goes on against the next one", () => {
    const { ex, m, maker, other, taker, alice } = selfCross('expire-maker');
    expect([maker.status, maker.reason, maker.executed, maker.prevented, maker.preventedMatchId]).toEqual(['canceled', SELF_TRADE, 0n, dec('0.3'), 1]);
    expect(m.book.asks.some((e) => e.orderId === maker.id)).toBe(false);
    expect([other.status, other.executed]).toEqual(['closed', dec('0.2')]);
    // 0.2 from bob at the same price; nothing else is at or under its limit, so the rest of 0.4 rests.
    expect([taker.status, taker.executed, taker.prevented]).toEqual(['open', dec('0.2'), 0n]);
    expect(m.book.bids.some((e) => e.orderId === taker.id && e.qty === dec('0.2'))).toBe(true);
    expect(alice.held('BTC')).toBe(0n);
    expect(auditExchange(ex)).toEqual([]);
  });

  it('expire-both: the taker and its own resting order both end, sharing one prevented match', () => {
    const { ex, maker, other, taker, alice } = selfCross('expire-both');
    expect([taker.status, taker.prevented, maker.status, maker.prevented]).toEqual(['canceled', dec('0.4'), 'canceled', dec('0.3')]);
    expect([taker.preventedMatchId, maker.preventedMatchId]).toEqual([1, 1]);
    expect(other.status).toBe('open');
    expect([alice.held('USD'), alice.held('BTC'), alice.balance('BTC')]).toEqual([0n, 0n, dec('10')]);
    expect(ex.trading.fills.size).toBe(0);
    expect(auditExchange(ex)).toEqual([]);
  });

  it('an order that names no mode keeps the old rule (expire-taker), so dialects that say nothing are unchanged', () => {
    const ex = makeExchange();
    const m = ex.market('BTC/USD')!;
    const price = mid(m);
    placed(ex, 'alice', limit('sell', price, '0.1', { flags: new Set(['post']) }));
    const taker = placed(ex, 'alice', limit('buy', price, '0.05'));
    expect([taker.selfTrade, taker.status, taker.reason]).toEqual(['expire-taker', 'canceled', SELF_TRADE]);
  });
});
