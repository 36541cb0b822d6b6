/** Every channel a WebSocket fault rule can name: v2 (`book`, `executions`…) and v1 (`spread`, `ownTrades`…). */
export const WS_CHANNELS = ['book', 'ticker', 'trade', 'ohlc', 'instrument', 'executions', 'balances', 'spread', 'openOrders', 'ownTrades'] as const;

/** Every client request a WebSocket fault rule can name: v2 methods and v1 events. */
export const WS_REQUESTS = [
  'ping', 'subscribe', 'unsubscribe', 'add_order', 'amend_order', 'edit_order', 'cancel_order', 'cancel_all', 'cancel_all_orders_after',
  'batch_add', 'batch_cancel', 'addOrder', 'cancelOrder', 'cancelAll', 'cancelAllOrdersAfter',
] as const;
