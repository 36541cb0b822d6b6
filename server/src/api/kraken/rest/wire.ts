import { assetByCode, type Asset } from '../../../exchange/assets.js';
import { type Dec, fmt } from '../../../exchange/decimal.js';
import type { Exchange } from '../../../exchange/exchange.js';
import type { Market } from '../../../exchange/market.js';
import { findPair } from '../../../exchange/pairs.js';
import type { Refusal, RefusalCode } from '../../../exchange/types.js';
import { InvalidArgument } from './params.js';
import { faultError } from '../../error-words.js';
import { krakenErrorText } from '../error-words.js';
import { assetByKrakenName, krakenAssetOf, krakenPairOf, pairByKrakenName } from '../names.js';

/** Kraken's wire words for the engine's refusals. */
export const REFUSAL_TEXT: Record<RefusalCode, string> = {
  invalid_arguments: 'EGeneral:Invalid arguments',
  unknown_pair: 'EQuery:Unknown asset pair',
  unknown_asset: 'EQuery:Unknown asset',
  insufficient_funds: 'EOrder:Insufficient funds',
  unknown_order: 'EOrder:Unknown order',
  invalid_price: 'EOrder:Invalid price',
  price_decimals: 'EOrder:Invalid price',
  order_minimum: 'EOrder:Order minimum not met',
  cost_minimum: 'EOrder:Cost minimum not met',
  tick_size: 'EOrder:Tick size check failed',
  orders_limit: 'EOrder:Orders limit exceeded',
  permission_denied: 'EGeneral:Permission denied',
  unknown_withdraw_key: 'EFunding:Unknown withdraw key',
  invalid_amount: 'EFunding:Invalid amount',
  unknown_reference: 'EFunding:Unknown reference id',
  funding_method: 'EFunding:No funding method',
  max_fee_exceeded: 'EFunding:Max fee exceeded',
  invalid_address: 'EFunding:Invalid withdrawal address',
  cancel_denied: 'EFunding:Cancel denied',
  market_halted: 'EService:Unavailable',
  cancel_only_mode: 'EService:Market in cancel_only mode',
  post_only_mode: 'EService:Market in post_only mode',
  limit_only_mode: 'EService:Market in limit_only mode',
  // Kraken's error table lists this for "margin not allowed for user/tier": what a spot-only
  // account gets for leverage or reduce_only (no finer answer found in Kraken's docs or issues).
  margin_unavailable: 'EOrder:Cannot open position',
  policy: 'EService:Unavailable',
};

/** The error string for a refusal, with its detail where Kraken prints one (a field name; a pair's price precision). */
export function refusalText({ code, detail, precision }: Pick<Refusal, 'code' | 'detail' | 'precision'>): string {
  if (code === 'policy' && detail) return krakenErrorText(faultError(detail));
  const base = REFUSAL_TEXT[code];
  if (code === 'price_decimals' && precision) return `${base}:${precisionText(precision)}`;
  return detail && code === 'invalid_arguments' ? `${base}:${detail}` : base;
}

/** Kraken's words for a price with too many decimals: "XXBTZUSD price can only be specified up to 1 decimals." */
function precisionText({ symbol, decimals }: NonNullable<Refusal['precision']>): string {
  const spec = findPair(symbol);
  return `${spec ? krakenPairOf(spec).id : symbol} price can only be specified up to ${decimals} decimals.`;
}

/** RFC 3339 at whole seconds, as SystemStatus and the dead man's switch print times. */
export const rfc3339 = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** The dead man's switch reply, the same on REST and both WebSocket versions (`triggerTime` "0" when disarmed). */
export const deadManReply = (now: number, triggerAt: number): { currentTime: string; triggerTime: string } =>
  ({ currentTime: rfc3339(now), triggerTime: triggerAt ? rfc3339(triggerAt) : '0' });

/** Unix seconds as Kraken prints event times (a float with up to 4 decimals). */
export const secs = (ms: number): number => Math.round(ms * 10) / 10_000;

/** Kraken's asset id (XXBT, ZUSD, SOL) for a domain code. */
export const assetId = (code: string): string => krakenAssetOf(code).id;

/** An amount of an asset at the asset's ledger precision. */
export const fmtAsset = (code: string, x: Dec): string => fmt(x, assetByCode(code).decimals);

/** Public market-data price text (Kraken prints at least 5 places). */
export const dataPrice = (m: Market, x: Dec): string => fmt(x, m.dataDecimals);

/** Order price text (the pair's own precision, as in `descr.price`). */
export const orderPrice = (m: Market, x: Dec): string => fmt(x, m.spec.priceDecimals);

export const volume = (m: Market, x: Dec): string => fmt(x, m.spec.lotDecimals);
export const cost = (m: Market, x: Dec): string => fmt(x, m.spec.costDecimals);

/** Resolves a `pair` argument (id, altname, wsname or domain symbol) to a listed market. */
export function marketFor(ex: Exchange, name: string): Market | undefined {
  const spec = pairByKrakenName(name);
  return spec ? ex.markets.get(spec.symbol) : undefined;
}

/** Resolves an `asset` argument (XXBT, XBT, BTC, ZUSD, USD) to an asset. */
export function assetFor(name: string): Asset | undefined {
  return assetByKrakenName(name);
}

/** The required `pair` argument as one listed market; a Kraken error string when it is not. */
export function requiredMarket(ex: Exchange, raw: string | undefined): Market | string {
  if (raw === undefined) throw new InvalidArgument('pair');
  const m = marketFor(ex, raw.trim());
  return m ?? 'EQuery:Unknown asset pair';
}
