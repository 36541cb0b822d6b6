import { describe, expect, it } from 'vitest';
import { auditExchange } from '../control/audit.js';
import { resolveScenario } from '../scenario/resolve.js';
import { scenarioSchema } from '../scenario/schema.js';
import { dec } from './decimal.js';
import { Exchange, FAST_FORWARD_RESOLUTION } from './exchange.js';
import type { OrderInput } from './trading.js';

const START = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function makeExchange(seed = 9): Exchange {
  return new Exchange(resolveScenario(scenarioSchema.parse({
    name: 'ff',
    market: { pairs: { 'XBT/USD': { price: 50000, volatility: 0.8 } } },
    accounts: [{ name: 'alice', balances: { USD: '1000000', XBT: '10' }, feeTier: 0, tier: 'pro', nonceWindow: 0 }],
  }), { seed, startTime: START }));
}

const limit = (side: 'buy' | 'sell', price: bigint, extra: Partial<OrderInput> = {}): OrderInput => ({
  symbol: 'BTC/USD', side, type: 'limit', volume: dec('0.5'), price, flags: new Set(), timeInForce: 'GTC', ...extra,
});

/** Syncs step by step to `target` (as the clock's driver does), recording when each market step ran. */
function live(ex: Exchange, target: number): number[] {
  const steps: number[] = [];
  const step = ex.trading.step.bind(ex.trading);
  ex.trading.step = (market, now, dt, flow) => (steps.push(now), step(market, now, dt, flow));
  while (ex.now < target) ex.sync(Math.min(target, ex.nextDue()));
  return steps;
}

describe('Exchange.fastForwardTo', () => {
  it('changes nothing for a target within the last stretch of ordinary steps: the same prices, trades and book as plain steps', () => {
    const plain = makeExchange();
    const fast = makeExchange();
    fast.fastForwardTo(START + 50 * 60_000);
    live(plain, START + 50 * 60_000);
    live(fast, START + 50 * 60_000);
    const a = plain.market('BTC/USD')!;
    const b = fast.market('BTC/USD')!;
    expect(b.mid).toBe(a.mid);
    expect(b.tape).toEqual(a.tape);
    expect(b.book.asks).toEqual(a.book.asks);
  });

  it('a year takes tens of thousands of steps, not 31.5 million, and the last hour before the target is second by second', () => {
    const ex = makeExchange();
    const target = START + 365 * DAY;
    ex.fastForwardTo(target);
    const steps = live(ex, target);
    expect(steps.length).toBeLessThan(45_000);
    expect(steps.at(-1)).toBe(target);
    const lastHour = steps.filter((t) => t > target - HOUR);
    expect(lastHour).toHaveLength(HOUR / 1000);
    // Detail fades with distance from the target: a step never covers more than 1/N of what was left.
    for (let i = 1; i < steps.length; i++) expect(steps[i]! - steps[i - 1]!).toBeLessThanOrEqual(Math.max(1000, (target - steps[i - 1]!) / FAST_FORWARD_RESOLUTION));
    // Steps stay on the exchange's one-second grid, so ordinary ones follow on as before.
    expect(steps.every((t) => (t - START) % 1000 === 0)).toBe(true);
    expect(ex.nextDue()).toBe(target + 1000);
  });

  it('the market lives through it: resting orders the price crosses fill, a GTD order expires at its own time, candles cover the days, the audit holds', () => {
    const ex = makeExchange();
    const m = ex.market('BTC/USD')!;
    const below = ex.trading.place('alice', limit('buy', dec('40000')), START);
    const above = ex.trading.place('alice', limit('sell', dec('60000')), START);
    const gtd = ex.trading.place('alice', limit('buy', dec('1000'), { timeInForce: 'GTD', expireAt: START + 10 * DAY + 1234 }), START);
    if (!below.ok || !above.ok || !gtd.ok) throw new Error('orders refused');
    const target = START + 365 * DAY;
    ex.fastForwardTo(target);
    live(ex, target);
    // With 80 % volatility over a year, the price left the 40,000-60,000 band (seed 9).
    const filled = [below.order, above.order].filter((o) => o.executed > 0n);
    expect(filled.length).toBeGreaterThan(0);
    for (const o of filled) expect(o.trades.length).toBeGreaterThan(0);
    expect([gtd.order.status, gtd.order.closedAt]).toEqual(['expired', START + 10 * DAY + 1234]);
    const days = m.series(1440).candles(target / 1000, m.last).filter((c) => c.time >= START / 1000);
    expect(days.length).toBeGreaterThan(360);
    expect(auditExchange(ex)).toEqual([]);
    expect(m.book.best('buy')!.price).toBeLessThan(m.book.best('sell')!.price);
  });

  it('replays: the same seed and target give the same year, however the syncs were cut', () => {
    const a = makeExchange(4);
    const b = makeExchange(4);
    const target = START + 90 * DAY;
    a.fastForwardTo(target);
    b.fastForwardTo(target);
    live(a, target);
    // b syncs in uneven chunks, as requests arriving at odd times would make it.
    for (let t = START; t < target; t += 7 * HOUR + 13_000) b.sync(t);
    b.sync(target);
    expect(b.market('BTC/USD')!.mid).toBe(a.market('BTC/USD')!.mid);
    expect(b.market('BTC/USD')!.tape).toEqual(a.market('BTC/USD')!.tape);
  });
});
