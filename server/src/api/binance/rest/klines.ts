import type { Candle, Interval } from '../../../exchange/candles.js';
import type { Market } from '../../../exchange/market.js';

const MIN = 60;
const HOUR = 3600;
const DAY = 86_400;
/** 1970-01-05, the first Monday after the epoch: Binance's weeks start on Monday 00:00 UTC. */
const FIRST_MONDAY = 4 * DAY;

/** How one Binance interval is made from the core's candles: which series, and the bucket a time (unix s) falls in. */
interface KlineSource {
  series: Interval;
  start(sec: number): number;
  next(start: number): number;
}

const fixed = (series: Interval, size: number, offset = 0): KlineSource => ({
  series, start: (s) => Math.floor((s - offset) / size) * size + offset, next: (s) => s + size,
});

const month: KlineSource = {
  series: 1440,
  start: (s) => { const d = new Date(s * 1000); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000; },
  next: (s) => { const d = new Date(s * 1000); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 1000; },
};

/**
 * Binance's kline intervals, each served from the core's candle series: directly where the core
 * keeps that size, else by merging the finer candles that fill each bucket. `1s` is missing: the
 * core keeps no second candles, so it answers `-1120` like an unknown interval. UNCONFIRMED: `3d`
 * buckets are counted from the epoch (Binance does not document their alignment).
 */
export const KLINE_INTERVALS: Readonly<Record<string, KlineSource>> = {
  '1m': fixed(1, MIN), '3m': fixed(1, 3 * MIN), '5m': fixed(5, 5 * MIN), '15m': fixed(15, 15 * MIN), '30m': fixed(30, 30 * MIN),
  '1h': fixed(60, HOUR), '2h': fixed(60, 2 * HOUR), '4h': fixed(240, 4 * HOUR), '6h': fixed(60, 6 * HOUR),
  '8h': fixed(60, 8 * HOUR), '12h': fixed(240, 12 * HOUR), '1d': fixed(1440, DAY), '3d': fixed(1440, 3 * DAY),
  '1w': fixed(1440, 7 * DAY, FIRST_MONDAY), '1M': month,
};

/** One kline: a merged candle and the bucket it covers (unix seconds, end exclusive). */
export interface Kline {
  open: number;
  close: number;
  candle: Candle;
}

/**
 * Every kline the core can make for `interval` at `nowMs`, oldest first, the last being the current
 * (possibly still empty) bucket. Each bucket merges the source candles that start inside it.
 */
export function klinesOf(m: Market, source: KlineSource, nowMs: number): Kline[] {
  const out: Kline[] = [];
  for (const c of m.series(source.series).window(Math.floor(nowMs / 1000), m.last)) {
    const open = source.start(c.time);
    const last = out[out.length - 1];
    if (last && last.open === open) {
      const k = last.candle;
      last.candle = {
        time: k.time, open: k.open, close: c.close, high: c.high > k.high ? c.high : k.high, low: c.low < k.low ? c.low : k.low,
        volume: k.volume + c.volume, turnover: k.turnover + c.turnover, count: k.count + c.count,
      };
    } else {
      out.push({ open, close: source.next(open), candle: { ...c, time: open } });
    }
  }
  return out;
}
