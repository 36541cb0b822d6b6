/**
 * The real ccxt (`ccxt.kraken`) placing the order kinds DCA and trailing bots use, against a real
 * chaos-exchange on port 0 with the manual clock; the money audit stays clean after each.
 */
import { describe, expect, test } from 'vitest';
import { auditExchange } from '../server/src/control/audit.js';
import { useCcxtKraken } from './ccxt-kraken.js';


const t = useCcxtKraken();

describe('ccxt order features', () => {
  test('createMarketBuyOrderWithCost (viqc) buys for the cost given', async () => {
    const placed = await t.kraken.createMarketBuyOrderWithCost('BTC/USD', 250);
    const order = await t.kraken.fetchOrder(placed.id as string, 'BTC/USD');
    expect(order.status).toBe('closed');
    expect(order.cost).toBeLessThanOrEqual(250);
    expect(order.cost).toBeGreaterThan(249);
    expect(order.filled).toBeGreaterThan(0);
    expect(auditExchange(t.running.exchange)).toEqual([]);
  });
});
