import type { Dec } from '../../../exchange/decimal.js';
import type { Market } from '../../../exchange/market.js';
import type { CloseOrder, OrderType, Side } from '../../../exchange/types.js';
import { parsePriceText, resolvePrice } from '../relative-price.js';
import { InvalidArgument, type Params } from './params.js';

/**
 * The conditional close types served here (Kraken also lists iceberg and the trailing stops,
 * refused here as `close[ordertype]`).
 */
export const CLOSE_TYPES: readonly OrderType[] = ['limit', 'stop-loss', 'take-profit', 'stop-loss-limit', 'take-profit-limit'];

/** One `close[...]` argument: a form field `close[name]`, or `close: { name }` in a JSON body (AddOrderBatch entries). */
function closeArg(params: Params, name: string): string | undefined {
  const field = `close[${name}]`;
  if (params.has(field)) return params.optStr(field);
  const nested = params.raw.close;
  if (nested === undefined || nested === null) return undefined;
  if (typeof nested !== 'object' || Array.isArray(nested)) throw new InvalidArgument('close');
  const v = (nested as Record<string, unknown>)[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' && typeof v !== 'number') throw new InvalidArgument(field);
  return String(v);
}

/**
 * A close price: absolute, or relative (`+`, `-`, `#`, `%`) to the primary order's price (Kraken:
 * "offset from the price of the primary order"; the last trade for a market order).
 */
function closePrice(params: Params, name: 'price' | 'price2', market: Market, side: Side, type: OrderType, base: Dec): Dec | undefined {
  const raw = closeArg(params, name);
  if (raw === undefined) return undefined;
  const parsed = parsePriceText(raw);
  if (!parsed) throw new InvalidArgument(`close[${name}]`);
  return 'absolute' in parsed ? parsed.absolute : resolvePrice(parsed.relative, market, side, type, base);
}

/**
 * AddOrder's conditional close (`close[ordertype]`, `close[price]`, `close[price2]`) for a primary
 * order of `side` at `primaryPrice`: undefined when none is asked; malformed ones throw
 * InvalidArgument naming the field.
 */
export function readClose(params: Params, market: Market, side: Side, primaryPrice: Dec | undefined): CloseOrder | undefined {
  const type = closeArg(params, 'ordertype') as OrderType | undefined;
  if (type === undefined) {
    if (closeArg(params, 'price') !== undefined || closeArg(params, 'price2') !== undefined) throw new InvalidArgument('close[ordertype]');
    return undefined;
  }
  if (!CLOSE_TYPES.includes(type)) throw new InvalidArgument('close[ordertype]');
  const closeSide: Side = side === 'buy' ? 'sell' : 'buy';
  const base = primaryPrice ?? market.last;
  const price = closePrice(params, 'price', market, closeSide, type, base);
  if (price === undefined) throw new InvalidArgument('close[price]');
  const price2 = type.endsWith('-limit') ? closePrice(params, 'price2', market, closeSide, 'limit', base) : undefined;
  if (type.endsWith('-limit') && price2 === undefined) throw new InvalidArgument('close[price2]');
  return { type, price, price2 };
}
