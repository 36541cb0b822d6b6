import type { RefusalCode } from '../../../exchange/types.js';
import type { ApiError } from './errors.js';
import { policyRefusal } from './fault-errors.js';

const err = (code: number, msg: string): ApiError => ({ code, msg, status: 400 });

/** -1013 filter failures, named after the exchangeInfo filter the order broke. */
export const filterFailure = (filter: 'PRICE_FILTER' | 'LOT_SIZE' | 'NOTIONAL' | 'MAX_NUM_ORDERS'): ApiError => err(-1013, `Filter failure: ${filter}`);
/** -2010: the matching engine refuses a new order; `msg` is one of Binance's engine texts. */
export const rejected = (msg: string): ApiError => err(-2010, msg);
/** -2010: not enough free balance for the order's hold (or a market buy's cost). */
export const INSUFFICIENT_BALANCE = rejected('Account has insufficient balance for requested action.');
/** -2010: a LIMIT_MAKER that would cross the book. */
export const WOULD_TAKE = rejected('Order would immediately match and take.');
/** -2010: a stop or take-profit whose trigger is already on the wrong side of the last price. */
export const WOULD_TRIGGER = rejected('Order would trigger immediately.');
/** -2010: a `newClientOrderId` already used by one of the account's open orders. */
export const DUPLICATE_ORDER = rejected('Duplicate order sent.');
/** -2013: a query for an order the account does not have (or the core has forgotten). */
export const NO_SUCH_ORDER = err(-2013, 'Order does not exist.');
/** -2011: a cancel of an unknown, filled or already cancelled order. */
export const UNKNOWN_ORDER = err(-2011, 'Unknown order sent.');
/** -1102: neither `orderId` nor `origClientOrderId` (errors.md's template; UNCONFIRMED exact text). */
export const NO_ORDER_ID = err(-1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
/** -1117 / -1116 / -1115: bad enumerations. */
export const INVALID_SIDE = err(-1117, 'Invalid side.');
export const INVALID_TYPE = err(-1116, 'Invalid orderType.');
export const INVALID_TIF = err(-1115, 'Invalid timeInForce.');
/** -1106: a parameter the order type does not take (`timeInForce` on MARKET, `price` on MARKET…). */
export const notRequired = (name: string): ApiError => err(-1106, `Parameter '${name}' sent when not required.`);

/**
 * Binance's answer to a core refusal of a new order. The core's rules map onto the filters
 * exchangeInfo announces (tick → PRICE_FILTER, lot step and minimum → LOT_SIZE, minimum cost →
 * NOTIONAL, open-order cap → MAX_NUM_ORDERS). UNCONFIRMED choices: a halted market is `-1013
 * "Market is closed."` (as clients have observed it); post-only and limit-only modes answer
 * "Unsupported order combination" and "Market orders are not supported for this symbol."; a
 * scenario's order policy refusing new orders answers "Rest API trading is not enabled." (seen
 * during Binance maintenances).
 */
export function newOrderError(code: RefusalCode, detail: string | undefined): ApiError {
  switch (code) {
    case 'insufficient_funds': return INSUFFICIENT_BALANCE;
    case 'tick_size': case 'invalid_price': case 'price_decimals': return filterFailure('PRICE_FILTER');
    case 'order_minimum': return filterFailure('LOT_SIZE');
    case 'cost_minimum': return filterFailure('NOTIONAL');
    case 'orders_limit': return filterFailure('MAX_NUM_ORDERS');
    case 'permission_denied': return rejected('This account may not place or cancel orders.');
    case 'market_halted': case 'cancel_only_mode': return err(-1013, 'Market is closed.');
    case 'post_only_mode': return rejected('Unsupported order combination');
    case 'limit_only_mode': return rejected('Market orders are not supported for this symbol.');
    case 'policy': return policyRefusal(detail, 0);
    case 'unknown_order': return UNKNOWN_ORDER;
    case 'invalid_arguments':
      if (detail === 'volume') return filterFailure('LOT_SIZE');
      if (detail === 'price' || detail === 'price2') return filterFailure('PRICE_FILTER');
      return rejected('Unsupported order combination');
    default: return rejected('Unsupported order combination');
  }
}
