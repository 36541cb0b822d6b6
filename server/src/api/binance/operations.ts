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
