import { ZERO } from '../../../exchange/decimal.js';
import type { Exchange } from '../../../exchange/exchange.js';
import { SELF_TRADE, type Fill, type Order } from '../../../exchange/types.js';
import { binanceStpMode } from '../self-trade-modes.js';
import { binanceAsset, binanceSymbol } from '../names.js';
import { orderIdsOf } from '../order-ids.js';
import { num } from './wire.js';

/** The core's reasons for ending an order that Binance calls CANCELED (asked for); every other early end is EXPIRED. */
const ASKED = new Set(['User requested', 'Order replaced', 'Dead man switch triggered']);

/**
 * Binance's `status` for a core order: NEW / PARTIALLY_FILLED while open or pending; FILLED when
 * all executed; CANCELED when the client (or its dead man's switch) cancelled; EXPIRED_IN_MATCH
 * for self-trade prevention; EXPIRED for every other end (IOC, FOK or MARKET remainder, the exchange
 * cancelling, time in force).
 */
export function orderStatus(o: Order): string {
  if (o.status === 'open' || o.status === 'pending') return o.executed > 0n ? 'PARTIALLY_FILLED' : 'NEW';
  if (o.status === 'closed' && o.executed >= o.volume) return 'FILLED';
  if (o.status === 'canceled' && o.reason === SELF_TRADE) return 'EXPIRED_IN_MATCH';
  if (o.status === 'canceled' && o.reason !== null && ASKED.has(o.reason)) return 'CANCELED';
  return 'EXPIRED';
}

/** Binance's `type` for a core order (trailing stops, which only Kraken places, show as their plain stop types). */
export function orderType(o: Order): string {
  if (o.type === 'limit') return o.flags.has('post') ? 'LIMIT_MAKER' : 'LIMIT';
  if (o.type === 'market') return 'MARKET';
  const limit = o.type.endsWith('-limit');
  const base = o.type.startsWith('take-profit') ? 'TAKE_PROFIT' : 'STOP_LOSS';
  return limit ? `${base}_LIMIT` : base;
}

const limitOf = (o: Order) => (o.type === 'limit' ? o.price : o.type.endsWith('-limit') ? o.price2 : undefined);
const isTrigger = (o: Order): boolean => o.type !== 'limit' && o.type !== 'market';
/** When the order went on the book: -1 for a trigger order not yet triggered. */
const workingTime = (o: Order): number => (isTrigger(o) && !o.triggered ? -1 : o.openedAt);

/** The fields every order answer shares (RESULT's, without transactTime). */
function core(ex: Exchange, o: Order) {
  const tag = orderIdsOf(ex).tag(o);
  return {
    symbol: binanceSymbol(ex.markets.get(o.symbol)!.spec), orderId: tag.id, orderListId: -1, clientOrderId: tag.clientId,
    price: num(limitOf(o) ?? ZERO), origQty: num(o.volume), executedQty: num(o.executed), cummulativeQuoteQty: num(o.cost),
    status: orderStatus(o), timeInForce: o.timeInForce === 'IOC' || o.timeInForce === 'FOK' ? o.timeInForce : 'GTC', type: orderType(o), side: o.side === 'buy' ? 'BUY' : 'SELL',
    ...(isTrigger(o) ? { stopPrice: num(o.price ?? ZERO) } : {}),
  };
}

/** The conditional fields of an order self-trade prevention ended, and its mode (every order answer ends with these). */
function stpFields(o: Order) {
  return {
    ...(o.preventedMatchId !== null ? { preventedMatchId: o.preventedMatchId, preventedQuantity: num(o.prevented) } : {}),
    selfTradePreventionMode: binanceStpMode(o.selfTrade),
  };
}

/** An order as `GET /api/v3/order`, `openOrders` and `allOrders` show it. */
export function orderView(ex: Exchange, o: Order): Record<string, unknown> {
  const tag = orderIdsOf(ex).tag(o);
  const fills = o.trades.map((id) => ex.trading.fills.get(id)).filter((f): f is Fill => f !== undefined);
  const updateTime = o.closedAt ?? fills[fills.length - 1]?.time ?? o.openedAt;
  return {
    ...core(ex, o), stopPrice: num(isTrigger(o) ? o.price ?? ZERO : ZERO), icebergQty: num(o.display ?? ZERO),
    time: o.openedAt, updateTime, isWorking: (o.status === 'open' && workingTime(o) >= 0), workingTime: workingTime(o),
    origQuoteOrderQty: num(tag.quoteQty ?? ZERO), ...stpFields(o),
  };
}

/** A new order's reply at the detail asked for: ACK, RESULT, or FULL (RESULT with its fills so far). */
export function placedView(ex: Exchange, o: Order, resp: 'ACK' | 'RESULT' | 'FULL', now: number): Record<string, unknown> {
  const tag = orderIdsOf(ex).tag(o);
  const ack = { symbol: binanceSymbol(ex.markets.get(o.symbol)!.spec), orderId: tag.id, orderListId: -1, clientOrderId: tag.clientId, transactTime: now };
  if (resp === 'ACK') return ack;
  const result = {
    ...core(ex, o), transactTime: now, workingTime: workingTime(o),
    origQuoteOrderQty: num(tag.quoteQty ?? ZERO), ...stpFields(o),
  };
  if (resp === 'RESULT') return result;
  const fills = o.trades.map((id) => ex.trading.fills.get(id)).filter((f): f is Fill => f !== undefined)
    .map((f) => ({ price: num(f.price), qty: num(f.volume), commission: num(f.fee), commissionAsset: binanceAsset(f.feeAsset), tradeId: f.tradeId }));
  return { ...result, fills };
}

/** A cancelled order as `DELETE /api/v3/order` answers it: `clientOrderId` is the cancel's own id. */
export function cancelledView(ex: Exchange, o: Order, cancelClientId: string, now: number): Record<string, unknown> {
  const { symbol, clientOrderId, ...rest } = core(ex, o);
  return { symbol, origClientOrderId: clientOrderId, ...rest, clientOrderId: cancelClientId, transactTime: now, ...stpFields(o) };
}

/** One of the account's fills as `GET /api/v3/myTrades` shows it. */
export function tradeView(ex: Exchange, f: Fill): Record<string, unknown> {
  const order = ex.trading.orders.get(f.orderId);
  return {
    symbol: binanceSymbol(ex.markets.get(f.symbol)!.spec), id: f.tradeId, orderId: order ? orderIdsOf(ex).tag(order).id : -1, orderListId: -1,
    price: num(f.price), qty: num(f.volume), quoteQty: num(f.cost), commission: num(f.fee), commissionAsset: binanceAsset(f.feeAsset),
    time: f.time, isBuyer: f.side === 'buy', isMaker: f.maker, isBestMatch: true,
  };
}
