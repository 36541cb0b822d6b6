import { describe, expect, it, vi } from 'vitest';
import { createExchange } from '../app.js';
import type { ManualClock } from '../clock/clock.js';
import { dec } from './decimal.js';
import { scanStats, statsSince } from './market-stats.js';

describe('statsSince', () => {
  it('answers as a fresh scan of the candles would, through trades, new minutes and any window start', async () => {
    const { exchange, clock } = await createExchange({ scenario: 'calm', clock: 'manual', seed: 3 });
    const manual = clock as ManualClock;
    const m = exchange.markets.get('BTC/USD')!;
    for (let step = 0; step < 40; step++) {
      manual.advance(17_000);
      exchange.sync(manual.now());
      const now = manual.now();
      const nowSec = Math.floor(now / 1000);
      for (const from of [nowSec - 86_400, nowSec - 86_400 + 1, Math.floor(nowSec / 86_400) * 86_400, nowSec - 600]) {
        expect(statsSince(m, now, from)).toEqual(scanStats(m, now, from));
      }
    }
  });

  it('lists the day of candles once per minute per window, not per call; trades between calls still count', async () => {
    const { exchange, clock } = await createExchange({ scenario: 'calm', clock: 'manual', seed: 3 });
    const m = exchange.markets.get('BTC/USD')!;
    const listings = vi.spyOn(m.series(1), 'window');
    const now = Math.floor(clock.now() / 60_000) * 60_000 + 5_000;
    const nowSec = Math.floor(now / 1000);
    const first = statsSince(m, now, nowSec - 86_400);
    for (let i = 0; i < 50; i++) statsSince(m, now + i * 100, nowSec - 86_400 + (i % 3));
    expect(listings).toHaveBeenCalledTimes(1);
    m.recordTrade(now + 6_000, m.last, dec('1.5'), 'buy', 'market');
    const after = statsSince(m, now + 6_000, nowSec - 86_400);
    expect(after.volume - first.volume).toBe(dec('1.5'));
    expect(after.count).toBe(first.count + 1);
    expect(listings).toHaveBeenCalledTimes(1);
    statsSince(m, now + 60_000, nowSec - 86_400 + 60);
    expect(listings).toHaveBeenCalledTimes(2);
  });
});
