import { type Dec, div, mul, ONE, ZERO } from './decimal.js';
import type { Order, Side } from './types.js';

/**
 * A distance between two prices: an amount of the quote asset, or a percent of the price it is
 * measured from. `amount` may be negative only where a direction is meaningful (a limit offset).
 */
export interface PriceOffset {
  amount: Dec;
  percent: boolean;
}

/**
 * A trailing stop's state. The trigger sits `offset` away from the best price seen since the
 * order was placed (the highest for a sell, the lowest for a buy), on the side away from it; it
 * follows the best price and never moves back. A trailing-stop-limit's limit price is the
 * trigger moved by the order's `limitOffset` (signed: + above, − below).
 */
export interface Trail {
  offset: PriceOffset;
  /** The best price seen so far (the last trade price at each market step since placement). */
  best: Dec;
}

/**
 * `price` moved by `offset` (a percent of `price`, or an amount; `sign` and the amount's own sign
 * give the direction), rounded half-even to the tick. Zero or below stays as it is, for validation to refuse.
 */
export function offsetPrice(price: Dec, offset: PriceOffset, sign: 1n | -1n, tick: Dec): Dec {
  const distance = offset.percent ? div(mul(price, offset.amount), 100n * ONE) : offset.amount;
  const raw = price + sign * distance;
  if (raw <= ZERO) return raw;
  const q = raw / tick;
  const r = raw % tick;
  return (r * 2n > tick || (r * 2n === tick && q % 2n === 1n) ? q + 1n : q) * tick;
}

/** The trigger a trail puts `best` at: below it for a sell, above it for a buy. */
export const trailTrigger = (side: Side, trail: Trail, tick: Dec): Dec =>
  offsetPrice(trail.best, trail.offset, side === 'sell' ? -1n : 1n, tick);

/** Sets a trailing order's trigger (`price`) and, for a trailing-stop-limit, its limit (`price2`) from its trail. */
export function placeTrail(order: Order, trail: Trail, tick: Dec): void {
  order.price = trailTrigger(order.side, trail, tick);
  if (order.type === 'trailing-stop-limit' && order.limitOffset) order.price2 = offsetPrice(order.price, order.limitOffset, 1n, tick);
}

/**
 * Lets a waiting trailing order follow the last trade price: a new best price (higher for a sell,
 * lower for a buy) moves the trigger and the limit with it. Says whether they moved.
 */
export function followPrice(order: Order, last: Dec, tick: Dec): boolean {
  const trail = order.trail;
  if (!trail) return false;
  const better = order.side === 'sell' ? last > trail.best : last < trail.best;
  if (!better) return false;
  trail.best = last;
  const before = order.price;
  placeTrail(order, trail, tick);
  return order.price !== before;
}
