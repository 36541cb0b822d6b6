import { describe, expect, it } from 'vitest';
import { auditExchange } from '../src/control/audit.js';
import { testExchange, type TestExchange } from './kraken-client.js';

/** A fixed session: market data, orders, fills, funding; returns every response body as text. */
async function session(t: TestExchange): Promise<string[]> {
  const out: string[] = [];
  const log = async (p: Promise<unknown>): Promise<any> => {
    const body = await p;
    out.push(JSON.stringify(body));
    return body;
  };
  t.clock.advance(30_000);
  await log(t.client.get('Ticker'));
  await log(t.client.get('Depth', { pair: 'ETHUSD', count: 20 }));
  await log(t.client.post('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '0.01' }));
  const depth = await log(t.client.get('Depth', { pair: 'XBTUSD', count: 1 }));
  await log(t.client.post('AddOrder', { pair: 'XBTUSD', type: 'sell', ordertype: 'limit', volume: '0.02', price: depth.result.XXBTZUSD.asks[0][0].slice(0, -4) }));
  await log(t.client.post('Withdraw', { asset: 'ETH', key: 'eth-wallet-1', amount: '1' }));
  t.clock.advance(600_000);
  await log(t.client.get('Trades', { pair: 'XBTUSD' }));
  await log(t.client.get('OHLC', { pair: 'SOLUSD', interval: 5 }));
  await log(t.client.post('TradesHistory'));
  await log(t.client.post('ClosedOrders'));
  await log(t.client.post('Ledgers'));
  await log(t.client.post('WithdrawStatus'));
  await log(t.client.post('DepositAddresses', { asset: 'XBT', method: 'Bitcoin' }));
  return out;
}

describe('determinism', () => {
  it('same scenario and seed on the manual clock ⇒ byte-identical responses', async () => {
    const a = await session(await testExchange({ seed: 11 }));
    const b = await session(await testExchange({ seed: 11 }));
    expect(a).toEqual(b);
    expect(a.join('')).toContain('"closed"');
  });

  it('another seed ⇒ other prices and ids', async () => {
    const a = await session(await testExchange({ seed: 11 }));
    const c = await session(await testExchange({ seed: 12 }));
    expect(a[0]).not.toEqual(c[0]);
    expect(a[2]).not.toEqual(c[2]);
  });

  it('an hour of market on the manual clock keeps every money invariant', async () => {
    const t = await testExchange({ seed: 3 });
    await session(t);
    t.clock.advance(3_600_000);
    expect(auditExchange(t.exchange)).toEqual([]);
  });
});
