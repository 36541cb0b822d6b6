import { toNumber } from '../exchange/decimal.js';
import type { Exchange } from '../exchange/exchange.js';
import type { Market } from '../exchange/market.js';

/** The longest stretch of price history the chart shows (simulated ms). */
export const CHART_WINDOW_MS = 2 * 3_600_000;

/** At most this many orders, fills and price points go to the chart (the latest ones). */
const CHART_LIMIT = 300;

/** A pair's price with the accounts' orders and fills on it, over [from, to] (simulated ms). */
export interface PriceChart {
  pair: string;
  from: number;
  to: number;
  /** [time ms, price]: minute closes, then every public trade the tape still holds. */
  points: [number, number][];
  orders: { id: string; account: string; side: string; type: string; price: number | null; volume: number; status: string; openedAt: number; closedAt: number | null }[];
  fills: { id: string; orderId: string; account: string; side: string; price: number; volume: number; time: number }[];
}

/** Minute closes before the tape's first trade, then the tape (finer), from `from` on. */
function pricePoints(market: Market, from: number, to: number): [number, number][] {
  const tape = market.tape.filter((t) => t.time >= from && t.time <= to);
  const tapeStart = tape[0]?.time ?? to;
  const points: [number, number][] = [];
  for (const c of market.series(1).window(Math.floor(to / 1000), market.last)) {
    const end = (c.time + 60) * 1000;
    if (end >= from && end < tapeStart) points.push([end, toNumber(c.close)]);
  }
  for (const t of tape) points.push([t.time, toNumber(t.price)]);
  points.push([to, toNumber(market.last)]);
  return points.slice(-CHART_LIMIT * 4);
}

/**
 * The price chart of `symbol` (domain symbol) for the last CHART_WINDOW_MS since `since`, with the
 * orders and fills of `account` (every account when undefined); undefined for an unlisted pair.
 */
export function priceChart(exchange: Exchange, symbol: string, since: number, now: number, account?: string): PriceChart | undefined {
  const market = exchange.markets.get(symbol);
  if (!market) return undefined;
  const from = Math.max(since, now - CHART_WINDOW_MS);
  const mine = (a: string): boolean => account === undefined || a === account;
  const orders = [...exchange.trading.orders.values()]
    .filter((o) => o.symbol === symbol && mine(o.account) && (o.closedAt ?? now) >= from && o.openedAt <= now)
    .slice(-CHART_LIMIT)
    .map((o) => ({
      id: o.id, account: o.account, side: o.side, type: o.type, price: o.price === undefined ? null : toNumber(o.price),
      volume: toNumber(o.volume), status: o.status, openedAt: o.openedAt, closedAt: o.closedAt ?? null,
    }));
  const fills = [...exchange.trading.fills.values()]
    .filter((f) => f.symbol === symbol && mine(f.account) && f.time >= from && f.time <= now)
    .slice(-CHART_LIMIT)
    .map((f) => ({ id: f.id, orderId: f.orderId, account: f.account, side: f.side, price: toNumber(f.price), volume: toNumber(f.volume), time: f.time }));
  return { pair: market.spec.symbol, from, to: now, points: pricePoints(market, from, now), orders, fills };
}
