import type { Account } from '../../../exchange/account.js';
import { ZERO } from '../../../exchange/decimal.js';
import type { Exchange } from '../../../exchange/exchange.js';
import type { OrderEvent } from '../../../exchange/trading.js';
import type { LedgerEntry } from '../../../exchange/types.js';
import { binanceAsset } from '../names.js';
import { generatedClientId, orderIdsOf } from '../order-ids.js';
import { orderView } from '../rest/order-views.js';
import { num } from '../rest/wire.js';

/** Binance's execution type (`x`) and order status (`X`) for a core order event; undefined for events Binance does not report (a fill's close, an iceberg refill). */
function executionOf(ex: Exchange, e: OrderEvent): { x: string; X: string } | undefined {
  const X = String(orderView(ex, e.order).status);
  switch (e.kind) {
    case 'new': return { x: 'NEW', X: 'NEW' };
    // The last fill says FILLED at once, though the core closes the order just after it.
    case 'trade': return { x: 'TRADE', X: e.order.executed >= e.order.volume ? 'FILLED' : 'PARTIALLY_FILLED' };
    case 'canceled': return { x: X === 'EXPIRED_IN_MATCH' ? 'TRADE_PREVENTION' : X, X };
    case 'expired': return { x: 'EXPIRED', X };
    case 'amended': return { x: 'REPLACED', X };
    default: return undefined;
  }
}

/**
 * The `executionReport` for a core order event, every field of the reference's §7.4 (conditional
 * ones only where they apply), order fields read from the same view REST answers with, so `i`, `c`,
 * `q`, `p`, `z`, `Z` match `GET /api/v3/order`. A cancel's `c` is the id Binance generates for the
 * cancel (UNCONFIRMED choice: a client's own `newClientOrderId` on DELETE is not remembered) and `C`
 * the order's own. `I` is the exchange's running count of reports (Binance: "ignore").
 */
export function executionReport(ex: Exchange, e: OrderEvent, seq: number): Record<string, unknown> | undefined {
  const kind = executionOf(ex, e);
  if (!kind) return undefined;
  const o = e.order;
  const v = orderView(ex, o);
  const tag = orderIdsOf(ex).tag(o);
  const f = e.kind === 'trade' ? e.fill : undefined;
  const cancel = kind.x === 'CANCELED';
  const onBook = o.status === 'open' && o.type !== 'market' && o.executed < o.volume && (v.workingTime as number) >= 0;
  return {
    e: 'executionReport', E: e.time, s: v.symbol, c: cancel ? generatedClientId(`cancel ${o.id}`) : tag.clientId, S: v.side, o: v.type,
    f: v.timeInForce, q: v.origQty, p: v.price, P: v.stopPrice, F: v.icebergQty, g: -1, C: cancel ? tag.clientId : '', x: kind.x, X: kind.X,
    r: 'NONE', i: tag.id, l: num(f?.volume ?? ZERO), z: num(o.executed), L: num(f?.price ?? ZERO), n: f ? num(f.fee) : '0',
    N: f ? binanceAsset(f.feeAsset) : null, T: f?.time ?? e.time, t: f?.tradeId ?? -1, I: seq, w: onBook, m: f?.maker ?? false,
    M: false, O: o.openedAt, Z: num(o.cost), Y: num(f?.cost ?? ZERO), Q: v.origQuoteOrderQty,
    ...(onBook ? { W: v.workingTime } : {}), V: v.selfTradePreventionMode,
    // Self-trade prevention ended the order: v = prevented match id, A = prevented quantity, B = the last prevention's (one per order here).
    ...(kind.x === 'TRADE_PREVENTION' && o.preventedMatchId !== null ? { v: o.preventedMatchId, A: num(o.prevented), B: num(o.prevented) } : {}),
  };
}

/** `outboundAccountPosition`: free and locked of the given assets (those a change touched), at event time `time`. */
export function accountPosition(account: Account, assets: Iterable<string>, time: number): Record<string, unknown> {
  const last = account.ledger[account.ledger.length - 1]?.time ?? time;
  return {
    e: 'outboundAccountPosition', E: time, u: last,
    B: [...assets].map((a) => ({ a: binanceAsset(a), f: num(account.available(a)), l: num(account.held(a)) })),
  };
}

/** `balanceUpdate` for a funding ledger entry (deposit, withdrawal, adjustment): `d` is the signed change of the balance. */
export function balanceUpdate(entry: LedgerEntry, time: number): Record<string, unknown> {
  return { e: 'balanceUpdate', E: time, a: binanceAsset(entry.asset), d: num(entry.amount - entry.fee), T: entry.time };
}
