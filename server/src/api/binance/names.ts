import type { Exchange } from '../../exchange/exchange.js';
import type { Market } from '../../exchange/market.js';
import { ASSETS } from '../../exchange/assets.js';
import { PAIR_CATALOG, type PairSpec } from '../../exchange/pairs.js';

/**
 * Binance's names for the core's assets where they differ from the domain code. Empty today: the
 * core's codes (BTC, ETH, SOL, DOGE, LTC, USDT, USDC, USD, EUR) are the ones Binance uses; Kraken's
 * XBT/XXBT/XDG live in Kraken's own table. A code added to the core that Binance spells otherwise gets
 * a line here, and nowhere else.
 */
const ASSET_NAMES: Readonly<Record<string, string>> = {};

/** Binance's name for a domain asset code (`BTC` → `BTC`). */
export const binanceAsset = (code: string): string => ASSET_NAMES[code] ?? code;

/** Binance's REST symbol for a pair: base and quote names run together, upper case (`BTC/USDT` → `BTCUSDT`). */
export const binanceSymbol = (spec: PairSpec): string => `${binanceAsset(spec.base)}${binanceAsset(spec.quote)}`.toUpperCase();

/** Every catalog pair by its Binance symbol; built once, and a clash of two pairs on one symbol is a bug caught at load. */
const BY_SYMBOL: ReadonlyMap<string, PairSpec> = (() => {
  const out = new Map<string, PairSpec>();
  for (const spec of PAIR_CATALOG) {
    const name = binanceSymbol(spec);
    const taken = out.get(name);
    if (taken) throw new Error(`Binance symbol ${name} names both ${taken.symbol} and ${spec.symbol}`);
    out.set(name, spec);
  }
  return out;
})();

/**
 * The exchange's listed market for a Binance symbol, or undefined. Exact and case-sensitive, as
 * Binance's REST symbols are (`btcusdt` is no symbol on REST; streams use lower case).
 */
export function marketBySymbol(ex: Exchange, symbol: string): Market | undefined {
  const spec = BY_SYMBOL.get(symbol);
  return spec ? ex.markets.get(spec.symbol) : undefined;
}

/** The catalog pair a Binance symbol names (listed or not), or undefined: fault rules match pairs by it. */
export const pairBySymbol = (symbol: string): PairSpec | undefined => BY_SYMBOL.get(symbol);

/** Binance's spellings of the catalog's pairs (its symbols, `BTCUSDT`), upper case, each to the domain symbol: the Dialect's `pairAliases`. */
export const BINANCE_PAIR_ALIASES: ReadonlyMap<string, string> = new Map([...BY_SYMBOL].map(([name, spec]) => [name.toUpperCase(), spec.symbol]));

/** Binance's spellings of the catalog's assets where they differ from the code (none today), upper case, to the code. */
export const BINANCE_ASSET_ALIASES: ReadonlyMap<string, string> = new Map(
  ASSETS.filter((a) => binanceAsset(a.code) !== a.code).map((a) => [binanceAsset(a.code).toUpperCase(), a.code]),
);
