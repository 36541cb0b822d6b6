import type { Dec } from '../../../exchange/decimal.js';
import type { Market } from '../../../exchange/market.js';
import type { PriceOffset } from '../../../exchange/trailing.js';
import type { OrderType, Side } from '../../../exchange/types.js';
import { resolvePrice } from '../relative-price.js';
import { decOf } from './edit-order.js';

/** An add_order's prices as the engine takes them (see OrderInput). */
export interface OrderPrices {
  price: Dec | undefined;
  price2: Dec | undefined;
  trailOffset?: PriceOffset | undefined;
  limitOffset?: PriceOffset | undefined;
}

/** The units of v2's `triggers.price` and `limit_price`: a price, a percent, or an amount of the quote asset. */
type PriceType = 'static' | 'pct' | 'quote';
const PRICE_TYPES: readonly unknown[] = ['static', 'pct', 'quote'];

const invalid = (field: string): string => `EGeneral:Invalid arguments:${field}`;

/** A JSON number as a signed offset in percent (`pct`) or quote units; undefined when not a finite number. */
function offsetOf(value: unknown, type: 'pct' | 'quote'): PriceOffset | undefined {
  if (typeof value !== 'number') return undefined;
  const size = decOf(Math.abs(value));
  return size === undefined ? undefined : { amount: value < 0 ? -size : size, percent: type === 'pct' };
}

/** A price stated as `value` in `type` units: as is (static), else the last trade moved by the signed offset. */
function priceOf(value: unknown, type: PriceType, market: Market, side: Side, orderType: OrderType): Dec | undefined {
  if (type === 'static') return decOf(value);
  const offset = offsetOf(value, type);
  if (!offset) return undefined;
  const direction = offset.amount < 0n ? -1 : 1;
  return resolvePrice({ direction, amount: offset.amount < 0n ? -offset.amount : offset.amount, percent: offset.percent }, market, side, orderType);
}

/**
 * The prices of a v2 `add_order`. `triggers.price` is the trigger in `triggers.price_type` units;
 * `limit_price` the limit (price2 of *-limit types) in `limit_price_type` units (static by
 * default). Relative prices are offsets from the last trade, their sign giving the direction.
 * Trailing stops take only relative units (Kraken's trailing offsets are relative on every API):
 * the trigger's distance from the best price, positive, in `pct` or `quote`; a trailing-stop-limit's
 * limit is a signed offset from the trigger, in `quote` units unless `limit_price_type` says `pct`.
 */
export function orderPricesV2(p: Record<string, unknown>, type: OrderType, market: Market, side: Side): OrderPrices | string {
  const trailing = type === 'trailing-stop' || type === 'trailing-stop-limit';
  const isTrigger = type !== 'market' && type !== 'limit';
  const triggers = p.triggers as { price?: unknown; price_type?: unknown } | undefined;
  const triggerType = triggers?.price_type ?? 'static';
  const limitType = p.limit_price_type ?? (type === 'trailing-stop-limit' ? 'quote' : 'static');
  if (!PRICE_TYPES.includes(triggerType)) return invalid('triggers');
  if (!PRICE_TYPES.includes(limitType)) return invalid('limit_price_type');
  if (trailing) {
    const trailOffset = triggerType === 'static' ? undefined : offsetOf(triggers?.price, triggerType as 'pct' | 'quote');
    if (!trailOffset || trailOffset.amount <= 0n) return invalid('triggers');
    if (type === 'trailing-stop') return p.limit_price === undefined ? { price: undefined, price2: undefined, trailOffset } : invalid('limit_price');
    const limitOffset = limitType === 'static' ? undefined : offsetOf(p.limit_price, limitType as 'pct' | 'quote');
    if (!limitOffset) return invalid(limitType === 'static' ? 'limit_price_type' : 'limit_price');
    return { price: undefined, price2: undefined, trailOffset, limitOffset };
  }
  const limit = p.limit_price === undefined ? undefined : priceOf(p.limit_price, limitType as PriceType, market, side, type);
  if (p.limit_price !== undefined && limit === undefined) return invalid('limit_price');
  const limitOffset = limitType === 'static' ? undefined : offsetOf(p.limit_price, limitType as 'pct' | 'quote');
  const trigger = triggers?.price === undefined ? undefined : priceOf(triggers.price, triggerType as PriceType, market, side, type);
  if (!isTrigger) return { price: limit, price2: undefined, limitOffset };
  return { price: trigger, price2: type.endsWith('-limit') ? limit : undefined, limitOffset };
}
