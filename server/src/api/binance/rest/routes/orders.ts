import { generatedClientId, orderIdsOf } from '../../order-ids.js';
import { illegalChars, REJECTED_KEY, Refusal } from '../errors.js';
import { newOrderError, NO_SUCH_ORDER, UNKNOWN_ORDER } from '../order-errors.js';
import { type BinanceOrder, readOrder } from '../order-input.js';
import { findOrder, openClientIds } from '../order-lookup.js';
import { cancelledView, orderView, placedView } from '../order-views.js';
import type { Order } from '../../../../exchange/types.js';
import type { Reply, Route, SignedCall } from '../route.js';
import { success } from '../route.js';

/** Places (or, for `order/test`, only validates) the order a POST describes. */
function place(call: SignedCall, test: boolean): Reply {
  const { params, exchange, account } = call;
  return submit(call, readOrder(params, params.market(exchange), openClientIds(exchange, account)), test);
}

/** Hands an order read from the parameters to the core (or, for a test, only checks it there). */
export function submit({ exchange, account, now }: SignedCall, order: BinanceOrder, test = false): Reply {
  const r = exchange.trading.place(account.name, order.input, now, test);
  if (!r.ok) return { ok: false, error: newOrderError(r.code, r.detail) };
  if (test) return success({});
  if (order.quoteQty !== undefined) orderIdsOf(exchange).tag(r.order).quoteQty = order.quoteQty;
  return success(placedView(exchange, r.order, order.respType, now), { created: [r.order.id] });
}

/** Cancels the order found (`-2011` when none), the cancel under `cancelId` or one generated from the order's id. */
export function cancelOrder({ exchange, account, now }: SignedCall, o: Order | undefined, cancelId: string | undefined): Reply {
  if (!o) return { ok: false, error: UNKNOWN_ORDER };
  const r = exchange.trading.cancel(account.name, { txid: o.id }, now);
  if (!r.ok) return { ok: false, error: r.code === 'unknown_order' ? UNKNOWN_ORDER : newOrderError(r.code, r.detail) };
  return success(cancelledView(exchange, o, cancelId ?? generatedClientId(`cancel ${o.id}`), now), { cancelled: [o.id] });
}

/** A key without the query permission may not read orders (Binance's "permissions for action"). */
const mayQuery = (call: SignedCall): boolean => call.account.spec.permissions.includes('query');

const CLIENT_ID = /^[.A-Z:/a-z0-9_-]{1,36}$/;

/** Single-order endpoints: place, test, query and cancel (all SIGNED). */
export const orderRoutes: Route[] = [
  { security: 'SIGNED', method: 'POST', path: '/api/v3/order', weight: () => 1, handle: (call) => place(call, false) },
  {
    security: 'SIGNED', method: 'POST', path: '/api/v3/order/test',
    weight: (p) => (p.str('computeCommissionRates') === 'true' ? 20 : 1), handle: (call) => place(call, true),
  },
  {
    security: 'SIGNED', method: 'GET', path: '/api/v3/order', weight: () => 4,
    handle: (call) => {
      if (!mayQuery(call)) return { ok: false, error: REJECTED_KEY };
      const o = findOrder(call.params, call.exchange, call.account, call.params.market(call.exchange));
      return o ? success(orderView(call.exchange, o)) : { ok: false, error: NO_SUCH_ORDER };
    },
  },
  {
    security: 'SIGNED', method: 'DELETE', path: '/api/v3/order', weight: () => 1,
    handle: ({ params, exchange, account, now }) => {
      const market = params.market(exchange);
      const cancelId = params.str('newClientOrderId');
      if (cancelId !== undefined && !CLIENT_ID.test(cancelId)) throw new Refusal(illegalChars('newClientOrderId', '^[\\.A-Z\\:/a-z0-9_-]{1,36}$'));
      return cancelOrder({ params, exchange, account, now }, findOrder(params, exchange, account, market), cancelId);
    },
  },
];
