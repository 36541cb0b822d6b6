import { div, mul, ZERO } from '../../../../exchange/decimal.js';
import type { Level } from '../../../../exchange/order-book.js';
import { bookSequence } from '../../book-sequence.js';
import { BAD_INTERVAL, invalidValue, mandatory, Refusal } from '../errors.js';
import { KLINE_INTERVALS, klinesOf } from '../klines.js';
import type { Params } from '../params.js';
import { success, type Route } from '../route.js';
import { depthWeight } from '../weight.js';
import { tradeRow } from './trade-history.js';
import { num } from '../wire.js';

/** Deepest `depth` answer; a larger `limit` is cut to it, as Binance documents. */
export const MAX_DEPTH = 5000;
const ZERO_TEXT = num(ZERO);

/** `limit` as the weight reads it: never throws (a refused request is charged at the default). */
const depthLimit = (p: Params): number => {
  const n = Number(p.str('limit') ?? 100);
  return Number.isInteger(n) && n > 0 ? Math.min(n, MAX_DEPTH) : 100;
};

const side = (levels: Level[]): [string, string][] => levels.map((l) => [num(l.price), num(l.qty)]);

/** `depth`, `trades`, `klines` and `avgPrice`. */
export const marketRoutes: Route[] = [
  {
    security: 'NONE', method: 'GET', path: '/api/v3/depth', weight: (p) => depthWeight(depthLimit(p)),
    handle: ({ params, exchange }) => {
      const m = params.market(exchange);
      const limit = Math.min(params.int('limit', 1, Number.MAX_SAFE_INTEGER) ?? 100, MAX_DEPTH);
      const id = bookSequence(m).observe();
      return success({ lastUpdateId: id, bids: side(m.book.levels('bids', limit)), asks: side(m.book.levels('asks', limit)) });
    },
  },
  {
    security: 'NONE', method: 'GET', path: '/api/v3/trades', weight: () => 25,
    handle: ({ params, exchange }) => {
      const m = params.market(exchange);
      const limit = params.int('limit', 1, 1000) ?? 500;
      return success(m.tape.slice(-limit).map(tradeRow));
    },
  },
  {
    security: 'NONE', method: 'GET', path: '/api/v3/klines', weight: () => 2,
    handle: ({ params, exchange, now }) => {
      const m = params.market(exchange);
      const name = params.str('interval');
      if (name === undefined) throw new Refusal(mandatory('interval'));
      const source = Object.hasOwn(KLINE_INTERVALS, name) ? KLINE_INTERVALS[name] : undefined;
      if (!source) throw new Refusal(BAD_INTERVAL);
      const tz = params.str('timeZone');
      if (tz !== undefined && !/^[+-]?0{1,2}(:00)?$/.test(tz)) throw new Refusal(invalidValue('timeZone')); // only UTC is served
      const start = params.int('startTime', 0, Number.MAX_SAFE_INTEGER);
      const end = params.int('endTime', 0, Number.MAX_SAFE_INTEGER);
      const limit = params.int('limit', 1, 1000) ?? 500;
      const all = klinesOf(m, source, now).filter((k) => (start === undefined || k.open * 1000 >= start) && (end === undefined || k.open * 1000 <= end));
      // From startTime on: the first `limit`; otherwise the most recent `limit`, oldest first.
      const rows = start !== undefined ? all.slice(0, limit) : all.slice(-limit);
      return success(rows.map(({ open, close, candle: c }) => [
        // The core does not split volume by taker side: the taker-buy volumes are written as zero.
        open * 1000, num(c.open), num(c.high), num(c.low), num(c.close), num(c.volume), close * 1000 - 1,
        num(c.turnover), c.count, ZERO_TEXT, ZERO_TEXT, '0',
      ]));
    },
  },
  {
    security: 'NONE', method: 'GET', path: '/api/v3/avgPrice', weight: () => 2,
    handle: ({ params, exchange, now }) => {
      const m = params.market(exchange);
      const recent = m.tape.filter((t) => t.time > now - 5 * 60_000);
      let volume = ZERO;
      let turnover = ZERO;
      for (const t of recent) {
        volume += t.qty;
        turnover += mul(t.price, t.qty);
      }
      const last = recent[recent.length - 1];
      // No trade in the 5 minutes: the last price, at the last trade's time (UNCONFIRMED: Binance's answer then is undocumented).
      const price = volume > 0n ? div(turnover, volume) : m.last;
      const closeTime = Math.floor(last?.time ?? m.tape[m.tape.length - 1]?.time ?? now);
      return success({ mins: 5, price: num(price), closeTime });
    },
  },
];
