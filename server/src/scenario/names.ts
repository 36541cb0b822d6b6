import { DIALECTS } from '../api/dialects.js';
import { assetByCode, findAsset, type Asset } from '../exchange/assets.js';
import { findPair, type PairSpec } from '../exchange/pairs.js';

/** Every dialect's aliases merged (alias → domain name); built on first use, as the dialects may still be loading when this module is. */
let merged: { pairs: Map<string, string>; assets: Map<string, string> } | undefined;

function aliases(): { pairs: Map<string, string>; assets: Map<string, string> } {
  if (merged) return merged;
  const pairs = new Map<string, string>();
  const assets = new Map<string, string>();
  for (const d of Object.values(DIALECTS)) {
    for (const [alias, symbol] of d.pairAliases) pairs.set(alias, symbol);
    for (const [alias, code] of d.assetAliases) assets.set(alias, code);
  }
  merged = { pairs, assets };
  return merged;
}

/**
 * The catalog pair a user wrote (a scenario, fault rule, admin call): the domain symbol or BASEQUOTE
 * (BTC/USD, BTCUSD), or any dialect's spelling (Kraken's XBT/USD, XBTUSD, XXBTZUSD), whichever
 * dialect is served; case-insensitive.
 */
export function pairNamed(name: string): PairSpec | undefined {
  const symbol = aliases().pairs.get(name.toUpperCase());
  return findPair(symbol ?? name);
}

/** The catalog asset a user wrote: its code (BTC, usd) or any dialect's spelling (Kraken's XBT, XXBT, ZUSD); case-insensitive. */
export function assetNamed(name: string): Asset | undefined {
  const code = aliases().assets.get(name.toUpperCase());
  return code === undefined ? findAsset(name) : assetByCode(code);
}
