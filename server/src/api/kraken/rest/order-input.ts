import type { Market } from '../../../exchange/market.js';
import type { OrderInput } from '../../../exchange/trading.js';
import type { Dec } from '../../../exchange/decimal.js';
import type { OrderFlag, OrderType, Side, TimeInForce } from '../../../exchange/types.js';
import { parsePriceText, resolvePrice } from '../relative-price.js';
import { readClose } from './close-input.js';
import { readDisplay } from './display-input.js';
import { InvalidArgument, type Params } from './params.js';
import { readTrail } from './trail-input.js';

const ORDER_TYPES: readonly OrderType[] = ['market', 'limit', 'stop-loss', 'take-profit', 'stop-loss-limit', 'take-profit-limit', 'trailing-stop', 'trailing-stop-limit'];
const FLAGS: readonly OrderFlag[] = ['post', 'fcib', 'fciq', 'nompp', 'viqc'];

/** Kraken's `starttm`/`expiretm`: 0 (now / never), `+N` seconds from now, or unix seconds. */
function timeArg(params: Params, name: string, now: number): number | undefined {
  const raw = params.optStr(name);
  if (raw === undefined || raw === '0') return undefined;
  const m = /^(\+)?(\d{1,12})(\.\d{1,6})?$/.exec(raw);
  if (!m) throw new InvalidArgument(name);
  const sec = Number(m[2]! + (m[3] ?? ''));
  return m[1] ? now + Math.round(sec * 1000) : Math.round(sec * 1000);
}

/**
 * A price argument: plain decimal text, or relative to the last trade (`+`, `-`, `#` prefix, `%`
 * suffix), resolved against the market now.
 */
function price(params: Params, name: string, market: Market, side: Side, type: OrderType): Dec | undefined {
  const raw = params.optStr(name);
  if (raw === undefined) return undefined;
  const parsed = parsePriceText(raw);
  if (!parsed) throw new InvalidArgument(name);
  return 'absolute' in parsed ? parsed.absolute : resolvePrice(parsed.relative, market, side, type);
}

/**
 * Whether the order asks for margin: `leverage` other than `none`/`1` (Kraken's `2`, or `2:1`), or
 * `reduce_only=true`. `reduce_only=false` asks for nothing. Malformed values are invalid arguments.
 */
function wantsMargin(params: Params): boolean {
  const lev = params.optStr('leverage');
  if (lev !== undefined && lev !== 'none' && !/^\d{1,3}(:1)?$/.test(lev)) throw new InvalidArgument('leverage');
  return params.bool('reduce_only') || (lev !== undefined && lev !== 'none' && Number(lev.split(':')[0]) > 1);
}

/** The `oflags` comma list as a set of known flags. */
export function readFlags(params: Params): Set<OrderFlag> {
  const flags = new Set<OrderFlag>();
  for (const f of params.list('oflags') ?? []) {
    if (!FLAGS.includes(f as OrderFlag)) throw new InvalidArgument('oflags');
    flags.add(f as OrderFlag);
  }
  return flags;
}

/**
 * Reads one order's arguments (AddOrder, an AddOrderBatch entry, EditOrder) into an OrderInput;
 * malformed arguments throw InvalidArgument naming the field, as Kraken reports them.
 */
export function readOrderInput(params: Params, market: Market, now: number): OrderInput {
  const margin = wantsMargin(params);
  const side = params.str('type');
  if (side !== 'buy' && side !== 'sell') throw new InvalidArgument('type');
  // An iceberg is a limit order that shows only part of itself (`displayvol`).
  const type = (params.str('ordertype') === 'iceberg' ? 'limit' : params.str('ordertype')) as OrderType;
  if (!ORDER_TYPES.includes(type)) throw new InvalidArgument('ordertype');
  const vol = params.optStr('volume');
  if (vol === undefined || !/^\d{1,20}(\.\d{1,18})?$/.test(vol)) throw new InvalidArgument('volume');
  const flags = readFlags(params);
  const tif = (params.optStr('timeinforce') ?? 'GTC').toUpperCase() as TimeInForce;
  if (!['GTC', 'IOC', 'GTD'].includes(tif)) throw new InvalidArgument('timeinforce');
  const stp = params.optStr('stptype');
  if (stp !== undefined && !['cancel-newest', 'cancel-oldest', 'cancel-both'].includes(stp)) throw new InvalidArgument('stptype');
  const trigger = params.optStr('trigger');
  if (trigger !== undefined && trigger !== 'last' && trigger !== 'index') throw new InvalidArgument('trigger');
  const userref = params.int('userref');
  const clOrdId = params.optStr('cl_ord_id');
  if (clOrdId !== undefined && !/^([0-9a-fA-F-]{32,36}|[\x21-\x7e]{1,18})$/.test(clOrdId)) throw new InvalidArgument('cl_ord_id');
  if (userref !== undefined && clOrdId !== undefined) throw new InvalidArgument('userref');
  const trailing = type === 'trailing-stop' || type === 'trailing-stop-limit';
  const [price1, price2] = trailing ? [undefined, undefined] : [price(params, 'price', market, side, type), price(params, 'price2', market, side, type)];
  // A relative close price is an offset from the price the primary order executes at (a trailing stop's is not known: the last trade's).
  const executesAt = type === 'market' || trailing ? undefined : type.endsWith('-limit') ? price2 : price1;
  return {
    symbol: market.spec.symbol, side, type, volume: params.dec('volume')!, margin, ...(trailing ? readTrail(params, type) : {}), price: price1, price2,
    flags, timeInForce: tif, startAt: timeArg(params, 'starttm', now), expireAt: timeArg(params, 'expiretm', now),
    userref: userref ?? null, clOrdId: clOrdId ?? null, close: readClose(params, market, side, executesAt),
    display: readDisplay(params, params.str('ordertype'), params.dec('volume')!),
  };
}
