import type { Dec } from '../../../exchange/decimal.js';
import type { Market, PublicTrade } from '../../../exchange/market.js';
import type { BookChange } from '../book-sequence.js';
import { binanceSymbol } from '../names.js';
import { KLINE_INTERVALS, klinesOf } from '../rest/klines.js';
import { ticker24h } from '../rest/routes/tickers.js';
import { num } from '../rest/wire.js';

/** A stream payload, sent as JSON (raw) or inside `{stream,data}` (combined). */
export type Payload = Record<string, unknown>;

const symbolOf = (m: Market): string => binanceSymbol(m.spec);

/** `@trade`: one public trade; `m` is true when the buyer was the maker (a selling taker). */
export const tradePayload = (m: Market, t: PublicTrade, now: number): Payload => ({
  e: 'trade', E: now, s: symbolOf(m), t: t.id, p: num(t.price), q: num(t.qty), T: Math.floor(t.time), m: t.side === 'sell', M: true,
});

/** `@aggTrade`: the core fills one taker against the book as one tape trade, so each aggregate is one trade (`f == l == a`). */
export const aggTradePayload = (m: Market, t: PublicTrade, now: number): Payload => ({
  e: 'aggTrade', E: now, s: symbolOf(m), a: t.id, p: num(t.price), q: num(t.qty), f: t.id, l: t.id, T: Math.floor(t.time), m: t.side === 'sell', M: true,
});

/** `@kline_<i>`: the current (open) kline of the interval; taker volumes are zero as on REST (the core does not split them). */
export function klinePayload(m: Market, interval: string, now: number): Payload | undefined {
  const source = KLINE_INTERVALS[interval];
  const k = source ? klinesOf(m, source, now).at(-1) : undefined;
  if (!k) return undefined;
  const inside = m.tape.filter((t) => t.time >= k.open * 1000 && t.time < k.close * 1000);
  const c = k.candle;
  return {
    e: 'kline', E: now, s: symbolOf(m),
    k: {
      t: k.open * 1000, T: k.close * 1000 - 1, s: symbolOf(m), i: interval, f: inside[0]?.id ?? -1, L: inside.at(-1)?.id ?? -1,
      o: num(c.open), c: num(c.close), h: num(c.high), l: num(c.low), v: num(c.volume), n: c.count, x: k.close * 1000 <= now,
      q: num(c.turnover), V: num(0n), Q: num(0n), B: '0',
    },
  };
}

/** `@miniTicker` and `@ticker`: the REST 24-hour figures under the stream's field letters. */
export function tickerPayload(m: Market, now: number, mini: boolean): Payload {
  const r = ticker24h(m, now, false);
  const short = { o: r.openPrice, h: r.highPrice, l: r.lowPrice, v: r.volume, q: r.quoteVolume };
  if (mini) return { e: '24hrMiniTicker', E: now, s: r.symbol, c: r.lastPrice, ...short };
  return {
    e: '24hrTicker', E: now, s: r.symbol, p: r.priceChange, P: r.priceChangePercent, w: r.weightedAvgPrice, x: r.prevClosePrice,
    c: r.lastPrice, Q: r.lastQty, b: r.bidPrice, B: r.bidQty, a: r.askPrice, A: r.askQty, ...short,
    O: r.openTime, C: r.closeTime, F: r.firstId, L: r.lastId, n: r.count,
  };
}

/** `@bookTicker` (no event type or time, as Binance sends it): best bid and ask with the book's update id. */
export function bookTickerPayload(m: Market, id: number): Payload {
  const bid = m.book.levels('bids', 1)[0];
  const ask = m.book.levels('asks', 1)[0];
  return { u: id, s: symbolOf(m), b: num(bid?.price ?? 0n), B: num(bid?.qty ?? 0n), a: num(ask?.price ?? 0n), A: num(ask?.qty ?? 0n) };
}

/** `@depth<n>`: the top `levels` per side with the update id REST depth would give now (no symbol, as Binance sends it). */
export function partialPayload(m: Market, levels: number, id: number): Payload {
  const side = (s: 'bids' | 'asks'): string[][] => m.book.levels(s, levels).map((l) => [num(l.price), num(l.qty)]);
  return { lastUpdateId: id, bids: side('bids'), asks: side('asks') };
}

/** Levels as `[price, qty]` text, best first (bids high to low, asks low to high). */
const changed = (levels: Map<Dec, Dec>, descending: boolean): string[][] =>
  [...levels].sort(([a], [b]) => (a === b ? 0 : (a < b) === descending ? 1 : -1)).map(([p, q]) => [num(p), num(q)]);

/** `@depth`: every level set by updates `first..last` (absolute quantities, `"0"` removes). */
export const diffPayload = (m: Market, first: number, last: number, change: BookChange, now: number): Payload => ({
  e: 'depthUpdate', E: now, s: symbolOf(m), U: first, u: last, b: changed(change.bids, true), a: changed(change.asks, false),
});
