import { describe, expect, it } from 'vitest';
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

  it('reuses an answer until a trade or a new minute, and only then', async () => {
    const { exchange, clock } = await createExchange({ scenario: 'calm', clock: 'manual', seed: 3 });
    const m = exchange.markets.get('BTC/USD')!;
    const now = clock.now() + 5_000;
    const nowSec = Math.floor(now / 1000);
    const first = statsSince(m, now, nowSec - 86_400);
    // Any second of the same minute covers the same candles.
    expect(statsSince(m, now + 1_000, nowSec - 86_400 + 1)).toBe(first);
    m.recordTrade(now + 2_000, m.last, dec('1.5'), 'buy', 'market');
    const after = statsSince(m, now + 2_000, nowSec - 86_400);
    expect(after).not.toBe(first);
    expect(after.volume - first.volume).toBe(dec('1.5'));
    expect(after.count).toBe(first.count + 1);
    expect(statsSince(m, now + 60_000, nowSec - 86_400 + 60)).not.toBe(after);
  });
});
