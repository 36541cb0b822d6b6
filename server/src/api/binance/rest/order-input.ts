import { type Dec, parseDec } from '../../../exchange/decimal.js';
import type { Market } from '../../../exchange/market.js';
import type { OrderInput } from '../../../exchange/trading.js';
import type { OrderFlag, OrderType, Side } from '../../../exchange/types.js';
import { illegalChars, invalidValue, mandatory, Refusal } from './errors.js';
import { DUPLICATE_ORDER, INVALID_SIDE, INVALID_TIF, INVALID_TYPE, notRequired, WOULD_TAKE, WOULD_TRIGGER } from './order-errors.js';
import type { Params } from './params.js';
import { coreStpMode, DEFAULT_STP_MODE } from '../self-trade-modes.js';

/** Binance's order types and the core's type for each (LIMIT_MAKER is a post-only limit). */
const TYPES: Readonly<Record<string, OrderType>> = {
  LIMIT: 'limit', LIMIT_MAKER: 'limit', MARKET: 'market', STOP_LOSS: 'stop-loss', STOP_LOSS_LIMIT: 'stop-loss-limit',
  TAKE_PROFIT: 'take-profit', TAKE_PROFIT_LIMIT: 'take-profit-limit',
};

const DECIMAL = /^\d{1,20}(\.\d{1,20})?$/;
const DECIMAL_RANGE = '^([0-9]{1,20})(\\.[0-9]{1,20})?$';
const CLIENT_ID = /^[.A-Z:/a-z0-9_-]{1,36}$/;
const CLIENT_ID_RANGE = '^[\\.A-Z\\:/a-z0-9_-]{1,36}$';

/** How much of the placed order the reply shows. */
export type RespType = 'ACK' | 'RESULT' | 'FULL';

/** A `POST /api/v3/order` as the core takes it, with what only the reply needs. */
export interface BinanceOrder {
  input: OrderInput;
  respType: RespType;
  /** `quoteOrderQty` as sent, for a MARKET order that gave it. */
  quoteQty?: Dec | undefined;
}

/** A decimal parameter: undefined when absent, `-1100` when not plain decimal text. */
function decimal(params: Params, name: string): Dec | undefined {
  const text = params.str(name);
  if (text === undefined) return undefined;
  const d = DECIMAL.test(text) ? parseDec(text) : undefined;
  if (d === undefined) throw new Refusal(illegalChars(name, DECIMAL_RANGE));
  return d;
}

function required(params: Params, name: string): Dec {
  const d = decimal(params, name);
  if (d === undefined) throw new Refusal(mandatory(name));
  return d;
}

function forbid(params: Params, ...names: string[]): void {
  for (const n of names) if (params.str(n) !== undefined) throw new Refusal(notRequired(n));
}

/**
 * Reads a new order's parameters in Binance's order of checks (side, type, timeInForce, the
 * type's mandatory fields) into the core's OrderInput. `timeInForce` is GTC, IOC or FOK;
 * `selfTradePreventionMode` one of ALLOWED_STP_MODES (default EXPIRE_MAKER), else -1130.
 * UNCONFIRMED choice: a MARKET SELL by `quoteOrderQty` is not supported (`-1106`, the core sizes only buys by cost).
 * Checks against the market as it is now (post-only crossing, trigger side) refuse with `-2010`.
 */
