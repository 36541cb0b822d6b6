import { joinEffects } from '../../../../control/journal.js';
import { type ApiError, illegalChars, invalidValue, mandatory, Refusal } from '../errors.js';
import { type BinanceOrder, readOrder } from '../order-input.js';
import { findOrder, openClientIds } from '../order-lookup.js';
import type { Reply, Route, SignedCall } from '../route.js';
import { success } from '../route.js';
import { cancelOrder, submit } from './orders.js';

const CLIENT_ID = /^[.A-Z:/a-z0-9_-]{1,36}$/;
const CANCEL_NAMES = { id: 'cancelOrderId', clientId: 'cancelOrigClientOrderId' } as const;

/** The `{code,msg}` a failed half shows inside the result. */
const brief = (e: ApiError): { code: number; msg: string } => ({ code: e.code, msg: e.msg });

/** `-2022` (400, nothing done) or `-2021` (409, one half done), with the four results as `data`. */
function failure(both: boolean, data: Record<string, unknown>): Reply {
  return both
    ? { ok: false, error: { code: -2022, msg: 'Order cancel-replace failed.', status: 400, data } }
    : { ok: false, error: { code: -2021, msg: 'Order cancel-replace partially failed.', status: 409, data } };
}

/**
 * The new order read before anything is cancelled: a parameter error refuses the whole request
 * (nothing cancelled); an order the exchange would reject (`-2010`) is the new-order half failing.
 */
function readNew(call: SignedCall): BinanceOrder | ApiError {
  const { params, exchange, account } = call;
  try {
    return readOrder(params, params.market(exchange), openClientIds(exchange, account));
  } catch (err) {
    if (err instanceof Refusal && err.error.code === -2010) return err.error;
    throw err;
  }
}

/**
 * Cancels an open order and places a new one in one request. STOP_ON_FAILURE: a failed cancel
 * places nothing (`-2022`); ALLOW_FAILURE: the new order is tried whatever the cancel did. A cancel
 * done and a new order refused is `-2021` on HTTP 409. UNCONFIRMED: an order whose client id equals
 * the cancelled order's is refused as a duplicate (the check runs before the cancel).
 */
function cancelReplace(call: SignedCall): Reply {
  const { params, exchange, account } = call;
  const mode = params.str('cancelReplaceMode');
  if (mode === undefined) throw new Refusal(mandatory('cancelReplaceMode'));
  if (mode !== 'STOP_ON_FAILURE' && mode !== 'ALLOW_FAILURE') throw new Refusal(invalidValue('cancelReplaceMode'));
  const market = params.market(exchange);
  const cancelId = params.str('cancelNewClientOrderId');
  if (cancelId !== undefined && !CLIENT_ID.test(cancelId)) throw new Refusal(illegalChars('cancelNewClientOrderId', '^[\\.A-Z\\:/a-z0-9_-]{1,36}$'));
  const order = readNew(call);
  const cancelled = cancelOrder(call, findOrder(params, exchange, account, market, CANCEL_NAMES), cancelId);
  const cancelResponse = cancelled.ok ? cancelled.body : brief(cancelled.error);
  if (!cancelled.ok && mode === 'STOP_ON_FAILURE') {
    return failure(true, { cancelResult: 'FAILURE', newOrderResult: 'NOT_ATTEMPTED', cancelResponse, newOrderResponse: null });
  }
  const placed: Reply = 'input' in order ? submit(call, order) : { ok: false, error: order };
  const newOrderResponse = placed.ok ? placed.body : brief(placed.error);
  const results = { cancelResult: cancelled.ok ? 'SUCCESS' : 'FAILURE', newOrderResult: placed.ok ? 'SUCCESS' : 'FAILURE', cancelResponse, newOrderResponse };
  const effects = joinEffects(cancelled.effects, placed.effects);
  if (cancelled.ok && placed.ok) return success(results, effects);
  return { ...failure(!cancelled.ok && !placed.ok, results), effects };
}

/** `POST /api/v3/order/cancelReplace` (TRADE). */
export const cancelReplaceRoutes: Route[] = [
  { security: 'SIGNED', method: 'POST', path: '/api/v3/order/cancelReplace', weight: () => 1, handle: cancelReplace },
];
