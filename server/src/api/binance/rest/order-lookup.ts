import type { Account } from '../../../exchange/account.js';
import type { Exchange } from '../../../exchange/exchange.js';
import type { Market } from '../../../exchange/market.js';
import type { Order } from '../../../exchange/types.js';
import { orderIdsOf } from '../order-ids.js';
import { Refusal } from './errors.js';
import { NO_ORDER_ID } from './order-errors.js';
import type { Params } from './params.js';

/** The parameters naming an order: `orderId`/`origClientOrderId` (cancelReplace names them `cancelOrderId`/`cancelOrigClientOrderId`). */
export const ORDER_ID_NAMES = { id: 'orderId', clientId: 'origClientOrderId' } as const;

/**
 * The order `orderId` or `origClientOrderId` names in the market, or undefined when the account
 * has none such (or the core forgot it). With both, the id decides and the client id must match
 * (as the reference documents); with neither, `-1102`.
 */
export function findOrder(params: Params, exchange: Exchange, account: Account, market: Market, names: { id: string; clientId: string } = ORDER_ID_NAMES): Order | undefined {
  const id = params.int(names.id, 0, Number.MAX_SAFE_INTEGER);
  const clientId = params.str(names.clientId);
  const ids = orderIdsOf(exchange);
  if (id === undefined && clientId === undefined) throw new Refusal(NO_ORDER_ID);
  const symbol = market.spec.symbol;
  if (id === undefined) return ids.byClientId(account.name, symbol, clientId as string);
  const o = ids.byOrderId(account.name, symbol, id);
  return o && (clientId === undefined || ids.tag(o).clientId === clientId) ? o : undefined;
}

/** The client ids of the account's open (and pending) orders, for the duplicate check. */
export function openClientIds(exchange: Exchange, account: Account): Set<string> {
  const out = new Set<string>();
  const ids = orderIdsOf(exchange);
  for (const o of exchange.trading.liveOrders()) if (o.account === account.name) out.add(ids.tag(o).clientId);
  return out;
}
