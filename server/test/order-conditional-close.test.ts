import { beforeAll, describe, expect, it } from 'vitest';
import { auditExchange } from '../src/control/audit.js';
import { fmt } from '../src/exchange/decimal.js';
import { useExecutionsFeed } from './executions-feed.js';
import { privateCall, privateRest } from './private-rest.js';
import type { WsTestClient } from './ws-client.js';

describe('conditional close: close[ordertype|price|price2] (REST) and conditional (WS v2)', () => {
  const feed = useExecutionsFeed();
  let ex: typeof feed.ex;
  let token: string;
  let c: WsTestClient;
  beforeAll(() => void ({ ex, token, c } = feed));

  const account = () => ex.accounts[0]!;
  /** The last BTC/USD trade price, in dollars (1 decimal). */
  const last = (): number => Number(fmt(ex.exchange.markets.get('BTC/USD')!.last, 1));
  const openOrders = async (): Promise<Record<string, any>> => (await privateRest(ex.url, account(), 'OpenOrders', {})).open;
  const query = async (id: string): Promise<any> => (await privateRest(ex.url, account(), 'QueryOrders', { txid: id }))[id];
  /** The executions entries for one order, as they arrive, until `until` says stop. */
  const entriesOf = async (id: string, until: (e: any) => boolean): Promise<any[]> => {
    const seen: any[] = [];
    for (;;) {
      const m = await c.next((f) => f.channel === 'executions' && f.data[0].order_id === id);
      seen.push(m.data[0]);
      if (until(m.data[0])) return seen;
    }
  };

  it('REST: a buy limit that fills places a sell limit at close[price] for the filled volume, linked by refid', async () => {
    const high = (Math.round(last() * 1.2 * 10) / 10).toFixed(1);
    const r = await privateRest(ex.url, account(), 'AddOrder', {
      pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: String(Math.round(last() * 1.05)), volume: '0.02',
      'close[ordertype]': 'limit', 'close[price]': high,
    });
    expect(r.descr.close).toBe(`close position @ limit ${high}`);
    const primary = r.txid[0] as string;
    const p = await query(primary);
    expect(p).toMatchObject({ status: 'closed', vol_exec: '0.02000000' });
    expect(p.descr.close).toBe(`close position @ limit ${high}`);
    const closes = Object.entries(await openOrders()).filter(([, o]) => o.refid === primary);
    expect(closes).toHaveLength(1);
    const [closeId, close] = closes[0]!;
    expect(close).toMatchObject({ status: 'open', vol: '0.02000000', vol_exec: '0.00000000', descr: { type: 'sell', ordertype: 'limit', price: high, close: '' } });
    // The executions channel announced the new close order after the primary's fill.
    const seen = await entriesOf(closeId, (e) => e.exec_type === 'new');
    expect(seen.at(-1)).toMatchObject({ side: 'sell', order_type: 'limit', order_qty: 0.02, limit_price: Number(high), order_status: 'new' });
    // The close is an order of the exchange's own making: the AddOrder request placed only the primary.
    expect(ex.journal.list({ route: 'AddOrder' }).at(-1)!.effects).toEqual({ created: [primary] });
    // It is an ordinary order thereafter.
    expect((await privateRest(ex.url, account(), 'CancelOrder', { txid: closeId })).count).toBe(1);
    expect(auditExchange(ex.exchange)).toEqual([]);
  });

  it('REST: a primary cancelled before any fill places no close order; relative close prices are offsets from the primary\'s price', async () => {
    const before = ex.exchange.trading.tally.orders;
    const r = await privateRest(ex.url, account(), 'AddOrder', {
      pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '20000.0', volume: '0.01',
      'close[ordertype]': 'stop-loss-limit', 'close[price]': '-1000', 'close[price2]': '-5%',
    });
    expect(r.descr.close).toBe('close position @ stop loss 19000.0 -> limit 19000.0');
    await privateRest(ex.url, account(), 'CancelOrder', { txid: r.txid[0] });
    expect(ex.exchange.trading.tally.orders).toBe(before + 1);
    expect(Object.values(await openOrders()).filter((o) => o.refid === r.txid[0])).toEqual([]);
    expect(auditExchange(ex.exchange)).toEqual([]);
  });

  it('REST: malformed closes are refused naming the close field', async () => {
    const base = { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '20000.0', volume: '0.01' };
    const err = async (extra: Record<string, string>) => (await privateCall(ex.url, account(), 'AddOrder', { ...base, ...extra })).error;
    expect(await err({ 'close[ordertype]': 'market', 'close[price]': '1' })).toEqual(['EGeneral:Invalid arguments:close[ordertype]']);
    expect(await err({ 'close[ordertype]': 'limit' })).toEqual(['EGeneral:Invalid arguments:close[price]']);
    expect(await err({ 'close[ordertype]': 'take-profit-limit', 'close[price]': '30000' })).toEqual(['EGeneral:Invalid arguments:close[price2]']);
    expect(await err({ 'close[price]': '30000' })).toEqual(['EGeneral:Invalid arguments:close[ordertype]']);
  });

  it('WS v2: conditional {order_type, limit_price} places the close after the fill, with its new event on executions', async () => {
    const high = Math.round(last() * 1.2);
    c.send({ method: 'add_order', req_id: 10, params: {
      order_type: 'limit', side: 'buy', order_qty: 0.03, symbol: 'BTC/USD', limit_price: Math.round(last() * 1.05), token,
      conditional: { order_type: 'limit', limit_price: high },
    } });
    const primary = (await c.next((m) => m.req_id === 10)).result.order_id as string;
    const filled = await entriesOf(primary, (e) => e.exec_type === 'filled');
    expect(filled.at(-1)).toMatchObject({ order_status: 'filled', cum_qty: 0.03 });
    const closeOrder = [...ex.exchange.trading.liveOrders()].find((o) => o.parentId === primary)!;
    expect(closeOrder).toBeDefined();
    const seen = await entriesOf(closeOrder.id, (e) => e.exec_type === 'new');
    expect(seen.at(-1)).toMatchObject({ side: 'sell', order_type: 'limit', order_qty: 0.03, limit_price: high });
    const rest = await query(closeOrder.id);
    expect(rest).toMatchObject({ refid: primary, vol: '0.03000000', descr: { type: 'sell', price: `${high}.0` } });
    expect((await query(primary)).descr.close).toBe(`close position @ limit ${high}.0`);
    c.send({ method: 'add_order', req_id: 11, params: {
      order_type: 'limit', side: 'buy', order_qty: 0.01, symbol: 'BTC/USD', limit_price: 20000, token, conditional: { order_type: 'stop-loss' },
    } });
    expect((await c.next((m) => m.req_id === 11)).error).toBe('EGeneral:Invalid arguments:conditional.trigger_price');
    c.send({ method: 'cancel_all', params: { token }, req_id: 12 });
    await c.next((m) => m.req_id === 12);
    expect(auditExchange(ex.exchange)).toEqual([]);
  });
});
