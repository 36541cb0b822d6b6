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

/** Statistics computed lately per market, by window start: a Ticker poll loop asks for the same few windows again and again. */
const recent = new WeakMap<Market, Map<number, { stamp: string; stats: WindowStats }>>();

/**
 * A pair's statistics since `fromSec` (unix seconds), from its one-minute candles (pre-history
 * included). REST Ticker's "today" and "last 24 hours" and the WebSocket ticker both use it.
 * Candles start on whole minutes and change only with a trade or a new minute, so an answer is
 * reused until one of those happens (a day of candles is otherwise rescanned on every call).
 */
export function statsSince(m: Market, nowMs: number, fromSec: number): WindowStats {
  const from = Math.ceil(fromSec / 60) * 60;
  const stamp = `${Math.floor(nowMs / 60_000)}|${m.tape[m.tape.length - 1]?.id ?? -1}|${m.last}`;
  let byFrom = recent.get(m);
  if (!byFrom) recent.set(m, (byFrom = new Map()));
  const hit = byFrom.get(from);
  if (hit?.stamp === stamp) return hit.stats;
  const stats = scanStats(m, nowMs, from);
  if (byFrom.size >= 4) byFrom.clear();
  byFrom.set(from, { stamp, stats });
  return stats;
}

/** The statistics since `fromSec` computed afresh from every candle (what statsSince reuses). */
export function scanStats(m: Market, nowMs: number, fromSec: number): WindowStats {
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
