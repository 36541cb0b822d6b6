import { ASSETS, assetByCode, findAsset, type Asset } from '../../exchange/assets.js';
import { findPair, PAIR_CATALOG, type PairSpec } from '../../exchange/pairs.js';

/** Kraken's three names for a pair: REST id (result keys), altname (order descriptions) and WebSocket v1 name. */
export interface KrakenPairNames { id: string; altname: string; wsname: string }

/** Kraken's two names for an asset: id (balances, funding, AssetPairs' base/quote) and altname. */
export interface KrakenAssetNames { id: string; altname: string }

/** Kraken's names for every catalog pair, by the core's domain symbol. A catalog pair missing here is a bug caught at load. */
const PAIRS: Readonly<Record<string, KrakenPairNames>> = {
  'BTC/USD': { id: 'XXBTZUSD', altname: 'XBTUSD', wsname: 'XBT/USD' },
  'ETH/USD': { id: 'XETHZUSD', altname: 'ETHUSD', wsname: 'ETH/USD' },
  'BTC/USDT': { id: 'XBTUSDT', altname: 'XBTUSDT', wsname: 'XBT/USDT' },
  'ETH/BTC': { id: 'XETHXXBT', altname: 'ETHXBT', wsname: 'ETH/XBT' },
  'SOL/USD': { id: 'SOLUSD', altname: 'SOLUSD', wsname: 'SOL/USD' },
  'DOGE/USD': { id: 'XDGUSD', altname: 'XDGUSD', wsname: 'XDG/USD' },
  'BTC/EUR': { id: 'XXBTZEUR', altname: 'XBTEUR', wsname: 'XBT/EUR' },
  'ETH/EUR': { id: 'XETHZEUR', altname: 'ETHEUR', wsname: 'ETH/EUR' },
  'LTC/USD': { id: 'XLTCZUSD', altname: 'LTCUSD', wsname: 'LTC/USD' },
  'USDT/USD': { id: 'USDTZUSD', altname: 'USDTUSD', wsname: 'USDT/USD' },
  'USDC/USD': { id: 'USDCUSD', altname: 'USDCUSD', wsname: 'USDC/USD' },
};

/** Kraken's names for every catalog asset, by the core's domain code. */
const ASSET_NAMES: Readonly<Record<string, KrakenAssetNames>> = {
  BTC: { id: 'XXBT', altname: 'XBT' },
  ETH: { id: 'XETH', altname: 'ETH' },
  SOL: { id: 'SOL', altname: 'SOL' },
  DOGE: { id: 'XXDG', altname: 'XDG' },
  LTC: { id: 'XLTC', altname: 'LTC' },
  USDT: { id: 'USDT', altname: 'USDT' },
  USDC: { id: 'USDC', altname: 'USDC' },
  USD: { id: 'ZUSD', altname: 'USD' },
  EUR: { id: 'ZEUR', altname: 'EUR' },
};

/** Kraken's names for a domain asset code (`BTC` → XXBT/XBT); throws for a code the table lacks (a bug). */
export function krakenAssetOf(code: string): KrakenAssetNames {
  const names = ASSET_NAMES[code];
  if (!names) throw new RangeError(`no Kraken names for asset ${code}`);
  return names;
}

/** Kraken's names for a catalog pair (`BTC/USD` → XXBTZUSD/XBTUSD/XBT/USD); throws for a pair the table lacks (a bug). */
export function krakenPairOf(spec: PairSpec): KrakenPairNames {
  const names = PAIRS[spec.symbol];
  if (!names) throw new RangeError(`no Kraken names for pair ${spec.symbol}`);
  return names;
}

/**
 * Every Kraken spelling of each catalog pair, upper case, to its domain symbol: id, altname, wsname,
 * and the asset altnames run together or slashed (XBTUSD, XBT/USD), as Kraken and its clients write them.
 */
export const KRAKEN_PAIR_ALIASES: ReadonlyMap<string, string> = (() => {
  const out = new Map<string, string>();
  for (const p of PAIR_CATALOG) {
    const k = krakenPairOf(p);
    const base = krakenAssetOf(p.base).altname;
    const quote = krakenAssetOf(p.quote).altname;
    for (const n of [k.id, k.altname, k.wsname, `${base}${quote}`, `${base}/${quote}`]) out.set(n.toUpperCase(), p.symbol);
  }
  return out;
})();

/** Every Kraken spelling of each catalog asset (id and altname), upper case, to its domain code. */
export const KRAKEN_ASSET_ALIASES: ReadonlyMap<string, string> = new Map(
  ASSETS.flatMap((a) => [krakenAssetOf(a.code).id, krakenAssetOf(a.code).altname].map((n) => [n.toUpperCase(), a.code] as const)),
);

/** Resolves a pair as a Kraken client may write it (XXBTZUSD, XBTUSD, XBT/USD, or the domain's BTC/USD, BTCUSD); case-insensitive. */
export function pairByKrakenName(name: string): PairSpec | undefined {
  const symbol = KRAKEN_PAIR_ALIASES.get(name.toUpperCase());
  return symbol === undefined ? findPair(name) : findPair(symbol);
}

/** Resolves an asset as a Kraken client may write it (XXBT, XBT, ZUSD, or the domain's BTC, USD); case-insensitive. */
export function assetByKrakenName(name: string): Asset | undefined {
  const code = KRAKEN_ASSET_ALIASES.get(name.toUpperCase());
  return code === undefined ? findAsset(name) : assetByCode(code);
}
