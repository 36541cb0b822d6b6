import type { Effects } from '../../../control/journal.js';
import type { Account } from '../../../exchange/account.js';
import { parseDec, type Dec } from '../../../exchange/decimal.js';
import type { Exchange } from '../../../exchange/exchange.js';
import { restingPenalty } from '../../../exchange/rate-limits.js';
import type { OrderInput } from '../../../exchange/trading.js';
import type { Order, OrderFlag } from '../../../exchange/types.js';
import { refusalText } from '../rest/wire.js';

/** A JSON number parameter as an exact decimal (no exponent forms); undefined when not a non-negative number. */
export function decOf(v: unknown): Dec | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return undefined;
  return parseDec(String(v).includes('e') ? v.toFixed(12) : String(v));
}

const invalid = (field: string): string => `EGeneral:Invalid arguments:${field}`;

/** A number parameter that may be left out: the fallback when absent, an error text when malformed. */
function optDec(field: string, value: unknown, fallback: Dec | undefined): Dec | undefined | string {
  if (value === undefined) return fallback;
  return decOf(value) ?? invalid(field);
}

/** The new prices: `limit_price` is the limit (price2 on *-limit types), `triggers.price` the trigger. */
function editPrices(original: Order, p: Record<string, unknown>): { price: Dec | undefined; price2: Dec | undefined } | string {
  const isTrigger = original.type !== 'market' && original.type !== 'limit';
  const hasLimit = original.type === 'limit' || original.type.endsWith('-limit');
  const trigger = (p.triggers as { price?: unknown } | undefined)?.price;
  if (p.limit_price !== undefined && !hasLimit) return invalid('limit_price');
  if (trigger !== undefined && !isTrigger) return invalid('triggers');
  const limit = optDec('limit_price', p.limit_price, original.type === 'limit' ? original.price : original.price2);
  const triggerPrice = optDec('triggers', trigger, isTrigger ? original.price : undefined);
  if (typeof limit === 'string') return limit;
  if (typeof triggerPrice === 'string') return triggerPrice;
  return isTrigger ? { price: triggerPrice, price2: limit } : { price: limit, price2: original.price2 };
}

/**
 * The replacement order for an edit: the original's side, type, time in force and expiry, with
 * the requested quantity (else what remains), prices, post-only flag and userref; never a cl_ord_id.
 */
export function editInput(original: Order, p: Record<string, unknown>): OrderInput | string {
  if (p.display_qty !== undefined) return invalid('display_qty');
  if (p.reduce_only === true) return invalid('reduce_only');
  const volume = optDec('order_qty', p.order_qty, original.volume - original.executed);
  if (typeof volume === 'string' || volume === undefined) return volume ?? invalid('order_qty');
  // Kraken refuses an edit down to less than what the order has already executed.
  if (p.order_qty !== undefined && original.executed > volume) return 'EOrder:Invalid arguments:volume';
  const prices = editPrices(original, p);
  if (typeof prices === 'string') return prices;
  if (p.order_userref !== undefined && !Number.isInteger(p.order_userref)) return invalid('order_userref');
  if (p.post_only !== undefined && typeof p.post_only !== 'boolean') return invalid('post_only');
  const flags = new Set<OrderFlag>(original.flags);
  if (p.post_only === true) flags.add('post');
  if (p.post_only === false) flags.delete('post');
  return {
    symbol: original.symbol, side: original.side, type: original.type, volume, ...prices, flags,
    timeInForce: original.timeInForce, expireAt: original.expireAt || undefined,
    userref: typeof p.order_userref === 'number' ? p.order_userref : original.userref, clOrdId: null,
    trailOffset: original.trail?.offset, limitOffset: original.limitOffset,
  };
}

/**
 * WebSocket v2 `edit_order`: cancels an open order of the account and places its replacement
 * with a new id (queue position lost), charging Kraken's resting-time edit penalty.
 */
export function editOrder(exchange: Exchange, account: Account, p: Record<string, unknown>, now: number): { result: unknown; effects: Effects | undefined } | { error: string } {
  if (typeof p.order_id !== 'string' || p.order_id === '') return { error: invalid('order_id') };
  if (typeof p.symbol !== 'string') return { error: invalid('symbol') };
  const original = exchange.trading.select(account.name, { txid: p.order_id }).find((o) => o.status === 'open' || o.status === 'pending');
  if (!original || original.symbol !== p.symbol) return { error: 'EOrder:Unknown order' };
  // As on REST, the count is charged even when the replacement then fails validation.
  const cost = 1 + restingPenalty('edit', now - original.restedAt);
  if (!exchange.chargeTrading(account, original.symbol, cost, now)) return { error: 'EOrder:Rate limit exceeded' };
  const input = editInput(original, p);
  if (typeof input === 'string') return { error: input };
  const validate = p.validate === true;
  const r = exchange.trading.replace(account.name, original.id, input, now, validate);
  if (!r.ok) return { error: refusalText(r) };
  return {
    result: { order_id: validate ? '' : r.order.id, original_order_id: original.id },
    effects: validate ? undefined : { amended: [original.id], created: [r.order.id] },
  };
}
