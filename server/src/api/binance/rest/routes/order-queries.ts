import { effectsOf } from '../../../../control/journal.js';
import type { Order } from '../../../../exchange/types.js';
import { generatedClientId, orderIdsOf } from '../../order-ids.js';
import { REJECTED_KEY } from '../errors.js';
import { newOrderError, UNKNOWN_ORDER } from '../order-errors.js';
import { cancelledView, orderView, tradeView } from '../order-views.js';
import { success, type Route, type SignedCall } from '../route.js';

const mayQuery = (call: SignedCall): boolean => call.account.spec.permissions.includes('query');

/** `startTime`/`endTime` (ms) as a predicate on a time; undefined bounds are open. */
function window(call: SignedCall): (t: number) => boolean {
  const start = call.params.int('startTime', 0, Number.MAX_SAFE_INTEGER);
  const end = call.params.int('endTime', 0, Number.MAX_SAFE_INTEGER);
  return (t) => (start === undefined || t >= start) && (end === undefined || t <= end);
}

/** The last `limit` of a list (Binance's default when no starting id is given) or the first `limit` from one. */
const page = <T>(list: T[], limit: number, fromStart: boolean): T[] => (fromStart ? list.slice(0, limit) : list.slice(-limit));

/**
 * Order lists and trade history: open orders (one symbol or all), cancel all of a symbol's open
 * orders, all orders of a symbol, and the account's trades (all SIGNED). UNCONFIRMED: cancelling
 * all with nothing open answers `-2011 "Unknown order sent."`, as a client has reported.
 */
export const orderQueryRoutes: Route[] = [
  {
    security: 'SIGNED', method: 'GET', path: '/api/v3/openOrders', weight: (p) => (p.str('symbol') === undefined ? 80 : 6),
    handle: (call) => {
      if (!mayQuery(call)) return { ok: false, error: REJECTED_KEY };
      const symbol = call.params.str('symbol') === undefined ? undefined : call.params.market(call.exchange).spec.symbol;
      const open = [...call.exchange.trading.liveOrders()].filter((o) => o.account === call.account.name && (symbol === undefined || o.symbol === symbol));
      return success(open.map((o) => orderView(call.exchange, o)));
    },
  },
  {
    security: 'SIGNED', method: 'DELETE', path: '/api/v3/openOrders', weight: () => 1,
    handle: ({ params, exchange, account, now }) => {
      const symbol = params.market(exchange).spec.symbol;
      const open = [...exchange.trading.liveOrders()].filter((o) => o.account === account.name && o.symbol === symbol);
      if (open.length === 0) return { ok: false, error: UNKNOWN_ORDER };
      const out: Record<string, unknown>[] = [];
      const cancelled: string[] = [];
      for (const o of open) {
        const r = exchange.trading.cancel(account.name, { txid: o.id }, now);
        if (!r.ok) return { ok: false, error: newOrderError(r.code, r.detail), effects: effectsOf({ cancelled }) };
        out.push(cancelledView(exchange, o, generatedClientId(`cancel ${o.id}`), now));
        cancelled.push(o.id);
      }
      return success(out, { cancelled });
    },
  },
  {
    security: 'SIGNED', method: 'GET', path: '/api/v3/allOrders', weight: () => 20,
    handle: (call) => {
      if (!mayQuery(call)) return { ok: false, error: REJECTED_KEY };
      const { params, exchange, account } = call;
      const symbol = params.market(exchange).spec.symbol;
      const from = params.int('orderId', 0, Number.MAX_SAFE_INTEGER);
      const limit = params.int('limit', 1, 1000) ?? 500;
      const inWindow = window(call);
      const ids = orderIdsOf(exchange);
      const mine: Order[] = [...exchange.trading.orders.values()]
        .filter((o) => o.account === account.name && o.symbol === symbol && inWindow(o.openedAt) && (from === undefined || ids.tag(o).id >= from))
        .sort((a, b) => ids.tag(a).id - ids.tag(b).id);
      return success(page(mine, limit, from !== undefined).map((o) => orderView(exchange, o)));
    },
  },
  {
    security: 'SIGNED', method: 'GET', path: '/api/v3/myTrades', weight: (p) => (p.str('orderId') === undefined ? 20 : 5),
    handle: (call) => {
      if (!mayQuery(call)) return { ok: false, error: REJECTED_KEY };
      const { params, exchange, account } = call;
      const symbol = params.market(exchange).spec.symbol;
      const orderId = params.int('orderId', 0, Number.MAX_SAFE_INTEGER);
      const fromId = params.int('fromId', 0, Number.MAX_SAFE_INTEGER);
      const limit = params.int('limit', 1, 1000) ?? 500;
      const inWindow = window(call);
      const order = orderId === undefined ? undefined : orderIdsOf(exchange).byOrderId(account.name, symbol, orderId);
      if (orderId !== undefined && !order) return success([]);
      const fills = exchange.trading.fillsOf(account.name)
        .filter((f) => f.symbol === symbol && inWindow(f.time) && (fromId === undefined || f.tradeId >= fromId) && (!order || f.orderId === order.id))
        .sort((a, b) => a.tradeId - b.tradeId);
      return success(page(fills, limit, fromId !== undefined).map((f) => tradeView(exchange, f)));
    },
  },
];
