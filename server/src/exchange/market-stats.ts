import { type Dec, div, ZERO } from './decimal.js';
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

/**
 * A pair's statistics since `fromSec` (unix seconds), from its one-minute candles (pre-history
 * included). REST Ticker's "today" and "last 24 hours" and the WebSocket ticker both use it.
 */
export function statsSince(m: Market, nowMs: number, fromSec: number): WindowStats {
  let volume = ZERO;
  let turnover = ZERO;
  let count = 0;
  let low: Dec | undefined;
  let high: Dec | undefined;
  let open: Dec | undefined;
  for (const c of m.series(1).window(Math.floor(nowMs / 1000), m.last)) {
    if (c.time < fromSec) continue;
    open ??= c.open;
    volume += c.volume;
    turnover += c.turnover;
    count += c.count;
    if (low === undefined || c.low < low) low = c.low;
    if (high === undefined || c.high > high) high = c.high;
  }
  return { volume, vwap: volume > 0n ? div(turnover, volume) : m.last, count, low: low ?? m.last, high: high ?? m.last, open: open ?? m.last };
}
