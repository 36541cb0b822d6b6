import { describe, expect, it } from 'vitest';
import { assetNamed, pairNamed } from './names.js';
import { ASSETS, findAsset } from '../exchange/assets.js';
import { findPair, PAIR_CATALOG } from '../exchange/pairs.js';
import { DIALECTS } from '../api/dialects.js';

describe('user-written names resolve through every dialect', () => {
  it('a pair by its domain symbol, BASEQUOTE, Kraken\'s spellings or Binance\'s symbol, in any case', () => {
    for (const name of ['BTC/USD', 'btcusd', 'XBT/USD', 'XBTUSD', 'xxbtzusd']) expect(pairNamed(name)?.symbol).toBe('BTC/USD');
    expect(pairNamed('XDG/USD')?.symbol).toBe('DOGE/USD');
    expect(pairNamed('ETHXBT')?.symbol).toBe('ETH/BTC');
    expect(pairNamed('BTCUSDT')?.symbol).toBe('BTC/USDT');
    expect(pairNamed('XBTUSDT')?.symbol).toBe('BTC/USDT');
    expect(pairNamed('BTC/GBP')).toBeUndefined();
  });

  it('an asset by its code or Kraken\'s id and altname, in any case', () => {
    for (const name of ['BTC', 'xbt', 'XXBT']) expect(assetNamed(name)?.code).toBe('BTC');
    expect(assetNamed('ZUSD')?.code).toBe('USD');
    expect(assetNamed('XDG')?.code).toBe('DOGE');
    expect(assetNamed('GBP')).toBeUndefined();
  });

  it('the core\'s own lookups know only neutral names', () => {
    expect(findPair('btc/usd')?.symbol).toBe('BTC/USD');
    expect(findPair('BTCUSD')?.symbol).toBe('BTC/USD');
    expect(findPair('XBTUSD')).toBeUndefined();
    expect(findAsset('usd')?.code).toBe('USD');
    expect(findAsset('XBT')).toBeUndefined();
  });

  it('no dialect\'s alias names a different pair or asset than the neutral name it spells', () => {
    for (const d of Object.values(DIALECTS)) {
      for (const [alias, symbol] of d.pairAliases) expect(findPair(alias)?.symbol ?? symbol, `${d.name} ${alias}`).toBe(symbol);
      for (const [alias, code] of d.assetAliases) expect(findAsset(alias)?.code ?? code, `${d.name} ${alias}`).toBe(code);
    }
    expect(DIALECTS.kraken.pairAliases.size).toBeGreaterThan(PAIR_CATALOG.length);
    expect(PAIR_CATALOG.every((p) => pairNamed(p.symbol) === p)).toBe(true);
    expect(ASSETS.every((a) => assetNamed(a.code) === a)).toBe(true);
  });
});
