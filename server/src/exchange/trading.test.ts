import { describe, expect, it } from 'vitest';
import { resolveScenario } from '../scenario/resolve.js';
import { scenarioSchema } from '../scenario/schema.js';
import { dec, fmt } from './decimal.js';
import { Exchange } from './exchange.js';
import type { Market } from './market.js';
import type { OrderInput } from './trading.js';
import { NO_TRADES, type Order, type OrderFlag } from './types.js';

const START = Date.UTC(2026, 0, 1);

function makeExchange(book: { levelSize?: number; depth?: number } = {}): Exchange {
  return new Exchange(resolveScenario(scenarioSchema.parse({
    name: 't',
    market: { pairs: { 'XBT/USD': { price: 50000, ...book } } },
    accounts: [
      { name: 'alice', balances: { USD: '100000', XBT: '2' }, feeTier: 0, tier: 'pro', nonceWindow: 0 },
      { name: 'bob', balances: { USD: '100000', XBT: '2' }, feeTier: 0, tier: 'pro', nonceWindow: 0 },
    ],
  }), { seed: 9, startTime: START }));
}

const limit = (side: 'buy' | 'sell', price: bigint, volume: string, extra: Partial<OrderInput> = {}): OrderInput => ({
  symbol: 'BTC/USD', side, type: 'limit', volume: dec(volume), price, flags: new Set(), timeInForce: 'GTC', ...extra,
});

const mid = (m: Market): bigint => (m.book.best('buy')!.price + m.book.best('sell')!.price) / 2n / m.tick * m.tick;

