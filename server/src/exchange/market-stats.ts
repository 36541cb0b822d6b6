import { type Dec, div, ZERO } from './decimal.js';
import type { Candle } from './candles.js';
import type { Market } from './market.js';

/** Trading statistics over a window: volume, vwap, trade count, low, high and the opening price. */
export interface WindowStats {
  volume: Dec;
  vwap: Dec;
  count: number;
  low: Dec;
  high: Dec;
  open: Dec;
}

/** Per market and window start: the totals of the window's finished minutes, valid for one minute bucket. */
const finished = new WeakMap<Market, Map<number, { minute: number; totals: Totals }>>();

/** Sums over candles; `open` is the first candle's. */
interface Totals {
  volume: Dec;
  turnover: Dec;
  count: number;
  low: Dec | undefined;
  high: Dec | undefined;
  open: Dec | undefined;
}

const EMPTY: Totals = { volume: ZERO, turnover: ZERO, count: 0, low: undefined, high: undefined, open: undefined };

function add(t: Totals, c: Candle): Totals {
  return {
    volume: t.volume + c.volume, turnover: t.turnover + c.turnover, count: t.count + c.count,
    low: t.low === undefined || c.low < t.low ? c.low : t.low, high: t.high === undefined || c.high > t.high ? c.high : t.high, open: t.open ?? c.open,
  };
}

function statsOf(m: Market, t: Totals): WindowStats {
  return { volume: t.volume, vwap: t.volume > 0n ? div(t.turnover, t.volume) : m.last, count: t.count, low: t.low ?? m.last, high: t.high ?? m.last, open: t.open ?? m.last };
}

/**
 * A pair's statistics since `fromSec` (unix seconds), from its one-minute candles (pre-history
 * included). REST Ticker's "today" and "last 24 hours" and the WebSocket ticker both use it.
 * Trades only ever change the current minute's candle, so the finished minutes of a window are
 * summed once per minute and each call adds the current candle (not a day of candles per call).
 */
export function statsSince(m: Market, nowMs: number, fromSec: number): WindowStats {
  const from = Math.ceil(fromSec / 60) * 60;
  const minute = Math.floor(nowMs / 60_000) * 60;
  let byFrom = finished.get(m);
  if (!byFrom) finished.set(m, (byFrom = new Map()));
  let cached = byFrom.get(from);
  if (cached?.minute !== minute) {
    let totals = EMPTY;
    for (const c of m.series(1).window(minute, m.last)) if (c.time >= from && c.time < minute) totals = add(totals, c);
    cached = { minute, totals };
    if (byFrom.size >= 4) byFrom.clear();
    byFrom.set(from, cached);
  }
  const current = m.series(1).latest(minute, m.last);
  return statsOf(m, current.time >= from ? add(cached.totals, current) : cached.totals);
}

/** The statistics since `fromSec` computed afresh from every candle (what statsSince must agree with). */
export function scanStats(m: Market, nowMs: number, fromSec: number): WindowStats {
  let totals = EMPTY;
  for (const c of m.series(1).window(Math.floor(nowMs / 1000), m.last)) if (c.time >= fromSec) totals = add(totals, c);
  return statsOf(m, totals);
}
