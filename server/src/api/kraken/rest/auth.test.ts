import { describe, expect, it } from 'vitest';
import { rawNonce, sign } from './auth.js';

describe('API-Sign', () => {
  it("matches Kraken's published test vector", () => {
    const secret = 'kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==';
    const body = 'nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25';
    expect(sign('/0/private/AddOrder', '1616492376594', body, secret)).toBe(
      '4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==',
    );
  });

  it('reads the nonce exactly as written, from form and JSON bodies', () => {
    expect(rawNonce('a=1&nonce=123&b=2', false)).toBe('123');
    expect(rawNonce('nonce=12x', false)).toBeUndefined();
    expect(rawNonce('{"nonce":"1795607248733","orders":[]}', true)).toBe('1795607248733');
    expect(rawNonce('{"orders":[], "nonce": 99999999999999999999}', true)).toBe('99999999999999999999');
    expect(rawNonce('{"x":1}', true)).toBeUndefined();
  });
});