describe('Trading', () => {
  it('matches two accounts against each other: one public trade, a maker and a taker fill', () => {
    const ex = makeExchange();
    const m = ex.market('BTC/USD')!;
    const price = mid(m);
    const ask = ex.trading.place('alice', limit('sell', price, '0.1', { flags: new Set(['post']) }), START);
    expect(ask.ok && ask.order.status).toBe('open');
    const tapeBefore = m.tape.length;
    const bid = ex.trading.place('bob', limit('buy', price, '0.04'), START);
    expect(bid.ok && bid.order.status).toBe('closed');
    expect(m.tape.length).toBe(tapeBefore + 1);
    const fills = [...ex.trading.fills.values()];
    expect(fills.map((f) => [f.account, f.maker, fmt(f.volume, 8)])).toEqual([['alice', true, '0.04000000'], ['bob', false, '0.04000000']]);
    expect(fills[0]!.tradeId).toBe(fills[1]!.tradeId);
    expect(ex.accounts.get('alice')!.balance('BTC')).toBe(dec('1.96') - fills[0]!.fee);
    expect(ex.accounts.get('bob')!.balance('BTC')).toBe(dec('2.04'));
    expect(ex.trading.orders.get((ask as { order: { id: string } }).order.id)!.executed).toBe(dec('0.04'));
  });

  it('self-trade prevention cancels the incoming order instead of matching own resting order', () => {
    const ex = makeExchange();
    const m = ex.market('BTC/USD')!;
    const price = mid(m);
    ex.trading.place('alice', limit('sell', price, '0.1', { flags: new Set(['post']) }), START);
    const r = ex.trading.place('alice', limit('buy', price, '0.05'), START);
    expect(r.ok && [r.order.status, r.order.reason]).toEqual(['canceled', 'Self trade prevention']);
    expect(ex.trading.fills.size).toBe(0);
  });

  it('take-profit sell triggers when the last price rises to it; stop-loss-limit rests at price2 once triggered', () => {
    const ex = makeExchange();
    const m = ex.market('BTC/USD')!;
    const last = m.last;
    const tp = ex.trading.place('alice', { ...limit('sell', last - 10n * m.tick, '0.01'), type: 'take-profit' }, START);
    expect(tp.ok && tp.order.status).toBe('closed');
    expect(tp.ok && tp.order.triggered).toBe(true);
    const sll = ex.trading.place('alice', {
      ...limit('sell', last + 1000n * m.tick, '0.01'), type: 'stop-loss-limit', price2: last + 5000n * m.tick,
    }, START);
    expect(sll.ok && sll.order).toMatchObject({ status: 'open', triggered: true });
    const resting = m.book.asks.find((e) => sll.ok && e.orderId === sll.order.id);
    expect(resting?.price).toBe(last + 5000n * m.tick);
  });

  it('a stop whose trigger is not met waits, holding funds at its trigger price', () => {
    const ex = makeExchange();
    const m = ex.market('BTC/USD')!;
    const r = ex.trading.place('bob', { ...limit('buy', m.last + 100_000n * m.tick, '0.5'), type: 'stop-loss' }, START);
    expect(r.ok && r.order).toMatchObject({ status: 'open', triggered: false });
    expect(ex.accounts.get('bob')!.held('USD')).toBeGreaterThan(0n);
    const id = (r as { order: { id: string } }).order.id;
    expect(ex.trading.cancel('bob', { txid: id }, START)).toMatchObject({ ok: true, cancelled: [{ id, status: 'canceled' }] });
    expect(ex.accounts.get('bob')!.held('USD')).toBe(0n);
  });

  it('a scheduled order (starttm) stays pending until its start, then enters the book', () => {
    const ex = makeExchange();
    const m = ex.market('BTC/USD')!;
    const r = ex.trading.place('bob', limit('buy', mid(m) - 20_000n * m.tick, '0.01', { startAt: START + 10_000 }), START);
    expect(r.ok && r.order.status).toBe('pending');
    ex.sync(START + 9_999);
    expect(r.ok && r.order.status).toBe('pending');
    ex.sync(START + 10_000);
    expect(r.ok && r.order.status).toBe('open');
    expect(m.book.bids.some((e) => r.ok && e.orderId === r.order.id)).toBe(true);
  });

  it('market orders stop at 2 % from the touch (market price protection) unless nompp', () => {
    const ex = makeExchange({ levelSize: 0.01, depth: 10 });
    const m = ex.market('BTC/USD')!;
    const far = mid(m) * 95n / 100n / m.tick * m.tick;
    const bob = ex.trading.place('bob', limit('buy', far, '0.5'), START);
    const sell = (flags: string[]) => ex.trading.place('alice', {
      symbol: 'BTC/USD', side: 'sell', type: 'market', volume: dec('0.5'), flags: new Set(flags as never[]), timeInForce: 'GTC',
    }, START);
    const guarded = sell([]);
    expect(guarded.ok && guarded.order).toMatchObject({ status: 'closed', reason: 'Market price protection' });
    expect(guarded.ok && guarded.order.executed).toBeLessThan(dec('0.5'));
    expect(bob.ok && bob.order.executed).toBe(0n);
    const unguarded = sell(['nompp']);
    expect(unguarded.ok && unguarded.order.executed).toBe(dec('0.5'));
    expect(bob.ok && bob.order.executed).toBe(dec('0.5'));
  });

  it('orders keep no per-order flag set or empty trade list: they share them, and an amend swaps the shared set, leaving other orders as they were', () => {
    const ex = makeExchange();
    const m = ex.market('BTC/USD')!;
    const far = mid(m) - 20_000n * m.tick;
    const place = (flags: OrderFlag[]): Order => {
      const r = ex.trading.place('bob', limit('buy', far, '0.01', { flags: new Set(flags) }), START);
      if (!r.ok) throw new Error(r.code);
      return r.order;
    };
    const [a, b, c] = [place(['post']), place(['post']), place([])];
    expect(a.flags).toBe(b.flags);
    expect(a.flags).not.toBe(c.flags);
    expect(new Set([a.trades, b.trades, c.trades])).toEqual(new Set([NO_TRADES]));
    expect(ex.trading.amend('bob', { txid: a.id }, { postOnly: false }, START).ok).toBe(true);
    expect(a.flags).toBe(c.flags);
    expect([...b.flags]).toEqual(['post']);
    const sell = ex.trading.place('alice', limit('sell', mid(m) - 100n * m.tick, '0.01'), START);
    expect(sell.ok && sell.order.trades.length).toBeGreaterThan(0);
    expect(NO_TRADES).toEqual([]);
  });
});
