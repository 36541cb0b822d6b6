import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange } from '../src/app.js';
import { auditExchange } from '../src/control/audit.js';
import { fmt } from '../src/exchange/decimal.js';
import { connectWs as connect, wsToken } from './ws-client.js';
import { privateCall, privateRest } from './private-rest.js';

describe('relative prices: +, -, # prefixes and the % suffix (REST), triggers price_type quote|pct (WS v2)', () => {
  let ex: Awaited<ReturnType<typeof startExchange<{ port: number; clock: 'manual' }>>>;
  let token: string;
  beforeAll(async () => {
    ex = await startExchange({ port: 0, clock: 'manual' });
    token = await wsToken(ex.url, ex.accounts[0]!, 1); // before the REST calls' larger nonces
  });
  afterAll(() => ex.close());

  /** The last BTC/USD trade price now, as a number of dollars with its 1 decimal. */
  const last = (): number => Number(fmt(ex.exchange.markets.get('BTC/USD')!.last, 1));
  const place = async (params: Record<string, string>) => {
    const r = await privateRest(ex.url, ex.accounts[0]!, 'AddOrder', { pair: 'XBTUSD', volume: '0.01', ...params });
    const id = r.txid[0] as string;
    return (await privateRest(ex.url, ex.accounts[0]!, 'QueryOrders', { txid: id }))[id];
  };

  it('REST: offsets in quote units and in percent of the last trade, rounded to the tick; # goes away from execution', async () => {
    const p = last();
    expect(Number((await place({ type: 'buy', ordertype: 'limit', price: '-1000' })).descr.price)).toBe(Math.round((p - 1000) * 10) / 10);
    expect(Number((await place({ type: 'sell', ordertype: 'limit', price: '+5%' })).descr.price)).toBeCloseTo(p * 1.05, 0);
    expect(Number((await place({ type: 'buy', ordertype: 'limit', price: '#2%' })).descr.price)).toBeCloseTo(p * 0.98, 0);
    expect(Number((await place({ type: 'sell', ordertype: 'stop-loss', price: '#500' })).descr.price)).toBe(Math.round((p - 500) * 10) / 10);
    expect(Number((await place({ type: 'buy', ordertype: 'stop-loss', price: '#500' })).descr.price)).toBe(Math.round((p + 500) * 10) / 10);
    const bad = await privateCall(ex.url, ex.accounts[0]!, 'AddOrder', { pair: 'XBTUSD', volume: '0.01', type: 'buy', ordertype: 'limit', price: '5%' });
    expect(bad.error).toEqual(['EGeneral:Invalid arguments:price']);
    await privateRest(ex.url, ex.accounts[0]!, 'CancelAll', {});
    expect(auditExchange(ex.exchange)).toEqual([]);
  });

  it('WS v2: a stop-loss trigger 10 % below the last trade, and one 300 USD above; executions show the resolved trigger', async () => {
    const c = await connect(`${ex.url.replace('http', 'ws')}/v2-auth`);
    c.send({ method: 'subscribe', params: { channel: 'executions', token, snap_orders: false }, req_id: 1 });
    await c.next((m) => m.req_id === 1);
    const p = last();
    c.send({ method: 'add_order', params: { order_type: 'stop-loss', side: 'sell', order_qty: 0.01, symbol: 'BTC/USD', triggers: { price: -10, price_type: 'pct' }, token }, req_id: 2 });
    const id = (await c.next((m) => m.req_id === 2)).result.order_id as string;
    const entry = await c.next((m) => m.channel === 'executions' && m.data[0].order_id === id);
    expect(entry.data[0].triggers.price).toBeCloseTo(p * 0.9, 0);
    c.send({ method: 'add_order', params: { order_type: 'stop-loss', side: 'buy', order_qty: 0.01, symbol: 'BTC/USD', triggers: { price: 300, price_type: 'quote' }, token }, req_id: 3 });
    const id2 = (await c.next((m) => m.req_id === 3)).result.order_id as string;
    const entry2 = await c.next((m) => m.channel === 'executions' && m.data[0].order_id === id2);
    expect(entry2.data[0].triggers.price).toBe(Math.round((p + 300) * 10) / 10);
    c.send({ method: 'cancel_all', params: { token }, req_id: 4 });
    await c.next((m) => m.req_id === 4);
    expect(auditExchange(ex.exchange)).toEqual([]);
    c.ws.close();
  });
});
