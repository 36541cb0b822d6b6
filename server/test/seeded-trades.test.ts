import { describe, expect, it } from 'vitest';
import { testExchange, type TestExchange } from './kraken-client.js';

type Trade = [string, string, number, string, string, string, number];
type Ohlc = [number, string, string, string, string, string, string, number];

/** Exact decimal text → integer in units of 1e-8 (lot and price texts here have at most 8 places). */
const units = (s: string): bigint => {
  const [int, frac = ''] = s.split('.');
  return BigInt(int!) * 10n ** 8n + BigInt(frac.padEnd(8, '0'));
};

async function tradesAndCandles(t: TestExchange, pair: string): Promise<{ trades: Trade[]; candles: Map<number, Ohlc> }> {
  const trades = Object.values((await t.client.get('Trades', { pair })).result)[0] as Trade[];
  const rows = Object.values((await t.client.get('OHLC', { pair, interval: 1 })).result)[0] as Ohlc[];
  return { trades, candles: new Map(rows.map((c) => [c[0], c])) };
}

// Regression: Trades was empty for the first seconds after start while OHLC already had 720 candles.
describe('seeded public trade history', () => {
  it('Trades right after start holds up to 1000 trades, before the start, with increasing times and ids', async () => {
    const t = await testExchange();
    const { trades } = await tradesAndCandles(t, 'XBTUSD');
    expect(trades.length).toBeGreaterThan(500);
    expect(trades.length).toBeLessThanOrEqual(1000);
    for (let i = 1; i < trades.length; i++) {
      expect(trades[i]![2]).toBeGreaterThan(trades[i - 1]![2]);
      expect(trades[i]![6]).toBe(trades[i - 1]![6] + 1);
    }
    expect(trades[trades.length - 1]![2]).toBeLessThan(t.clock.now() / 1000);
    for (const [, , , side, type, misc] of trades) {
      expect(['b', 's']).toContain(side);
      expect(['m', 'l']).toContain(type);
      expect(misc).toBe('');
    }
  });

  it('each seeded minute matches its OHLC candle: open, high, low, close, volume to the last unit, and trade count', async () => {
    const t = await testExchange();
    for (const pair of ['XBTUSD', 'ETHXBT', 'XDGUSD']) {
      const { trades, candles } = await tradesAndCandles(t, pair);
      const byMinute = new Map<number, Trade[]>();
      for (const tr of trades) {
        const minute = Math.floor(tr[2] / 60) * 60;
        byMinute.set(minute, [...(byMinute.get(minute) ?? []), tr]);
      }
      expect(byMinute.size).toBeGreaterThan(50);
      for (const [minute, group] of byMinute) {
        const c = candles.get(minute);
        expect(c, `a candle for minute ${minute}`).toBeDefined();
        const [, open, high, low, close, , volume, count] = c!;
        expect(group.length).toBe(count);
        expect(group.reduce((s, tr) => s + units(tr[1]), 0n)).toBe(units(volume));
        for (const tr of group) {
          expect(units(tr[0])).toBeGreaterThanOrEqual(units(low));
          expect(units(tr[0])).toBeLessThanOrEqual(units(high));
          expect(units(tr[1])).toBeGreaterThan(0n);
        }
        // A one-trade minute can only be at the close; with two or more the first is at the open.
        if (group.length > 1) expect(units(group[0]![0])).toBe(units(open));
        if (group.length >= 4) {
          expect(group.some((tr) => units(tr[0]) === units(high))).toBe(true);
          expect(group.some((tr) => units(tr[0]) === units(low))).toBe(true);
        }
        expect(units(group[group.length - 1]![0])).toBe(units(close));
      }
    }
  });

  it('is deterministic for a seed, differs for another seed, and live trades follow it with the next ids', async () => {
    const a = await tradesAndCandles(await testExchange({ seed: 5 }), 'ETHUSD');
    const b = await tradesAndCandles(await testExchange({ seed: 5 }), 'ETHUSD');
    const c = await tradesAndCandles(await testExchange({ seed: 6 }), 'ETHUSD');
    expect(b.trades).toEqual(a.trades);
    expect(c.trades).not.toEqual(a.trades);
    const t = await testExchange({ seed: 5 });
    t.clock.advance(60_000);
    const later = (await t.client.get('Trades', { pair: 'ETHUSD' })).result.XETHZUSD as Trade[];
    const seededLast = a.trades[a.trades.length - 1]!;
    const live = later.filter((tr) => tr[2] * 1000 >= Date.UTC(2026, 0, 1));
    expect(live.length).toBeGreaterThan(0);
    expect(live[0]![6]).toBe(seededLast[6] + 1);
    expect(later.length).toBeLessThanOrEqual(1000);
  });
});
