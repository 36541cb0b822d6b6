/**
 * ccxt's `fetchPositions` against a real chaos-exchange on port 0: a spot account holds no margin
 * positions, so ccxt must hand back an empty list (it used to throw on `EGeneral:Unknown method`).
 */
import ccxt from 'ccxt';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startExchange, type RunningExchange } from '../server/src/app.js';

let running: RunningExchange;
let kraken: InstanceType<typeof ccxt.kraken>;

beforeAll(async () => {
  running = await startExchange({ scenario: 'calm', seed: 42, port: 0, clock: 'manual' });
  const account = running.accounts.find((a) => a.name === 'default');
  if (!account) throw new Error('the calm scenario has no default account');
  kraken = new ccxt.kraken({ apiKey: account.key, secret: account.secret, enableRateLimit: false });
  kraken.urls.api.public = running.url;
  kraken.urls.api.private = running.url;
  let nonce = 0;
  kraken.nonce = () => ++nonce;
});

afterAll(async () => {
  await running?.close();
});

test('fetchPositions of a spot-only account is an empty list', async () => {
  expect(await kraken.fetchPositions()).toEqual([]);
  expect(await kraken.fetchPositions(['BTC/USD'])).toEqual([]);
});
