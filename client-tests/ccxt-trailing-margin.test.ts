/**
 * The real ccxt (`ccxt.kraken`) placing trailing stops (`trailingAmount`, `trailingPercent`) and
 * asking for margin (`reduceOnly`, `leverage`) against a chaos-exchange on port 0 with the manual
 * clock: trailing stops are accepted and show as open; margin is refused as Kraken refuses a
 * spot-only account.
 */
import ccxt from 'ccxt';
import { describe, expect, test } from 'vitest';
import { auditExchange } from '../server/src/control/audit.js';
import { useCcxtKraken } from './ccxt-kraken.js';

const t = useCcxtKraken();

describe('ccxt trailing stops', () => {
  test('trailingAmount and trailingPercent sell stops are accepted and listed open as trailing stops', async () => {
    const byAmount = await t.kraken.createOrder('BTC/USD', 'market', 'sell', 0.01, undefined, { trailingAmount: '300' });
    const byPercent = await t.kraken.createOrder('BTC/USD', 'market', 'sell', 0.01, undefined, { trailingPercent: '1.5' });
    const open = await t.kraken.fetchOpenOrders('BTC/USD');
    const amount = open.find((o) => o.id === byAmount.id);
    const percent = open.find((o) => o.id === byPercent.id);
    expect(amount?.info.descr).toMatchObject({ ordertype: 'trailing-stop', price: '+300.0' });
    expect(percent?.info.descr).toMatchObject({ ordertype: 'trailing-stop', price: '+1.5000%' });
    const last = Number((await t.kraken.fetchTicker('BTC/USD')).last);
    expect(Number(amount?.info.stopprice)).toBeCloseTo(last - 300, -1);
    expect(Number(percent?.info.stopprice)).toBeCloseTo(last * 0.985, -1);
    expect(amount).toMatchObject({ status: 'open', side: 'sell', amount: 0.01 });
    await t.kraken.cancelAllOrders();
    expect(auditExchange(t.running.exchange)).toEqual([]);
  });
});

describe('ccxt margin arguments on a spot-only account', () => {
  test('reduceOnly and leverage 2 are refused with EOrder:Cannot open position (plain ExchangeError in ccxt)', async () => {
    for (const params of [{ reduceOnly: true }, { leverage: 2 }]) {
      const err = await t.kraken.createOrder('BTC/USD', 'limit', 'buy', 0.01, 20_000, params).then(() => undefined, (e: unknown) => e);
      // ccxt's Kraken REST table has no entry for this string: it raises the base ExchangeError.
      expect(err).toBeInstanceOf(ccxt.ExchangeError);
      expect((err as Error).constructor).toBe(ccxt.ExchangeError);
      expect((err as Error).message).toContain('EOrder:Cannot open position');
    }
    expect(await t.kraken.fetchOpenOrders('BTC/USD')).toEqual([]);
  });

  test('reduceOnly false and leverage none place an ordinary spot order', async () => {
    const placed = await t.kraken.createOrder('BTC/USD', 'limit', 'buy', 0.01, 20_000, { reduce_only: false, leverage: 'none' });
    expect((await t.kraken.fetchOrder(placed.id as string, 'BTC/USD')).status).toBe('open');
    await t.kraken.cancelAllOrders();
    expect(auditExchange(t.running.exchange)).toEqual([]);
  });
});
