import type { Operation } from '../../exchange/operations.js';

/**
 * The neutral operation of each Binance REST route id (`METHOD /path`, see dialect.ts). Routes not
 * yet served are listed too, so the table is whole when they arrive; an id not here has no operation.
 */
const REST_OPERATIONS: ReadonlyMap<string, Operation> = new Map<string, Operation>([
  ['GET /api/v3/ping', 'ping'], ['GET /api/v3/time', 'time'], ['GET /sapi/v1/system/status', 'status'],
  ['GET /api/v3/exchangeInfo', 'markets'], ['GET /api/v3/depth', 'book'],
  ['GET /api/v3/trades', 'trades'], ['GET /api/v3/historicalTrades', 'trades'], ['GET /api/v3/aggTrades', 'trades'],
  ['GET /api/v3/klines', 'candles'], ['GET /api/v3/uiKlines', 'candles'], ['GET /api/v3/avgPrice', 'ticker'],
  ['GET /api/v3/ticker/24hr', 'ticker'], ['GET /api/v3/ticker/price', 'ticker'], ['GET /api/v3/ticker/bookTicker', 'ticker'],
  ['GET /api/v3/account', 'balance'], ['GET /api/v3/myTrades', 'trades-history'],
  ['POST /api/v3/order', 'place-order'], ['POST /api/v3/order/test', 'place-order'], ['GET /api/v3/order', 'query-orders'],
  ['DELETE /api/v3/order', 'cancel-order'], ['POST /api/v3/order/cancelReplace', 'replace-order'],
  ['GET /api/v3/openOrders', 'open-orders'], ['DELETE /api/v3/openOrders', 'cancel-all'], ['GET /api/v3/allOrders', 'closed-orders'],
  ['GET /api/v3/account/commission', 'trade-volume'], ['GET /sapi/v1/asset/tradeFee', 'trade-volume'],
  ['GET /sapi/v1/capital/config/getall', 'assets'], ['GET /fapi/v1/exchangeInfo', 'markets'], ['GET /dapi/v1/exchangeInfo', 'markets'],
  ['GET /sapi/v1/margin/allPairs', 'markets'], ['GET /sapi/v1/margin/isolated/allPairs', 'markets'],
  ['POST /api/v3/userDataStream', 'stream-token'], ['PUT /api/v3/userDataStream', 'stream-token'], ['DELETE /api/v3/userDataStream', 'stream-token'],
]);

/** The operation of a Binance REST call by its route id (undefined for a path Binance does not serve). */
export const restOperation = (routeId: string): Operation | undefined => REST_OPERATIONS.get(routeId);

/**
 * The neutral operation of a stream channel as fault rules name it: a market stream's (`depth`,
 * `depth5`, `kline_1m`, `aggTrade`…) or a user-data event's (USER_EVENT_CHANNELS); undefined for
 * any other name.
 */
export function channelOperation(channel: string): Operation | undefined {
  if (channel.startsWith('depth')) return 'book';
  if (channel.startsWith('kline_')) return 'candles';
  return CHANNEL_OPERATIONS.get(channel);
}

const CHANNEL_OPERATIONS: ReadonlyMap<string, Operation> = new Map<string, Operation>([
  ['trade', 'trades'], ['aggTrade', 'trades'], ['ticker', 'ticker'], ['miniTicker', 'ticker'], ['bookTicker', 'ticker'],
  // User data, as Kraken's private channels map: executionReport carries the orders (and their fills) as `executions` does.
  ['executionReport', 'open-orders'], ['outboundAccountPosition', 'balance'], ['balanceUpdate', 'balance'],
]);

/**
 * The user-data events pushed on a listenKey stream or a WebSocket API subscription, by their `e`,
 * as fault rules' `channel` names them. `listenKeyExpired` has no operation (name it by channel);
 * `eventStreamTerminated` answers an unsubscribe and is a reply, not a data frame.
 */
export const USER_EVENT_CHANNELS: readonly string[] = ['executionReport', 'outboundAccountPosition', 'balanceUpdate', 'listenKeyExpired'];

/** The operation of a stream connection's control method (`SUBSCRIBE` → subscribe); LIST_SUBSCRIPTIONS and the properties have none. */
export function controlOperation(method: string): Operation | undefined {
  return method === 'SUBSCRIBE' ? 'subscribe' : method === 'UNSUBSCRIBE' ? 'unsubscribe' : undefined;
}

/** Every operation some Binance REST route maps to (what a REST fault's `op` can meet). */
export const REST_OPERATION_SET: readonly Operation[] = [...new Set(REST_OPERATIONS.values())];
