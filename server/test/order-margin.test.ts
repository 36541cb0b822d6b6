import { describe, expect, it } from 'vitest';
import { auditExchange } from '../src/control/audit.js';
import { useExecutionsFeed } from './executions-feed.js';
import { privateCall } from './private-rest.js';

describe('margin arguments on a spot-only account: refused as Kraken refuses an account without margin', () => {
  const feed = useExecutionsFeed();
  const rest = (params: Record<string, string>) =>
    privateCall(feed.ex.url, feed.ex.accounts[0]!, 'AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '20000.0', volume: '0.01', ...params });
  let reqId = 200;
  const ws = async (params: Record<string, unknown>) => {
    const id = ++reqId;
    feed.c.send({ method: 'add_order', params: { order_type: 'limit', side: 'buy', order_qty: 0.01, symbol: 'BTC/USD', limit_price: 20_000, token: feed.token, ...params }, req_id: id });
    return feed.c.next((m) => m.req_id === id);
  };
  const live = () => [...feed.ex.exchange.trading.liveOrders()].length;

  it('REST: leverage above 1 and reduce_only=true get EOrder:Cannot open position, validate too; none, 1 and reduce_only=false place spot orders', async () => {
    const margin: Record<string, string>[] = [{ leverage: '2' }, { leverage: '5:1' }, { reduce_only: 'true' }, { reduce_only: 'true', validate: 'true' }];
    for (const params of margin) {
      expect(await rest(params), JSON.stringify(params)).toEqual({ error: ['EOrder:Cannot open position'] });
    }
    expect((await rest({ reduce_only: 'maybe' })).error).toEqual(['EGeneral:Invalid arguments:reduce_only']);
    expect(live()).toBe(0);
    const spot: Record<string, string>[] = [{ leverage: 'none' }, { leverage: '1' }, { reduce_only: 'false' }];
    for (const params of spot) {
      expect((await rest(params)).error, JSON.stringify(params)).toEqual([]);
    }
    expect(live()).toBe(3);
    feed.c.send({ method: 'cancel_all', params: { token: feed.token }, req_id: 199 });
    await feed.c.next((m) => m.req_id === 199);
    expect(auditExchange(feed.ex.exchange)).toEqual([]);
  });

  it('WS v2: reduce_only and margin true are refused the same way; reduce_only false is a plain order', async () => {
    expect(await ws({ reduce_only: true })).toMatchObject({ success: false, error: 'EOrder:Cannot open position' });
    expect(await ws({ margin: true })).toMatchObject({ success: false, error: 'EOrder:Cannot open position' });
    expect(await ws({ reduce_only: 'yes' })).toMatchObject({ success: false, error: 'EGeneral:Invalid arguments:reduce_only' });
    expect(live()).toBe(0);
    const ok = await ws({ reduce_only: false, margin: false });
    expect(ok.success).toBe(true);
    expect(feed.ex.exchange.trading.orders.get(ok.result.order_id)?.status).toBe('open');
    feed.c.send({ method: 'cancel_all', params: { token: feed.token }, req_id: 198 });
    await feed.c.next((m) => m.req_id === 198);
    expect(auditExchange(feed.ex.exchange)).toEqual([]);
  });
});
