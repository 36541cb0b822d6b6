/**
 * The neutral operations a client asks an exchange for, whatever its dialect calls them: each
 * dialect maps its own REST methods and WebSocket requests to these (Kraken's `AddOrder` and
 * `add_order` are both `place-order`), and the journal records the operation beside the native
 * name, so the verdict (and later fault rules) judge a bot without learning any dialect's words.
 * Each entry says what the operation is; connection events (connect, close) are not operations.
 */
export const OPERATIONS = {
  time: 'the server time',
  status: 'the exchange\'s system status (online, maintenance, cancel-only…)',
  assets: 'the list of assets',
  markets: 'the tradable pairs and their trading rules',
  ticker: 'a pair\'s ticker: last price, best bid and ask, 24-hour figures',
  book: 'a snapshot of a pair\'s order book',
  trades: 'a pair\'s recent public trades',
  spread: 'a pair\'s recent best bid/ask history',
  candles: 'a pair\'s OHLC candles',
  balance: 'the account\'s balances',
  'margin-summary': 'the account\'s margin summary (equity, free margin), not its balances',
  'open-orders': 'the account\'s open orders',
  'closed-orders': 'the account\'s closed (filled, cancelled, expired) orders',
  'query-orders': 'chosen orders of the account, by id',
  'trades-history': 'the account\'s own trades (executions), all or by id',
  ledgers: 'the account\'s ledger entries',
  'query-ledgers': 'chosen ledger entries of the account, by id',
  'trade-volume': 'the account\'s 30-day volume and fee rates',
  positions: 'the account\'s open margin positions',
  'stream-token': 'a token (or listen key) for private streams',
  'place-order': 'places one order or a batch of orders',
  'amend-order': 'changes an open order in place (it keeps its id)',
  'replace-order': 'cancels an open order and places its replacement (a new id)',
  'cancel-order': 'cancels one order or a batch of orders, by id',
  'cancel-all': 'cancels every open order of the account',
  'cancel-after': 'arms, re-arms or disarms the dead man\'s switch (cancel everything after a timeout)',
  'deposit-info': 'deposit methods and addresses',
  'deposit-status': 'the state of recent deposits',
  'withdraw-info': 'withdrawal methods, saved addresses, and what a withdrawal would cost',
  withdraw: 'requests a withdrawal',
  'withdraw-status': 'the state of recent withdrawals',
  'withdraw-cancel': 'cancels a pending withdrawal',
  ping: 'a keep-alive on a stream',
  subscribe: 'subscribes to public market-data streams',
  'subscribe-private': 'subscribes (with credentials) to the account\'s own streams: orders, executions, balances',
  unsubscribe: 'ends a stream subscription',
} as const satisfies Record<string, string>;

/** A neutral operation's name (see OPERATIONS for what each one is). */
export type Operation = keyof typeof OPERATIONS;

/** Every neutral operation's name, in OPERATIONS' order (what a fault rule's `op` may name). */
export const OPERATION_NAMES = Object.keys(OPERATIONS) as [Operation, ...Operation[]];
