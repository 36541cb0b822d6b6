import type { Dec } from './decimal.js';
import type { PriceOffset, Trail } from './trailing.js';

export type Side = 'buy' | 'sell';
export type OrderType =
  | 'market' | 'limit' | 'stop-loss' | 'take-profit' | 'stop-loss-limit' | 'take-profit-limit' | 'trailing-stop' | 'trailing-stop-limit';
/** GTC rests; IOC fills what it can at once and ends; FOK fills all at once or ends with nothing; GTD rests until `expireAt`. */
export type TimeInForce = 'GTC' | 'IOC' | 'GTD' | 'FOK';
/**
 * What happens when a taker would trade with a resting order of its own account (self-trade
 * prevention, decided by the taker's mode): `none` lets them trade; `expire-taker` ends the
 * taker's remainder; `expire-maker` ends the resting order and matching goes on; `expire-both`
 * ends both. An ended order is `canceled` with reason SELF_TRADE.
 */
export type SelfTradeMode = 'none' | 'expire-taker' | 'expire-maker' | 'expire-both';
/** The mode of an order whose dialect names none: the taker's remainder is cancelled (what Kraken does by default). */
export const DEFAULT_SELF_TRADE: SelfTradeMode = 'expire-taker';
/** The `reason` of an order ended by self-trade prevention. */
export const SELF_TRADE = 'Self trade prevention';
export type OrderStatus = 'pending' | 'open' | 'closed' | 'canceled' | 'expired';
export type OrderFlag = 'post' | 'fcib' | 'fciq' | 'nompp' | 'viqc';

/** An order as the engine keeps it. Times are ms since the epoch (simulated clock). */
export interface Order {
  id: string;
  account: string;
  symbol: string;
  side: Side;
  type: OrderType;
  /** Limit price (limit), trigger price (stop/take-profit); undefined for market. */
  price: Dec | undefined;
  /** Limit price of a stop-loss-limit / take-profit-limit / trailing-stop-limit once triggered. */
  price2: Dec | undefined;
  /** Trailing stops: how the trigger (`price`) and limit (`price2`) follow the market; else undefined. */
  trail: Trail | undefined;
  /**
   * How the client stated the limit price when it gave it relative to a reference (the last trade,
   * or a trailing-stop-limit's trigger) rather than as a price; undefined for a plain price.
   */
  limitOffset: PriceOffset | undefined;
  volume: Dec;
  executed: Dec;
  /** Sum of fill costs in the quote asset, and fees charged (in `feeAsset`). */
  cost: Dec;
  fee: Dec;
  feeAsset: string;
  status: OrderStatus;
  reason: string | null;
  openedAt: number;
  closedAt: number | undefined;
  startAt: number;
  expireAt: number;
  userref: number | null;
  clOrdId: string | null;
  /** A set shared by every order with the same flags (`flagSet`): replaced, never changed. */
  flags: ReadonlySet<OrderFlag>;
  timeInForce: TimeInForce;
  /** Self-trade prevention mode: what this order does as a taker meeting its own account's resting order. */
  selfTrade: SelfTradeMode;
  /** Quantity of this order that self-trade prevention ended instead of trading (zero when none). */
  prevented: Dec;
  /** Number of the last prevented match that ended this order (per exchange, from 1), else null. */
  preventedMatchId: number | null;
  /**
   * Ids of this order's fills, oldest first: NO_TRADES until the first fill, then replaced by a
   * one-longer copy on each fill (an exact-size array, not one grown by push with room for 16).
   */
  trades: readonly string[];
  /** Trigger orders: whether the trigger has fired. */
  triggered: boolean;
  amended: boolean;
  /** When the order last entered the book or was amended (for the trading rate counter). */
  restedAt: number;
  /** Funds reserved for the unexecuted remainder (asset code, amount). */
  holdAsset: string;
  hold: Dec;
  /**
   * An iceberg's display quantity: the book shows at most this much of the remainder at a time,
   * refilled from the hidden rest as each slice trades (limit orders only); undefined shows all.
   */
  display: Dec | undefined;
  /** The order to place in the opposite direction once this one has executed (a conditional close), if any. */
  close: CloseOrder | undefined;
  /** The order whose execution placed this one (a conditional close), else null. */
  parentId: string | null;
}

/**
 * A conditional close as the primary order carries it: type and absolute prices (trigger or
 * limit in `price`, the limit of a `-limit` type in `price2`). Its side is the primary's opposite
 * and its volume what the primary executed.
 */
export interface CloseOrder {
  type: OrderType;
  price: Dec | undefined;
  price2: Dec | undefined;
}

/** The `trades` of an order that has not traded: one frozen empty list shared by all of them. */
export const NO_TRADES: readonly string[] = Object.freeze([]);

/** One execution of one order (a Kraken "trade" in a user's history). */
export interface Fill {
  id: string;
  orderId: string;
  account: string;
  symbol: string;
  time: number;
  side: Side;
  orderType: OrderType;
  price: Dec;
  volume: Dec;
  cost: Dec;
  fee: Dec;
  feeAsset: string;
  maker: boolean;
  /** The public trade id (same number on the public tape). */
  tradeId: number;
  /** The id of the public trade record (Kraken's postxid). */
  postId: string;
  ledgerIds: string[];
}

export type LedgerType = 'trade' | 'deposit' | 'withdrawal' | 'adjustment';

/** Every change to an account's balance, with the balance after it. */
export interface LedgerEntry {
  id: string;
  refid: string;
  time: number;
  type: LedgerType;
  subtype: string;
  asset: string;
  amount: Dec;
  fee: Dec;
  balance: Dec;
}

/**
 * A refusal by the exchange: data, not an exception. `code` names the rule; `detail` carries the
 * specifics (a field name, a pair) that the API dialect may print.
 */
export interface Refusal {
  ok: false;
  code: RefusalCode;
  detail?: string;
  /** `price_decimals`: the pair (domain symbol) and how many decimals its prices may have; each dialect words it. */
  precision?: { symbol: string; decimals: number };
}

export type RefusalCode =
  | 'invalid_arguments'
  | 'unknown_pair'
  | 'unknown_asset'
  | 'insufficient_funds'
  | 'unknown_order'
  | 'invalid_price'
  | 'price_decimals'
  | 'order_minimum'
  | 'cost_minimum'
  | 'tick_size'
  | 'orders_limit'
  | 'permission_denied'
  | 'unknown_withdraw_key'
  | 'invalid_amount'
  | 'unknown_reference'
  | 'funding_method'
  | 'max_fee_exceeded'
  | 'invalid_address'
  | 'cancel_denied'
  | 'market_halted'
  | 'cancel_only_mode'
  | 'post_only_mode'
  | 'limit_only_mode'
  /** The order asks for margin (leverage, reduce-only): accounts here trade spot only. */
  | 'margin_unavailable'
  /** Refused by the scenario's order policy; `detail` is the scenario's error (a neutral name or a dialect's literal). */
  | 'policy';

export type Result<T> = ({ ok: true } & T) | Refusal;

export const refuse = (code: RefusalCode, detail?: string): Refusal =>
  detail === undefined ? { ok: false, code } : { ok: false, code, detail };
