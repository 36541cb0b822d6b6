import { describe, expect, it } from 'vitest';
import { ASSETS } from '../../exchange/assets.js';
import { PAIR_CATALOG } from '../../exchange/pairs.js';
import { assetByKrakenName, krakenAssetOf, krakenPairOf, pairByKrakenName } from './names.js';
import { refusalText } from './rest/wire.js';

describe('Kraken\'s name table', () => {
  it('names every catalog pair and asset, and reads each name back to it', () => {
    for (const p of PAIR_CATALOG) {
      const k = krakenPairOf(p);
      for (const n of [k.id, k.altname, k.wsname, p.symbol]) expect(pairByKrakenName(n), n).toBe(p);
    }
    for (const a of ASSETS) {
      const k = krakenAssetOf(a.code);
      for (const n of [k.id, k.altname, a.code]) expect(assetByKrakenName(n), n).toBe(a);
    }
    expect(krakenPairOf(PAIR_CATALOG.find((p) => p.symbol === 'BTC/USD')!)).toEqual({ id: 'XXBTZUSD', altname: 'XBTUSD', wsname: 'XBT/USD' });
    expect(krakenAssetOf('USD')).toEqual({ id: 'ZUSD', altname: 'USD' });
  });

  it('words the core\'s price-precision refusal with the pair\'s Kraken id', () => {
    expect(refusalText({ code: 'price_decimals', precision: { symbol: 'ETH/BTC', decimals: 5 } }))
      .toBe('EOrder:Invalid price:XETHXXBT price can only be specified up to 5 decimals.');
    expect(refusalText({ code: 'price_decimals' })).toBe('EOrder:Invalid price');
  });
});
