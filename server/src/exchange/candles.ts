import type { Rng } from '../clock/rng.js';
import { type Dec, fromNumber, mul, ZERO } from './decimal.js';

/** Kraken's OHLC intervals, in minutes. */
export const INTERVALS = [1, 5, 15, 30, 60, 240, 1440, 10080, 21600] as const;
export type Interval = (typeof INTERVALS)[number];

/** One OHLC bucket; `time` is its start in unix seconds; `turnover` = Σ price×volume (for vwap). */
export interface Candle {
  time: number;
  open: Dec;
  high: Dec;
  low: Dec;
  close: Dec;
  volume: Dec;
  turnover: Dec;
  count: number;
}

/** At most this many candles are kept per interval, matching Kraken's 720-candle answers. */
export const CANDLE_LIMIT = 720;

/**
 * Candles of one interval for one pair: a seeded pre-history ending at the start price (so bots
 * that need indicators have data from the first second) followed by candles built from trades.
 */
export class CandleSeries {
  private live: Candle[] = [];
  private history: Candle[] | undefined;
  /** Live candles kept: a day of minutes for the 1-minute series (ticker statistics), else 721. */
  private readonly keep: number;

  constructor(
    readonly interval: Interval,
    private readonly startSec: number,
    private readonly makeHistory: () => Candle[],
  ) {
    this.keep = interval === 1 ? 1441 : CANDLE_LIMIT + 1;
  }

  /** Adds a trade at `timeSec` (unix seconds, may be fractional). */
  add(timeSec: number, price: Dec, qty: Dec): void {
    const bucket = Math.floor(timeSec / (this.interval * 60)) * this.interval * 60;
    let c = this.live[this.live.length - 1];
    if (!c || c.time !== bucket) {
      c = { time: bucket, open: price, high: price, low: price, close: price, volume: ZERO, turnover: ZERO, count: 0 };
      this.live.push(c);
      if (this.live.length > this.keep) this.live.shift();
    }
    if (price > c.high) c.high = price;
    if (price < c.low) c.low = price;
    c.close = price;
    c.volume += qty;
    c.turnover += mul(price, qty);
    c.count += 1;
  }

  /**
   * Candles starting at or after `sinceSec`, oldest first, the last one being the current bucket
   * (present even without trades, flat at `lastPrice`), at most CANDLE_LIMIT.
   */
  candles(nowSec: number, lastPrice: Dec, sinceSec = 0): Candle[] {
    return this.window(nowSec, lastPrice).slice(-CANDLE_LIMIT).filter((c) => c.time >= sinceSec);
  }

  /** The candle of the bucket holding `nowSec` (flat at `lastPrice` when it has no trade yet), without listing the others. */
  latest(nowSec: number, lastPrice: Dec): Candle {
    const size = this.interval * 60;
    const current = Math.floor(nowSec / size) * size;
    const tail = this.live[this.live.length - 1];
    if (tail && tail.time === current) return tail;
    return { time: current, open: lastPrice, high: lastPrice, low: lastPrice, close: lastPrice, volume: ZERO, turnover: ZERO, count: 0 };
  }

  /** The seeded pre-history alone (candles before the start's bucket), oldest first; made on first use. */
  prehistory(): readonly Candle[] {
    return (this.history ??= this.makeHistory());
  }

  /** Every kept candle (pre-history and live), oldest first, ending with the current bucket. */
  window(nowSec: number, lastPrice: Dec): Candle[] {
    const size = this.interval * 60;
    const current = Math.floor(nowSec / size) * size;
    const all: Candle[] = [];
    for (const c of this.prehistory()) if (c.time < this.firstLiveBucket()) all.push(c);
    for (const c of this.live) all.push(c);
    const tail = all[all.length - 1];
    if (!tail || tail.time < current) {
      all.push({ time: current, open: lastPrice, high: lastPrice, low: lastPrice, close: lastPrice, volume: ZERO, turnover: ZERO, count: 0 });
    }
    return all;
  }

  private firstLiveBucket(): number {
    const size = this.interval * 60;
    return Math.floor(this.startSec / size) * size;
  }
}

/**
 * A seeded pre-history: `count` candles of `interval` minutes ending just before `startSec`, walked
 * backwards from `startPrice` with the pair's volatility, rounded to its price precision.
 */
export function generateHistory(
  rng: Rng, interval: number, count: number, startSec: number, startPrice: number,
  annualVol: number, typicalVolume: number, priceDecimals: number, lotDecimals: number,
): Candle[] {
  const size = interval * 60;
  const firstLive = Math.floor(startSec / size) * size;
  const stepVol = annualVol * Math.sqrt(size / (365 * 86400));
  const out: Candle[] = [];
  let close = startPrice;
  for (let i = 1; i <= count; i++) {
    const open = close * Math.exp(-stepVol * rng.normal());
    const hi = Math.max(open, close) * (1 + Math.abs(rng.normal()) * stepVol * 0.5);
    const lo = Math.min(open, close) * (1 - Math.abs(rng.normal()) * stepVol * 0.5);
    const vol = typicalVolume * interval * Math.exp(0.6 * rng.normal() - 0.18);
    const count = Math.max(1, Math.round(vol / (typicalVolume / 6)));
    const o = fromNumber(open, priceDecimals);
    const c = fromNumber(close, priceDecimals);
    const volume = fromNumber(vol, lotDecimals);
    const mid = fromNumber((open + close + hi + lo) / 4, priceDecimals);
    out.push({
      time: firstLive - i * size, open: o, close: c,
      high: fromNumber(hi, priceDecimals), low: fromNumber(lo, priceDecimals),
      volume, turnover: mul(mid, volume), count,
    });
    close = open;
  }
  out.reverse();
  return out;
}

