import type { Rng } from '../clock/rng.js';
import type { Candle } from './candles.js';
import { PLACES } from './decimal.js';
import type { PublicTrade } from './market.js';

/** How a pair's prices and sizes are quantised: price and lot decimals of its candles. */
export interface TapeShape {
  priceDecimals: number;
  lotDecimals: number;
}

/**
 * A public trade history consistent with the 1-minute pre-history, so `Trades` is not empty at
 * start while `OHLC` already has candles. Whole candles are taken, newest first, while their trade
 * counts fit in `limit`; each becomes exactly `count` trades inside its minute whose sizes sum to
 * the candle's volume to the last lot unit, the first at the open, the last at the close, one at
 * the high and one at the low when there are enough trades, the rest anywhere between low and high.
 * The candle's vwap is not reproduced. Ids run up to `nextId - 1`; same rng ⇒ same trades.
 */
export function seedTape(history: readonly Candle[], rng: Rng, shape: TapeShape, limit: number, nextId: number): PublicTrade[] {
  const minutes: Candle[] = [];
  let total = 0;
  for (let i = history.length - 1; i >= 0; i--) {
    const c = history[i]!;
    if (total + c.count > limit) break;
    minutes.push(c);
    total += c.count;
  }
  const tape: PublicTrade[] = [];
  for (const c of minutes.reverse()) tape.push(...minuteTrades(c, rng, shape));
  tape.forEach((t, i) => (t.id = nextId - tape.length + i));
  return tape;
}

/** The `count` trades of one candle, oldest first (ids filled in by the caller). */
function minuteTrades(c: Candle, rng: Rng, shape: TapeShape): PublicTrade[] {
  const lotUnit = 10n ** BigInt(PLACES - shape.lotDecimals);
  const n = Math.max(1, Math.min(c.count, Number(c.volume / lotUnit)));
  const prices = minutePrices(c, n, rng, shape);
  const sizes = split(c.volume / lotUnit, n, rng).map((u) => u * lotUnit);
  const times = minuteTimes(c.time * 1000, n, rng);
  return prices.map((price, i) => ({
    id: 0, time: times[i]!, price, qty: sizes[i]!,
    side: rng.chance(0.5) ? 'buy' : 'sell', ordType: rng.chance(0.4) ? 'limit' : 'market',
  }));
}

/** Open first, close last, the high and the low in between when `n` allows, the rest uniform in [low, high]. */
function minutePrices(c: Candle, n: number, rng: Rng, shape: TapeShape): bigint[] {
  const unit = 10n ** BigInt(PLACES - shape.priceDecimals);
  const steps = Number((c.high - c.low) / unit);
  const prices = Array.from({ length: n }, () => c.low + BigInt(rng.int(0, steps)) * unit);
  prices[0] = n === 1 ? c.close : c.open;
  if (n >= 2) prices[n - 1] = c.close;
  if (n >= 4) {
    const hi = rng.int(1, n - 2);
    prices[hi] = c.high;
    prices[hi === n - 2 ? 1 : hi + 1] = c.low;
  } else if (n === 3) prices[1] = rng.chance(0.5) ? c.high : c.low;
  return prices;
}

/** `units` split into `n` positive integer parts with random weights, summing exactly to `units` (needs units ≥ n). */
function split(units: bigint, n: number, rng: Rng): bigint[] {
  const weights = Array.from({ length: n }, () => BigInt(rng.int(1, 1000)));
  const sum = weights.reduce((a, b) => a + b, 0n);
  const spare = units - BigInt(n);
  const parts = weights.map((w) => 1n + (spare * w) / sum);
  parts[n - 1]! += units - parts.reduce((a, b) => a + b, 0n);
  return parts;
}

/** `n` strictly increasing times (ms with whole microseconds) inside the minute starting at `startMs`. */
function minuteTimes(startMs: number, n: number, rng: Rng): number[] {
  const us = Array.from({ length: n }, () => rng.int(0, 59_999_000)).sort((a, b) => a - b);
  for (let i = 1; i < n; i++) if (us[i]! <= us[i - 1]!) us[i] = us[i - 1]! + 1;
  return us.map((u) => startMs + u / 1000);
}
