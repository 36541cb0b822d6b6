import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange } from '../src/app.js';
import { auditExchange } from '../src/control/audit.js';
import { privateCall, privateRest } from './private-rest.js';
import { steadyMarket, type ManualExchange } from './trailing-market.js';

describe('trailing stops on REST: the trigger follows the best price and fires on a retrace by the offset', () => {
  let ex: ManualExchange;
  let market: ReturnType<typeof steadyMarket>;
  beforeAll(async () => {
    ex = await startExchange({ port: 0, clock: 'manual' });
    market = steadyMarket(ex);
  });
  afterAll(() => ex.close());

  const add = (params: Record<string, string>) => privateCall(ex.url, ex.accounts[0]!, 'AddOrder', { pair: 'XBTUSD', volume: '0.01', ...params });
  const query = async (txid: string) => (await privateRest(ex.url, ex.accounts[0]!, 'QueryOrders', { txid }))[txid];

  it('a sell trailing-stop +500: stopprice trails the peak, never falls back, and a 1000 drop sells it at market', async () => {
    const p = await market.moveTo(60_000);
    const r = await add({ type: 'sell', ordertype: 'trailing-stop', price: '+500' });
    expect(r.error).toEqual([]);
    expect(r.result.descr.order).toBe('sell 0.01000000 XBTUSD @ trailing stop +500.0');
    const txid = r.result.txid[0] as string;
    let o = await query(txid);
    expect(o.descr).toMatchObject({ ordertype: 'trailing-stop', price: '+500.0', price2: '0' });
    expect(Number(o.stopprice)).toBe(p - 500);
    const peak = await market.moveTo(62_000);
    o = await query(txid);
    expect(o.status).toBe('open');
    expect(Number(o.stopprice)).toBeGreaterThanOrEqual(peak - 500);
    expect(Number(o.limitprice)).toBeGreaterThanOrEqual(peak);
    const stop = Number(o.stopprice);
    await market.moveTo(61_800); // a 200 dip: the trigger stays where it was
    o = await query(txid);
    expect(o.status).toBe('open');
    expect(Number(o.stopprice)).toBe(stop);
    await market.moveTo(61_000);
    o = await query(txid);
    expect(o).toMatchObject({ status: 'closed', vol_exec: '0.01000000', misc: 'touched' });
    expect(Number(o.price)).toBeLessThanOrEqual(stop);
    expect(auditExchange(ex.exchange)).toEqual([]);
  });

  it('a buy trailing-stop +2%: the trigger follows the trough down and fires on a 2 % rise from it', async () => {
    await market.moveTo(60_000);
    const r = await add({ type: 'buy', ordertype: 'trailing-stop', price: '+2%' });
    expect(r.error).toEqual([]);
    expect(r.result.descr.order).toBe('buy 0.01000000 XBTUSD @ trailing stop +2.0000%');
    const txid = r.result.txid[0] as string;
    const trough = await market.moveTo(57_000);
    let o = await query(txid);
    expect(o.status).toBe('open');
    expect(o.descr.price).toBe('+2.0000%');
    expect(Number(o.stopprice)).toBeCloseTo(trough * 1.02, -1);
    expect(Number(o.stopprice)).toBeLessThan(58_500);
    await market.moveTo(59_000);
    o = await query(txid);
    expect(o).toMatchObject({ status: 'closed', vol_exec: '0.01000000', misc: 'touched' });
    expect(auditExchange(ex.exchange)).toEqual([]);
  });

  it('a sell trailing-stop-limit +500 / -100 rests as a limit 100 below the trigger once touched', async () => {
    const p = await market.moveTo(60_000);
    const r = await add({ type: 'sell', ordertype: 'trailing-stop-limit', price: '+500', price2: '-100' });
    expect(r.error).toEqual([]);
    expect(r.result.descr.order).toBe('sell 0.01000000 XBTUSD @ trailing stop +500.0 -> limit -100.0');
    const txid = r.result.txid[0] as string;
    let o = await query(txid);
    expect(o.descr).toMatchObject({ price: '+500.0', price2: '-100.0' });
    expect(Number(o.stopprice)).toBe(p - 500);
    expect(Number(o.limitprice)).toBe(p - 600);
    await market.moveTo(59_000);
    o = await query(txid);
    expect(o).toMatchObject({ status: 'open', misc: 'touched', vol_exec: '0.00000000' });
    const book = ex.exchange.markets.get('BTC/USD')!.book.side('sell');
    expect(book.some((e) => e.orderId === txid)).toBe(true);
    await privateRest(ex.url, ex.accounts[0]!, 'CancelAll', {});
    expect(auditExchange(ex.exchange)).toEqual([]);
  });

  it('trailing offsets without their sign are refused as Kraken refuses them', async () => {
    for (const price of ['500', '-500', '#500', '5%']) {
      expect((await add({ type: 'sell', ordertype: 'trailing-stop', price })).error).toEqual(['EGeneral:Invalid arguments:price']);
    }
    expect((await add({ type: 'sell', ordertype: 'trailing-stop-limit', price: '+500', price2: '59000' })).error).toEqual(['EGeneral:Invalid arguments:price2']);
    expect((await add({ type: 'sell', ordertype: 'trailing-stop-limit', price: '+500' })).error).toEqual(['EGeneral:Invalid arguments:price2']);
  });
});
