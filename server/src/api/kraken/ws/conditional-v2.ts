import type { Dec } from '../../../exchange/decimal.js';
import type { Market } from '../../../exchange/market.js';
import type { CloseOrder, OrderType, Side } from '../../../exchange/types.js';
import { CLOSE_TYPES } from '../rest/close-input.js';
import { resolvePrice } from '../relative-price.js';
import { decOf } from './edit-order.js';

const invalid = (field: string): string => `EGeneral:Invalid arguments:conditional.${field}`;

/**
 * One conditional price: static (absolute), or an offset from `base` in the quote currency
 * (`quote`) or in percent (`pct`), its sign giving the direction. An error text when malformed.
 */
function conditionalPrice(value: unknown, kind: unknown, field: string, market: Market, side: Side, type: OrderType, base: Dec): Dec | undefined | string {
  if (value === undefined) return undefined;
  if (kind !== undefined && kind !== 'static' && kind !== 'pct' && kind !== 'quote') return invalid(`${field}_type`);
  if (kind === undefined || kind === 'static') return decOf(value) ?? invalid(field);
  const amount = typeof value === 'number' ? decOf(Math.abs(value)) : undefined;
  if (amount === undefined) return invalid(field);
  return resolvePrice({ direction: (value as number) < 0 ? -1 : 1, amount, percent: kind === 'pct' }, market, side, type, base);
}

/**
 * WebSocket v2 `add_order`'s `conditional` (one-triggers-other close): `order_type`, `limit_price`
 * (+ `limit_price_type`) and `trigger_price` (+ `trigger_price_type`) as the engine's close order
 * for a primary of `side` executing at `base`: the trigger in `price` and the limit in `price2` for
 * `-limit` types, the limit in `price` for `limit`. Undefined when absent; an error text when malformed.
 */
export function conditionalClose(raw: unknown, market: Market, side: Side, base: Dec): CloseOrder | undefined | string {
  if (raw === undefined) return undefined;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return invalid('order_type');
  const c = raw as Record<string, unknown>;
  const type = c.order_type as OrderType;
  if (!CLOSE_TYPES.includes(type)) return invalid('order_type');
  const closeSide: Side = side === 'buy' ? 'sell' : 'buy';
  const limit = conditionalPrice(c.limit_price, c.limit_price_type, 'limit_price', market, closeSide, 'limit', base);
  const trigger = conditionalPrice(c.trigger_price, c.trigger_price_type, 'trigger_price', market, closeSide, type, base);
  if (typeof limit === 'string') return limit;
  if (typeof trigger === 'string') return trigger;
  const hasLimit = type === 'limit' || type.endsWith('-limit');
  if (hasLimit && limit === undefined) return invalid('limit_price');
  if (type !== 'limit' && trigger === undefined) return invalid('trigger_price');
  return type === 'limit' ? { type, price: limit, price2: undefined } : { type, price: trigger, price2: hasLimit ? limit : undefined };
}
