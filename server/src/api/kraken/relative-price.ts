import { type Dec, div, mul, parseDec, ZERO } from '../../exchange/decimal.js';
import type { Market } from '../../exchange/market.js';
import type { OrderType, Side } from '../../exchange/types.js';

/** A price given as an offset from the last trade: which way, how much, and whether in percent. */
export interface RelativePrice {
  /** +1 above the last price, -1 below, 'auto' the way that keeps the order from acting at once (Kraken's `#`). */
  direction: 1 | -1 | 'auto';
  amount: Dec;
  percent: boolean;
}

/**
 * Kraken's price text: plain decimal, or relative `+x`, `-x`, `#x`, each optionally with a `%`
 * suffix. Undefined when malformed.
 */
export function parsePriceText(raw: string): { absolute: Dec } | { relative: RelativePrice } | undefined {
  const m = /^([+#-])?(\d{1,20}(?:\.\d{1,18})?)(%)?$/.exec(raw);
  if (!m) return undefined;
  const amount = parseDec(m[2]!) as Dec;
  if (!m[1] && !m[3]) return { absolute: amount };
  if (!m[1]) return undefined; // `5%` alone says no direction
  return { relative: { direction: m[1] === '+' ? 1 : m[1] === '-' ? -1 : 'auto', amount, percent: m[3] === '%' } };
}

/**
 * Which way `#` goes: away from execution. Buys that wait for a lower price (limit, take-profit)
 * go below the last price, stop-losses of buys above; sells the mirror image.
 */
export function autoDirection(side: Side, type: OrderType): 1 | -1 {
  const waitsBelow = type.startsWith('stop-loss') ? side === 'sell' : side === 'buy';
  return waitsBelow ? -1 : 1;
}

/**
 * The absolute price a relative one means now: the last trade price (or `base`, e.g. a primary
 * order's price for its conditional close) moved by the amount (or by that percent of it),
 * rounded half-even to the pair's tick. Zero or below stays as it is, for validation to refuse.
 */
export function resolvePrice(rel: RelativePrice, market: Market, side: Side, type: OrderType, base: Dec = market.last): Dec {
  const offset = rel.percent ? div(mul(base, rel.amount), 100n * 10n ** 18n) : rel.amount;
  const dir = rel.direction === 'auto' ? autoDirection(side, type) : rel.direction;
  const raw = base + BigInt(dir) * offset;
  if (raw <= ZERO) return raw;
  const tick = market.tick;
  const q = raw / tick;
  const r = raw % tick;
  return (r * 2n > tick || (r * 2n === tick && q % 2n === 1n) ? q + 1n : q) * tick;
}
