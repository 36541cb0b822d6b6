import type { Mode } from '../../../exchange/conditions.js';
import type { Exchange } from '../../../exchange/exchange.js';
import type { Market } from '../../../exchange/market.js';
import { binanceAsset, binanceSymbol } from '../names.js';
import { ALLOWED_STP_MODES, DEFAULT_STP_MODE } from '../self-trade-modes.js';
import { binanceFigures, BINANCE_LIMITS } from './limit-figures.js';
import { padded, PLACES, stepOf } from './wire.js';

/**
 * A pair's Binance `status` for the core's trading mode. UNCONFIRMED mapping (chosen here): a global
 * or pair maintenance is BREAK (Binance's "expected downtime"); cancel_only is HALT (no trading,
 * cancels allowed, as Binance documents for HALT; the newer CANCEL_ONLY value is left out because
 * clients of 2025 do not know it); post_only and limit_only still trade.
 */
export const SYMBOL_STATUS: Readonly<Record<Mode, 'TRADING' | 'HALT' | 'BREAK'>> = {
  online: 'TRADING', maintenance: 'BREAK', cancel_only: 'HALT', post_only: 'TRADING', limit_only: 'TRADING',
};

/** The order types every symbol lists (the core has each of them). */
export const ORDER_TYPES = ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'] as const;

/** `rateLimits` as Binance announces them (§3.1, with RAW_REQUESTS at its 2026-04-02 value). */
export const RATE_LIMITS = [
  { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: BINANCE_LIMITS.weightPerMinute },
  { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: BINANCE_LIMITS.ordersPer10s },
  { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: BINANCE_LIMITS.ordersPerDay },
  { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 300000 },
] as const;

/**
 * `rateLimits` in force at `now`: Binance's own figures (RATE_LIMITS) while a limiter is off, the
 * scaled ones while the scenario tightens it (binanceFigures; ORDERS for the default tier, as
 * exchangeInfo is public). RAW_REQUESTS is announced but not enforced (CHOICE).
 */
export function rateLimitsInForce(ex: Exchange, now: number): Record<string, unknown>[] {
  const f = binanceFigures(ex.trading.conditions.rateLimits(now));
  const figures = [f.weightPerMinute, f.ordersPer10s, f.ordersPerDay];
  return RATE_LIMITS.map((l, i) => ({ ...l, limit: figures[i] ?? l.limit }));
}

/**
 * Upper bounds the core does not have, written as Binance shows them (illustrative values from the
 * reference's BTCUSDT example). MAX_NUM_ORDERS is Binance's 200 per symbol; the core's own cap is
 * per account and tier (order-rules.ts), to be reconciled when order entry comes to this dialect.
 */
const MAX_PRICE = '1000000.00000000';
const MAX_QTY = '9000000.00000000';
const MAX_NOTIONAL = '9000000.00000000';
const MAX_NUM_ORDERS = 200;

/** The symbol's filters from the pair's trading rules: tick, lot step and minimum, minimum cost. */
function filters(m: Market): Record<string, unknown>[] {
  const { spec } = m;
  const lot = { minQty: padded(spec.orderMin), maxQty: MAX_QTY, stepSize: stepOf(spec.lotDecimals) };
  return [
    { filterType: 'PRICE_FILTER', minPrice: padded(spec.tickSize), maxPrice: MAX_PRICE, tickSize: padded(spec.tickSize) },
    { filterType: 'LOT_SIZE', ...lot },
    { filterType: 'MARKET_LOT_SIZE', ...lot },
    { filterType: 'NOTIONAL', minNotional: padded(spec.costMin), applyMinToMarket: true, maxNotional: MAX_NOTIONAL, applyMaxToMarket: false, avgPriceMins: 5 },
    { filterType: 'MAX_NUM_ORDERS', maxNumOrders: MAX_NUM_ORDERS },
  ];
}

/** One entry of `exchangeInfo.symbols` for a listed market, its status from the mode in force at `now`. */
export function symbolInfo(ex: Exchange, m: Market, now: number): Record<string, unknown> {
  const { spec } = m;
  return {
    symbol: binanceSymbol(spec), status: SYMBOL_STATUS[ex.trading.conditions.mode(spec.symbol, now)],
    baseAsset: binanceAsset(spec.base), baseAssetPrecision: PLACES,
    quoteAsset: binanceAsset(spec.quote), quotePrecision: PLACES, quoteAssetPrecision: PLACES,
    baseCommissionPrecision: PLACES, quoteCommissionPrecision: PLACES,
    orderTypes: [...ORDER_TYPES],
    icebergAllowed: true, ocoAllowed: false, otoAllowed: false, opoAllowed: false,
    quoteOrderQtyMarketAllowed: true, allowTrailingStop: false, cancelReplaceAllowed: true, amendAllowed: false,
    pegInstructionsAllowed: false, isSpotTradingAllowed: true, isMarginTradingAllowed: false,
    filters: filters(m),
    permissions: [], permissionSets: [['SPOT']],
    defaultSelfTradePreventionMode: DEFAULT_STP_MODE,
    allowedSelfTradePreventionModes: [...ALLOWED_STP_MODES],
  };
}
