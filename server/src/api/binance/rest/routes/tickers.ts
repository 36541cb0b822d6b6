import { div, fmt, mul, ZERO } from '../../../../exchange/decimal.js';
import type { Market } from '../../../../exchange/market.js';
import { statsSince } from '../../../../exchange/market-stats.js';
import { binanceSymbol } from '../../names.js';
import { invalidValue, Refusal } from '../errors.js';
import type { Params } from '../params.js';
import { success, type Reply, type Route } from '../route.js';
import { ticker24hWeight } from '../weight.js';
import { num } from '../wire.js';

const DAY_MS = 86_400_000;

/** How many symbols a request names, for its weight (never throws; undefined: all of them). */
function named(p: Params): number | undefined {
  if (p.str('symbol') !== undefined) return 1;
  const many = p.str('symbols');
  if (many === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(many);
    return Array.isArray(v) ? v.length : undefined;
  } catch {
    return undefined;
  }
}

/** One object for `symbol`, a list for `symbols` or for all listed markets. */
function each(p: Params, ex: Parameters<Params['markets']>[0], view: (m: Market) => Record<string, unknown>): Reply {
  const chosen = p.markets(ex);
  if (chosen?.single) return success(view(chosen.markets[0]!));
  return success((chosen?.markets ?? [...ex.markets.values()]).map(view));
}

/**
 * A market's rolling 24-hour statistics from its minute candles (the same figures as Kraken's
 * "last 24 hours"). firstId/lastId are the first and last trade of the window still on the tape
 * (the last 1000 trades), so `count` (from the candles) may exceed lastId − firstId + 1 on a busy
 * pair; prevClosePrice is the window's open (UNCONFIRMED: Binance's is the close before the window).
 */
export function ticker24h(m: Market, now: number, mini: boolean): Record<string, unknown> {
  const openTime = now - DAY_MS;
  const s = statsSince(m, now, Math.floor(now / 1000) - 86_400);
  const inWindow = m.tape.filter((t) => t.time >= openTime);
  const ids = { firstId: inWindow[0]?.id ?? -1, lastId: inWindow[inWindow.length - 1]?.id ?? -1 };
  const quoteVolume = num(mul(s.vwap, s.volume));
  const times = { openTime, closeTime: now, ...ids, count: s.count };
  const symbol = binanceSymbol(m.spec);
  if (mini) {
    return { symbol, openPrice: num(s.open), highPrice: num(s.high), lowPrice: num(s.low), lastPrice: num(m.last), volume: num(s.volume), quoteVolume, ...times };
  }
  const change = m.last - s.open;
  const bid = m.book.levels('bids', 1)[0];
  const ask = m.book.levels('asks', 1)[0];
  return {
    symbol, priceChange: num(change), priceChangePercent: fmt(s.open > 0n ? div(change * 100n, s.open) : ZERO, 3),
    weightedAvgPrice: num(s.vwap), prevClosePrice: num(s.open), lastPrice: num(m.last), lastQty: num(m.lastQty),
    bidPrice: num(bid?.price ?? ZERO), bidQty: num(bid?.qty ?? ZERO), askPrice: num(ask?.price ?? ZERO), askQty: num(ask?.qty ?? ZERO),
    openPrice: num(s.open), highPrice: num(s.high), lowPrice: num(s.low), volume: num(s.volume), quoteVolume, ...times,
  };
}

/** Best bid and ask with their sizes ("0.00000000" for an empty side). */
export function bookTicker(m: Market): Record<string, unknown> {
  const bid = m.book.levels('bids', 1)[0];
  const ask = m.book.levels('asks', 1)[0];
  return {
    symbol: binanceSymbol(m.spec), bidPrice: num(bid?.price ?? ZERO), bidQty: num(bid?.qty ?? ZERO),
    askPrice: num(ask?.price ?? ZERO), askQty: num(ask?.qty ?? ZERO),
  };
}

/** `ticker/24hr`, `ticker/price` and `ticker/bookTicker`, each for one symbol, a list, or every market. */
export const tickerRoutes: Route[] = [
  {
    security: 'NONE', method: 'GET', path: '/api/v3/ticker/24hr', weight: (p) => ticker24hWeight(named(p)),
    handle: ({ params, exchange, now }) => {
      const type = params.str('type') ?? 'FULL';
      if (type !== 'FULL' && type !== 'MINI') throw new Refusal(invalidValue('type'));
      return each(params, exchange, (m) => ticker24h(m, now, type === 'MINI'));
    },
  },
  {
    security: 'NONE', method: 'GET', path: '/api/v3/ticker/price', weight: (p) => (p.str('symbol') !== undefined ? 2 : 4),
    handle: ({ params, exchange }) => each(params, exchange, (m) => ({ symbol: binanceSymbol(m.spec), price: num(m.last) })),
  },
  {
    security: 'NONE', method: 'GET', path: '/api/v3/ticker/bookTicker', weight: (p) => (p.str('symbol') !== undefined ? 2 : 4),
    handle: ({ params, exchange }) => each(params, exchange, bookTicker),
  },
];
