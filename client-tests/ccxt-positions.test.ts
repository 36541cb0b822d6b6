/**
 * ccxt's `fetchPositions` against a real chaos-exchange on port 0: a spot account holds no margin
 * positions, so ccxt must hand back an empty list (it used to throw on `EGeneral:Unknown method`).
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startExchange, type RunningExchange } from '../server/src/app.js';
import { ccxtKraken, type CcxtKraken } from './ccxt-kraken.js';

let running: RunningExchange;
let kraken: CcxtKraken;

beforeAll(async () => {
  running = await startExchange({ scenario: 'calm', seed: 42, port: 0, clock: 'manual' });
  kraken = ccxtKraken(running);
});

afterAll(async () => {
  await running?.close();
});

test('fetchPositions of a spot-only account is an empty list', async () => {
  expect(await kraken.fetchPositions()).toEqual([]);
  expect(await kraken.fetchPositions(['BTC/USD'])).toEqual([]);
});
