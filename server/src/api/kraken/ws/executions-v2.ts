import { assetByCode } from '../../../exchange/assets.js';
import { type Dec, div, fmt, ZERO } from '../../../exchange/decimal.js';
import type { Exchange } from '../../../exchange/exchange.js';
import type { Market } from '../../../exchange/market.js';
import type { OrderEvent } from '../../../exchange/trading.js';
import type { PriceOffset } from '../../../exchange/trailing.js';
import type { Order } from '../../../exchange/types.js';
import { valueIn } from '../rest/views.js';
import { iso } from './wire.js';

/**
 * A decimal as a JSON number whose digits are exactly the decimal rounded to `places`: the
 * shortest float text of a decimal of at most 15 significant digits is that decimal, so no float
 * noise (`94972.99999999999`) reaches the wire.
 */
export const exactNumber = (x: Dec, places: number): number => Number(fmt(x, places));

/** USD amounts (fee_usd_equiv) carry this many decimals. */
const USD_DECIMALS = 8;

const STATUS: Record<Order['status'], string> = { pending: 'pending_new', open: 'new', closed: 'filled', canceled: 'canceled', expired: 'expired' };

/** Kraken's `order_status`: an order that has traded but not completed is partially_filled; a completed one is filled even before it closes. */
function orderStatus(o: Order): string {
  if (o.executed > 0n && o.executed >= o.volume) return 'filled';
  return o.executed > 0n && o.status === 'open' ? 'partially_filled' : STATUS[o.status];
}

/** The order's fees so far in USD at last prices (0 when no market prices its fee asset). */
function feeUsd(ex: Exchange, o: Order): number {
  return exactNumber(o.fee > 0n ? valueIn(ex, o.feeAsset, 'USD', o.fee) ?? ZERO : ZERO, USD_DECIMALS);
}

/** A relative price's amount as a v2 number and its `*_price_type`: percent (4 places) or quote units. */
const offsetFields = (x: PriceOffset, pd: number): { price: number; type: 'pct' | 'quote' } =>
  ({ price: exactNumber(x.amount, x.percent ? 4 : pd), type: x.percent ? 'pct' : 'quote' });

/**
 * `limit_price` with its `limit_price_type`, as the client stated it: a price (static), or the
 * offset it gave (from the last trade, or from a trailing-stop-limit's trigger) in pct or quote units.
 */
function limitFields(o: Order, pd: number): Record<string, unknown> {
  const limit = o.type === 'limit' ? o.price : o.type.endsWith('-limit') ? o.price2 : undefined;
  if (limit === undefined && !o.limitOffset) return {};
  if (!o.limitOffset) return { limit_price: exactNumber(limit ?? ZERO, pd), limit_price_type: 'static' };
  const { price, type } = offsetFields(o.limitOffset, pd);
  return { limit_price: price, limit_price_type: type };
}

/**
 * `triggers` of a trigger order. A trailing stop's are its offset in pct or quote units, as
 * stated; where its trigger stands now goes in `stop_price` (a field of Kraken's executions entries).
 */
function triggerFields(o: Order, pd: number): Record<string, unknown> {
  if (o.type === 'market' || o.type === 'limit') return {};
  if (!o.trail) return { triggers: { reference: 'last', price: exactNumber(o.price ?? ZERO, pd), price_type: 'static' } };
  const { price, type } = offsetFields(o.trail.offset, pd);
  return { triggers: { reference: 'last', price, price_type: type }, stop_price: exactNumber(o.price ?? ZERO, pd) };
}

/** An order's state as an executions entry (snapshot, and the base of every update). */
export function orderFields(ex: Exchange, o: Order): Record<string, unknown> {
  const m = ex.markets.get(o.symbol) as Market;
  const { priceDecimals: pd, lotDecimals: ld } = m.spec;
  const cd = assetByCode(m.spec.quote).decimals;
  const avg = o.executed > 0n ? div(o.cost, o.executed) : ZERO;
  return {
    order_id: o.id, symbol: o.symbol, side: o.side, order_type: o.display !== undefined ? 'iceberg' : o.type, order_qty: exactNumber(o.volume, ld),
    ...(o.display !== undefined ? { display_qty: exactNumber(o.display, ld) } : {}),
    ...limitFields(o, pd), ...triggerFields(o, pd),
    time_in_force: o.timeInForce, order_userref: o.userref ?? 0, ...(o.clOrdId ? { cl_ord_id: o.clOrdId } : {}),
    order_status: orderStatus(o), cum_qty: exactNumber(o.executed, ld), cum_cost: exactNumber(o.cost, cd), avg_price: exactNumber(avg, pd),
    fee_usd_equiv: feeUsd(ex, o), fee_ccy_pref: o.feeAsset === m.spec.quote ? 'fciq' : 'fcib',
  };
}

/**
 * The executions entries for one order event: a new order is `pending_new` then `new` (only
 * `new` when the subscriber asked for open/close transitions only, `order_status: false`);
 * trades carry the fill; the others the order's state.
 */
export function executionEntries(ex: Exchange, e: OrderEvent, allTransitions: boolean): Record<string, unknown>[] {
  const base = { ...orderFields(ex, e.order), exec_type: e.kind === 'refilled' ? 'iceberg_refill' : e.kind, timestamp: iso(e.time) };
  if (e.kind === 'new') {
    const acked = { ...base, ...(e.order.status === 'pending' ? { order_status: 'pending_new' } : {}) };
    return allTransitions ? [{ ...base, exec_type: 'pending_new', order_status: 'pending_new' }, acked] : [acked];
  }
  if (e.kind === 'canceled' || e.kind === 'expired') return [{ ...base, reason: e.order.reason ?? undefined }];
  if (e.kind !== 'trade' || !e.fill) return [base];
  const f = e.fill;
  const m = ex.markets.get(f.symbol) as Market;
  return [{
    ...base, exec_id: f.id, trade_id: f.tradeId, last_qty: exactNumber(f.volume, m.spec.lotDecimals), last_price: exactNumber(f.price, m.spec.priceDecimals),
    cost: exactNumber(f.cost, assetByCode(m.spec.quote).decimals), liquidity_ind: f.maker ? 'm' : 't',
    fees: [{ asset: f.feeAsset, qty: exactNumber(f.fee, assetByCode(f.feeAsset).decimals) }],
  }];
}
