import { generatedClientId, orderIdsOf } from '../../order-ids.js';
import { illegalChars, REJECTED_KEY, Refusal } from '../errors.js';
import { newOrderError, NO_SUCH_ORDER, UNKNOWN_ORDER } from '../order-errors.js';
import { readOrder } from '../order-input.js';
import { findOrder, openClientIds } from '../order-lookup.js';
import { cancelledView, orderView, placedView } from '../order-views.js';
import type { Reply, Route, SignedCall } from '../route.js';
import { success } from '../route.js';

/** Places (or, for `order/test`, only validates) the order a POST describes. */
function place({ params, exchange, account, now }: SignedCall, test: boolean): Reply {
  const market = params.market(exchange);
  const order = readOrder(params, market, openClientIds(exchange, account));
  const r = exchange.trading.place(account.name, order.input, now, test);
  if (!r.ok) return { ok: false, error: newOrderError(r.code, r.detail) };
  if (test) return success({});
  if (order.quoteQty !== undefined) orderIdsOf(exchange).tag(r.order).quoteQty = order.quoteQty;
  return success(placedView(exchange, r.order, order.respType, now));
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
      const o = findOrder(params, exchange, account, market);
      if (!o) return { ok: false, error: UNKNOWN_ORDER };
      const r = exchange.trading.cancel(account.name, { txid: o.id }, now);
      if (!r.ok) return { ok: false, error: r.code === 'unknown_order' ? UNKNOWN_ORDER : newOrderError(r.code, r.detail) };
      return success(cancelledView(exchange, o, cancelId ?? generatedClientId(`cancel ${o.id}`), now));
    },
  },
];
