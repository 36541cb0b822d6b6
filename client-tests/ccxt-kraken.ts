import ccxt from 'ccxt';
import { afterAll, beforeAll } from 'vitest';
import { startExchange, type RunningExchange } from '../server/src/app.js';

/** ccxt's Kraken client. */
export type CcxtKraken = InstanceType<typeof ccxt.kraken>;

/**
 * ccxt's Kraken REST client pointed at `running`, signing as its default account, unthrottled
 * (the manual clock decides time). ccxt's nonce is Date.now(): two calls in the same millisecond
 * would repeat it, and Kraken (like this server) refuses a repeated nonce, so a strictly
 * increasing counter stands in, as a fast bot needs.
 */
export function ccxtKraken(running: RunningExchange): CcxtKraken {
  const account = running.accounts.find((a) => a.name === 'default');
  if (!account) throw new Error('the scenario has no default account');
  const kraken = new ccxt.kraken({ apiKey: account.key, secret: account.secret, enableRateLimit: false });
  kraken.urls.api.public = running.url;
  kraken.urls.api.private = running.url;
  let nonce = 0;
  kraken.nonce = () => ++nonce;
  return kraken;
}

/**
 * For a test file: a calm exchange (seed 42, port 0, manual clock) started before its tests and
 * closed after them, and ccxtKraken on it. Read both from the returned object inside the tests.
 */
export function useCcxtKraken(): { readonly running: RunningExchange; readonly kraken: CcxtKraken } {
  const ctx = {} as { running: RunningExchange; kraken: CcxtKraken };
  beforeAll(async () => {
    ctx.running = await startExchange({ scenario: 'calm', seed: 42, port: 0, clock: 'manual' });
    ctx.kraken = ccxtKraken(ctx.running);
  });
  afterAll(async () => {
    await ctx.running?.close();
  });
  return ctx;
}
