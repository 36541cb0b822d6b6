import { describe, expect, it } from 'vitest';
import { testExchange } from './kraken-client.js';

// Regression: TradeBalance's `eb` left out the default account's 50,000 USDT (no USDT/USD market to value it by).
describe('TradeBalance', () => {
  it('counts a USD stablecoin 1:1 when no market prices it against USD', async () => {
    const t = await testExchange({
      scenario: { name: 'usdt-only', accounts: [{ name: 'a', balances: { USD: '100000', USDT: '50000.5' } }] },
    });
    const r = await t.client.post('TradeBalance');
    expect(r.result).toMatchObject({ eb: '150000.5000', tb: '150000.5000', e: '150000.5000', mf: '150000.5000', m: '0.0000' });
  });

  it('values USDT at the USDT/USD market\'s last price when the exchange lists one', async () => {
    const t = await testExchange({
      scenario: {
        name: 'usdt-market',
        market: { pairs: { 'USDT/USD': { price: 1.0002 }, 'BTC/USD': null } },
        accounts: [{ name: 'a', balances: { USDT: '50000' } }],
      },
    });
    const last = (await t.client.get('Ticker', { pair: 'USDTUSD' })).result.USDTZUSD.c[0] as string;
    expect(last).toBe('1.00020');
    expect((await t.client.post('TradeBalance', { asset: 'ZUSD' })).result.eb).toBe('50010.0000');
  });

  it('includes the default account\'s USDT: eb is USD plus every asset at its USD price', async () => {
    const t = await testExchange();
    const ticker = (await t.client.get('Ticker')).result as Record<string, { c: [string, string] }>;
    const usd = (pair: string, amount: number): number => amount * Number(ticker[pair]!.c[0]);
    const expected = 100000 + 50000 + usd('XXBTZUSD', 2) + usd('XETHZUSD', 25) + usd('SOLUSD', 300) + usd('XDGUSD', 100000);
    const eb = Number((await t.client.post('TradeBalance')).result.eb);
    expect(eb).toBeCloseTo(expected, 2);
  });
});