export function readOrder(params: Params, market: Market, openClientIds: ReadonlySet<string>): BinanceOrder {
  const sideText = params.str('side');
  if (sideText === undefined) throw new Refusal(mandatory('side'));
  if (sideText !== 'BUY' && sideText !== 'SELL') throw new Refusal(INVALID_SIDE);
  const side: Side = sideText === 'BUY' ? 'buy' : 'sell';
  const typeText = params.str('type');
  if (typeText === undefined) throw new Refusal(mandatory('type'));
  const type = TYPES[typeText];
  if (type === undefined) throw new Refusal(INVALID_TYPE);
  const tifText = params.str('timeInForce');
  const needsTif = typeText === 'LIMIT' || typeText.endsWith('_LIMIT');
  if (!needsTif && tifText !== undefined) throw new Refusal(notRequired('timeInForce'));
  if (needsTif && tifText === undefined) throw new Refusal(mandatory('timeInForce'));
  if (tifText !== undefined && tifText !== 'GTC' && tifText !== 'IOC' && tifText !== 'FOK') throw new Refusal(INVALID_TIF);
  const selfTrade = coreStpMode(params.str('selfTradePreventionMode') ?? DEFAULT_STP_MODE);
  if (selfTrade === undefined) throw new Refusal(invalidValue('selfTradePreventionMode'));
  const clientId = params.str('newClientOrderId');
  if (clientId !== undefined && !CLIENT_ID.test(clientId)) throw new Refusal(illegalChars('newClientOrderId', CLIENT_ID_RANGE));
  const respText = params.str('newOrderRespType');
  if (respText !== undefined && respText !== 'ACK' && respText !== 'RESULT' && respText !== 'FULL') throw new Refusal(invalidValue('newOrderRespType'));
  const flags = new Set<OrderFlag>(typeText === 'LIMIT_MAKER' ? ['post'] : []);
  let volume: Dec;
  let quoteQty: Dec | undefined;
  let price: Dec | undefined;
  let price2: Dec | undefined;
  if (type === 'market') {
    forbid(params, 'price', 'stopPrice');
    const qty = decimal(params, 'quantity');
    const quote = decimal(params, 'quoteOrderQty');
    if ((qty === undefined) === (quote === undefined)) throw new Refusal(qty === undefined ? mandatory('quantity') : notRequired('quoteOrderQty'));
    if (quote !== undefined && side === 'sell') throw new Refusal(notRequired('quoteOrderQty'));
    if (quote !== undefined) {
      flags.add('viqc');
      quoteQty = quote;
    }
    volume = (qty ?? quote) as Dec;
  } else {
    volume = required(params, 'quantity');
    const stop = type !== 'limit';
    if (stop) price = required(params, 'stopPrice');
    else forbid(params, 'stopPrice');
    const limit = typeText === 'LIMIT' || typeText === 'LIMIT_MAKER' || typeText.endsWith('_LIMIT') ? required(params, 'price') : undefined;
    if (!stop) price = limit;
    else if (limit !== undefined) price2 = limit;
    else forbid(params, 'price');
  }
  if (clientId !== undefined && openClientIds.has(clientId)) throw new Refusal(DUPLICATE_ORDER);
  if (typeText === 'LIMIT_MAKER' && price !== undefined && crosses(market, side, price)) throw new Refusal(WOULD_TAKE);
  if (type !== 'limit' && type !== 'market' && price !== undefined && triggersNow(market, side, type, price)) throw new Refusal(WOULD_TRIGGER);
  return {
    input: {
      symbol: market.spec.symbol, side, type, volume, price, price2, flags, timeInForce: tifText === 'IOC' || tifText === 'FOK' ? tifText : 'GTC',
      clOrdId: clientId ?? null, selfTrade,
    },
    respType: respText ?? (typeText === 'LIMIT' || typeText === 'MARKET' ? 'FULL' : 'ACK'),
    quoteQty,
  };
}

/** Whether a limit at `price` would take liquidity now. */
function crosses(market: Market, side: Side, price: Dec): boolean {
  const best = market.book.best(side === 'buy' ? 'sell' : 'buy');
  return best !== undefined && (side === 'buy' ? price >= best.price : price <= best.price);
}

/** Whether a stop / take-profit trigger is already met at the last price (Binance's direction rule). */
function triggersNow(market: Market, side: Side, type: OrderType, stop: Dec): boolean {
  const isStop = type.startsWith('stop-loss');
  const above = (isStop && side === 'buy') || (!isStop && side === 'sell');
  return above ? stop <= market.last : stop >= market.last;
}
