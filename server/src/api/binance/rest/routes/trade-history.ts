import { mul } from '../../../../exchange/decimal.js';
import type { PublicTrade } from '../../../../exchange/market.js';
import type { Params } from '../params.js';
import { success, type Route } from '../route.js';
import { num } from '../wire.js';

/** One `trades` / `historicalTrades` row. */
export const tradeRow = (t: PublicTrade): Record<string, unknown> => ({
  id: t.id, price: num(t.price), qty: num(t.qty), quoteQty: num(mul(t.price, t.qty)), time: Math.floor(t.time),
  // The tape keeps the taker's side: a selling taker hit a resting bid, so the buyer was the maker.
  isBuyerMaker: t.side === 'sell', isBestMatch: true,
});

/**
 * The tape from `fromId` on (the first `limit`), or the most recent `limit` when no id is given.
 * Trades older than the tape keeps are gone, as Binance's oldest trades are for a mock's purposes.
 */
function fromIdOn(tape: readonly PublicTrade[], params: Params, limit: number, start?: number, end?: number): readonly PublicTrade[] {
  const fromId = params.int('fromId', 0, Number.MAX_SAFE_INTEGER);
  let rows = tape;
  if (fromId !== undefined) rows = rows.filter((t) => t.id >= fromId);
  if (start !== undefined) rows = rows.filter((t) => Math.floor(t.time) >= start);
  if (end !== undefined) rows = rows.filter((t) => Math.floor(t.time) <= end);
  return fromId !== undefined || start !== undefined ? rows.slice(0, limit) : rows.slice(-limit);
}

/**
 * `aggTrades` and `historicalTrades`. The core fills one taker against the book as one tape trade
 * at one price, so each aggregate is one trade: `a == f == l` is the tape id, the same numbering
 * as the `@aggTrade` stream's `a` (consecutive tape trades are never merged: two takers are two
 * aggregates, as on Binance where an aggregate is one taker order at one price).
 */
export const tradeHistoryRoutes: Route[] = [
  {
    security: 'NONE', method: 'GET', path: '/api/v3/aggTrades', weight: () => 4,
    handle: ({ params, exchange }) => {
      const m = params.market(exchange);
      const limit = params.int('limit', 1, 1000) ?? 500;
      const start = params.int('startTime', 0, Number.MAX_SAFE_INTEGER);
      const end = params.int('endTime', 0, Number.MAX_SAFE_INTEGER);
      return success(fromIdOn(m.tape, params, limit, start, end).map((t) => ({
        a: t.id, p: num(t.price), q: num(t.qty), f: t.id, l: t.id, T: Math.floor(t.time), m: t.side === 'sell', M: true,
      })));
    },
  },
  {
    security: 'NONE', method: 'GET', path: '/api/v3/historicalTrades', weight: () => 25,
    handle: ({ params, exchange }) => {
      const m = params.market(exchange);
      const limit = params.int('limit', 1, 1000) ?? 500;
      return success(fromIdOn(m.tape, params, limit).map(tradeRow));
    },
  },
];
