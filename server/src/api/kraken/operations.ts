import type { Operation } from '../../exchange/operations.js';

/** The neutral operation of each Kraken REST method (the route table's ids); every method has one. */
export const REST_OPERATIONS: ReadonlyMap<string, Operation> = new Map<string, Operation>([
  ['Time', 'time'], ['SystemStatus', 'status'], ['Assets', 'assets'], ['AssetPairs', 'markets'],
  ['Ticker', 'ticker'], ['OHLC', 'candles'], ['Depth', 'book'], ['Trades', 'trades'], ['Spread', 'spread'],
  ['Balance', 'balance'], ['BalanceEx', 'balance'], ['TradeBalance', 'margin-summary'],
  ['OpenOrders', 'open-orders'], ['ClosedOrders', 'closed-orders'], ['QueryOrders', 'query-orders'],
  ['TradesHistory', 'trades-history'], ['QueryTrades', 'trades-history'], ['Ledgers', 'ledgers'], ['QueryLedgers', 'query-ledgers'],
  ['TradeVolume', 'trade-volume'], ['OpenPositions', 'positions'], ['GetWebSocketsToken', 'stream-token'],
  ['AddOrder', 'place-order'], ['AddOrderBatch', 'place-order'], ['AmendOrder', 'amend-order'], ['EditOrder', 'replace-order'],
  ['CancelOrder', 'cancel-order'], ['CancelOrderBatch', 'cancel-order'], ['CancelAll', 'cancel-all'], ['CancelAllOrdersAfter', 'cancel-after'],
  ['DepositMethods', 'deposit-info'], ['DepositAddresses', 'deposit-info'], ['DepositStatus', 'deposit-status'],
  ['WithdrawMethods', 'withdraw-info'], ['WithdrawAddresses', 'withdraw-info'], ['WithdrawInfo', 'withdraw-info'],
  ['Withdraw', 'withdraw'], ['WithdrawStatus', 'withdraw-status'], ['WithdrawCancel', 'withdraw-cancel'],
]);

/** The neutral operation of each WebSocket client request (v2 method or v1 event); `subscribe` is decided per request (see wsOperation). */
const WS_OPERATIONS: ReadonlyMap<string, Operation> = new Map<string, Operation>([
  ['ping', 'ping'], ['unsubscribe', 'unsubscribe'],
  ['add_order', 'place-order'], ['batch_add', 'place-order'], ['addOrder', 'place-order'],
  ['amend_order', 'amend-order'], ['edit_order', 'replace-order'],
  ['cancel_order', 'cancel-order'], ['batch_cancel', 'cancel-order'], ['cancelOrder', 'cancel-order'],
  ['cancel_all', 'cancel-all'], ['cancelAll', 'cancel-all'],
  ['cancel_all_orders_after', 'cancel-after'], ['cancelAllOrdersAfter', 'cancel-after'],
]);

/** The operation of a REST call to Kraken method `method` (undefined for a path that names no method). */
export const restOperation = (method: string): Operation | undefined => REST_OPERATIONS.get(method);

/**
 * The operation of a WebSocket request named `name`: a `subscribe` made with a token that names
 * an account is `subscribe-private` (the account's own channels), else `subscribe`. Undefined for
 * a name Kraken does not have.
 */
export function wsOperation(name: string, withAccount: boolean): Operation | undefined {
  if (name === 'subscribe') return withAccount ? 'subscribe-private' : 'subscribe';
  return WS_OPERATIONS.get(name);
}

/**
 * The neutral operation of each WebSocket channel (v2 and v1 names): what a rule's `op` means for
 * a feed or a frame. `executions` and `openOrders` carry the account's orders (and, in v2, fills).
 */
const CHANNEL_OPERATIONS: ReadonlyMap<string, Operation> = new Map<string, Operation>([
  ['book', 'book'], ['ticker', 'ticker'], ['trade', 'trades'], ['ohlc', 'candles'], ['spread', 'spread'],
  ['instrument', 'markets'], ['status', 'status'], ['level3', 'book'],
  ['executions', 'open-orders'], ['openOrders', 'open-orders'], ['ownTrades', 'trades-history'], ['balances', 'balance'],
]);

/** The operation of a WebSocket channel (undefined for a name Kraken does not have). */
export const channelOperation = (channel: string): Operation | undefined => CHANNEL_OPERATIONS.get(channel);

/** Every operation some Kraken REST method maps to (what a REST fault's `op` can meet). */
export const REST_OPERATION_SET: readonly Operation[] = [...new Set(REST_OPERATIONS.values())];

/** Every operation some Kraken WebSocket channel or request maps to (what a WebSocket fault's `op` can meet). */
export const WS_OPERATION_SET: readonly Operation[] = [...new Set<Operation>([...CHANNEL_OPERATIONS.values(), ...WS_OPERATIONS.values(), 'subscribe', 'subscribe-private'])];
