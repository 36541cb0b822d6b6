import type { Account } from './account.js';
import { type Dec, mul, PLACES } from './decimal.js';
import type { Market } from './market.js';
import { refuse, type Order, type Refusal } from './types.js';

/** Open orders allowed per pair, by verification tier (Kraken: Starter 60, Intermediate 80, Pro 225). */
export const OPEN_ORDER_CAP = { starter: 60, intermediate: 80, pro: 225 } as const;

const places = (x: Dec): number => {
  let n = PLACES;
  let v = x < 0n ? -x : x;
  while (n > 0 && v % 10n === 0n) {
    v /= 10n;
    n--;
  }
  return n;
};

/**
 * The rules a new (or amended) order must pass before it touches the book, in the order Kraken
 * reports them: arguments, price format and tick, minimum size and cost, open-order cap.
 */
export function validateOrder(order: Order, market: Market, account: Account, openCount: number, now: number): Refusal | undefined {
  const { spec } = market;
  if (!account.spec.permissions.includes('trade')) return refuse('permission_denied');
  if (order.volume <= 0n || places(order.volume) > spec.lotDecimals) return refuse('invalid_arguments', 'volume');
  const needsPrice = order.type !== 'market';
  const needsPrice2 = order.type.endsWith('-limit');
  if (needsPrice && order.price === undefined) return refuse('invalid_arguments', 'price');
  if (needsPrice2 && order.price2 === undefined) return refuse('invalid_arguments', 'price2');
  for (const p of [order.price, needsPrice2 ? order.price2 : undefined]) {
    if (p === undefined || !needsPrice) continue;
    if (p <= 0n) return refuse('invalid_price');
    if (places(p) > spec.priceDecimals) return { ok: false, code: 'price_decimals', precision: { symbol: spec.symbol, decimals: spec.priceDecimals } };
    if (p % market.tick !== 0n) return refuse('tick_size');
  }
  if (order.flags.has('post') && order.type !== 'limit' && !needsPrice2) return refuse('invalid_arguments', 'oflags');
  if (order.flags.has('post') && (order.timeInForce === 'IOC' || order.timeInForce === 'FOK')) return refuse('invalid_arguments', 'timeinforce');
  if (order.flags.has('fcib') && order.flags.has('fciq')) return refuse('invalid_arguments', 'oflags');
  if (order.flags.has('viqc') && !(order.type === 'market' && order.side === 'buy')) return refuse('invalid_arguments', 'viqc');
  if (order.timeInForce === 'GTD' && !(order.expireAt > now)) return refuse('invalid_arguments', 'expiretm');
  if ((order.timeInForce === 'IOC' || order.timeInForce === 'FOK') && order.type === 'market') return refuse('invalid_arguments', 'timeinforce');
  if (order.volume < market.orderMin) return refuse('order_minimum');
  const refPrice = needsPrice2 ? order.price2 : order.price ?? market.book.best(order.side === 'buy' ? 'sell' : 'buy')?.price ?? market.last;
  if (refPrice !== undefined && mul(refPrice, order.volume) < market.costMin) return refuse('cost_minimum');
  if (openCount >= OPEN_ORDER_CAP[account.spec.tier]) return refuse('orders_limit');
  return undefined;
}
