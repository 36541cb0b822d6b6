/**
 * The real ccxt (`ccxt.kraken`) placing the order kinds DCA and trailing bots use, against a real
 * chaos-exchange on port 0 with the manual clock; the money audit stays clean after each.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startExchange, type RunningExchange } from '../server/src/app.js';
import { auditExchange } from '../server/src/control/audit.js';
import { ccxtKraken, type CcxtKraken } from './ccxt-kraken.js';

type Kraken = CcxtKraken;

let running: RunningExchange;
let kraken: Kraken;

beforeAll(async () => {
  running = await startExchange({ scenario: 'calm', seed: 42, port: 0, clock: 'manual' });
  kraken = ccxtKraken(running);
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
