/**
 * ccxt's `fetchPositions` against a real chaos-exchange on port 0: a spot account holds no margin
 * positions, so ccxt must hand back an empty list (it used to throw on `EGeneral:Unknown method`).
 */
import { expect, test } from 'vitest';
import { useCcxtKraken } from './ccxt-kraken.js';

const t = useCcxtKraken();

test('fetchPositions of a spot-only account is an empty list', async () => {
  expect(await t.kraken.fetchPositions()).toEqual([]);
  expect(await t.kraken.fetchPositions(['BTC/USD'])).toEqual([]);
});
