import { describe, expect, it } from 'vitest';
import { rawNonce } from '../src/api/kraken/rest/auth.js';
import { testExchange } from './kraken-client.js';

/** What REST fuzzing (bad-input.test.ts) found, shrunk to the request that got the wrong answer. */
describe('REST requests that got a wrong answer', () => {
  it('a JSON nonce string that only starts with digits ("0}", "12,3") is EAPI:Invalid nonce, not read as its leading digits', async () => {
    expect(rawNonce('{"nonce":"0}"}', true)).toBeUndefined();
    expect(rawNonce('{"nonce":"12,3","pair":"XBTUSD"}', true)).toBeUndefined();
    expect(rawNonce('{"nonce": 12 ,"pair":"XBTUSD"}', true)).toBe('12');
    const t = await testExchange();
    for (const nonce of ['0}', '12,3']) expect((await t.client.post('Balance', {}, { json: true, nonce })).error).toEqual(['EAPI:Invalid nonce']);
    expect((await t.client.post('Balance', {}, { json: true, nonce: '5' })).error).toEqual([]);
  });
});
