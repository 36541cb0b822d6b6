import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveScenario } from '../scenario/resolve.js';
import { scenarioSchema } from '../scenario/schema.js';
import { Exchange } from './exchange.js';
import * as seeded from './seeded-tape.js';

// Counts how often the seeded history is made, passing every call through unchanged.
vi.mock('./seeded-tape.js', async (original) => {
  const actual = await original<typeof import('./seeded-tape.js')>();
  return { ...actual, seedTape: vi.fn(actual.seedTape) };
});

const START = Date.UTC(2026, 0, 1);

function makeExchange(seed = 3): Exchange {
  return new Exchange(resolveScenario(scenarioSchema.parse({ name: 'tape' }), { seed, startTime: START }));
}

/** Steps the exchange's markets (simulated trades included) up to `target`, as the clock's driver does. */
function runTo(ex: Exchange, target: number): void {
  while (ex.now < target) ex.sync(Math.min(target, ex.nextDue()));
}

afterEach(() => vi.mocked(seeded.seedTape).mockClear());

// Regression: every market built its 1000 seeded trades (and the minute candles behind them) at
// start, for every pair, and an idle server held them and their garbage.
describe('the seeded public trade history', () => {
  it('is made for a market on the first read of its tape, once, not at start nor by live trades', () => {
    const ex = makeExchange();
    runTo(ex, START + 10_000);
    const m = ex.market('BTC/USD')!;
    expect(m.tape.some((t) => t.time >= START), 'live trades in the first 10 s').toBe(true);
    expect(seeded.seedTape).toHaveBeenCalledTimes(1);
    expect(m.tape.some((t) => t.time < START)).toBe(true);
    expect(ex.market('ETH/USD')!.tape.length).toBeGreaterThan(0);
    expect(seeded.seedTape).toHaveBeenCalledTimes(2);
  });

  it('does not depend on when it is first read: read 5 s or 60 s after start, the same trades before the start', () => {
    const early = makeExchange();
    runTo(early, START + 5_000);
    const a = early.market('ETH/USD')!.tape.filter((t) => t.time < START);
    const late = makeExchange();
    runTo(late, START + 60_000);
    const tape = late.market('ETH/USD')!.tape;
    const b = tape.filter((t) => t.time < START);
    const live = tape.length - b.length;
    expect(live).toBeGreaterThan(10);
    expect(a.length).toBeGreaterThan(500);
    // The live trades push the oldest seeded ones out: the rest is the same, ids and all.
    expect(b).toEqual(a.slice(Math.max(0, a.length + live - 1000)));
    expect(tape[b.length]!.id).toBe(b.at(-1)!.id + 1);
  });

  it('gives the last trade size of the seeded history before any live trade, whenever read', () => {
    const a = makeExchange().market('SOL/USD')!;
    const b = makeExchange().market('SOL/USD')!;
    expect(b.lastQty).toBe(a.tape.at(-1)!.qty);
    expect(b.lastQty).toBeGreaterThan(0n);
  });
});
