/**
 * The real ccxt (`ccxt.kraken`) placing the order kinds DCA and trailing bots use, against a real
 * chaos-exchange on port 0 with the manual clock; the money audit stays clean after each.
 */
import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startExchange, type RunningExchange } from '../server/src/app.js';
import { auditExchange } from '../server/src/control/audit.js';

type Kraken = InstanceType<typeof ccxt.kraken>;

let running: RunningExchange;
let kraken: Kraken;

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

describe('ccxt order features', () => {
  test('createMarketBuyOrderWithCost (viqc) buys for the cost given', async () => {
    const placed = await kraken.createMarketBuyOrderWithCost('BTC/USD', 250);
    const order = await kraken.fetchOrder(placed.id as string, 'BTC/USD');
    expect(order.status).toBe('closed');
    expect(order.cost).toBeLessThanOrEqual(250);
    expect(order.cost).toBeGreaterThan(249);
    expect(order.filled).toBeGreaterThan(0);
    expect(auditExchange(running.exchange)).toEqual([]);
  });
});
