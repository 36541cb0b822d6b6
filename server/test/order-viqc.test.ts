import { beforeAll, describe, expect, it } from 'vitest';
import { auditExchange } from '../src/control/audit.js';
import type { WsTestClient } from './ws-client.js';
import { useExecutionsFeed } from './executions-feed.js';
import { privateCall, privateRest } from './private-rest.js';

describe('viqc: a market buy whose volume is its cost in the quote asset (REST oflags=viqc, WS v2 cash_order_qty)', () => {
  const feed = useExecutionsFeed();
  let ex: typeof feed.ex;
  let token: string;
  let c: WsTestClient;
  beforeAll(() => void ({ ex, token, c } = feed));

  it('REST AddOrder spends at most the cost asked, buys what it pays for, and streams the trades', async () => {
    const account = ex.accounts[0]!;
    const r = await privateRest(ex.url, account, 'AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '1000.00', oflags: 'viqc' });
    const id = r.txid[0] as string;
    const q = (await privateRest(ex.url, account, 'QueryOrders', { txid: id }))[id];
    expect(q.status).toBe('closed');
    expect(q.oflags.split(',')).toContain('viqc');
    expect(Number(q.cost)).toBeLessThanOrEqual(1000);
    expect(Number(q.cost)).toBeGreaterThan(1000 - Number(q.price) * 0.00000001 * 2); // within a lot of the cost asked
    expect(Number(q.vol_exec)).toBeCloseTo(1000 / Number(q.price), 6);
    const trade = await c.next((m) => m.channel === 'executions' && m.data[0].order_id === id && m.data[0].exec_type === 'trade');
    expect(trade.data[0]).toMatchObject({ order_type: 'market', side: 'buy' });
    expect(auditExchange(ex.exchange)).toEqual([]);
  });

  it('viqc is refused on anything but a market buy, with Kraken\'s error', async () => {
    const account = ex.accounts[0]!;
    const sell = await privateCall(ex.url, account, 'AddOrder', { pair: 'XBTUSD', type: 'sell', ordertype: 'market', volume: '100', oflags: 'viqc' });
    expect(sell.error).toEqual(['EGeneral:Invalid arguments:viqc']);
    const limit = await privateCall(ex.url, account, 'AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '30000', volume: '100', oflags: 'viqc' });
    expect(limit.error).toEqual(['EGeneral:Invalid arguments:viqc']);
  });

  it('WS v2 add_order with cash_order_qty does the same and streams pending_new, new, trades, filled', async () => {
    c.send({ method: 'add_order', params: { order_type: 'market', side: 'buy', cash_order_qty: 500, symbol: 'BTC/USD', token }, req_id: 2 });
    const added = await c.next((m) => m.req_id === 2);
    expect(added).toMatchObject({ success: true });
    const id = added.result.order_id as string;
    const filled = await c.next((m) => m.channel === 'executions' && m.data[0].order_id === id && m.data[0].exec_type === 'filled');
    expect(filled.data[0].cum_cost).toBeLessThanOrEqual(500);
    expect(filled.data[0].cum_cost).toBeGreaterThan(499);
    c.send({ method: 'add_order', params: { order_type: 'market', side: 'buy', cash_order_qty: 500, order_qty: 0.01, symbol: 'BTC/USD', token }, req_id: 3 });
    expect(await c.next((m) => m.req_id === 3)).toMatchObject({ success: false, error: 'EGeneral:Invalid arguments:cash_order_qty' });
    expect(auditExchange(ex.exchange)).toEqual([]);
  });
});
