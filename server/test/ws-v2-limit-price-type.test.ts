import { describe, expect, it } from 'vitest';
import { auditExchange } from '../src/control/audit.js';
import { fmt } from '../src/exchange/decimal.js';
import { useExecutionsFeed } from './executions-feed.js';
import { privateRest } from './private-rest.js';
import { steadyMarket } from './trailing-market.js';

describe('WS v2 add_order limit_price_type: static, pct or quote offsets from the last trade, echoed in executions', () => {
  const feed = useExecutionsFeed();
  let reqId = 300;
  const add = async (params: Record<string, unknown>) => {
    const id = ++reqId;
    feed.c.send({ method: 'add_order', params: { order_type: 'limit', order_qty: 0.01, symbol: 'BTC/USD', token: feed.token, ...params }, req_id: id });
    return feed.c.next((m) => m.req_id === id);
  };
  const placed = async (params: Record<string, unknown>) => {
    const r = await add(params);
    expect(r.success, JSON.stringify(r)).toBe(true);
    const id = r.result.order_id as string;
    const entry = (await feed.c.next((m) => m.channel === 'executions' && m.data[0].order_id === id && m.data[0].exec_type === 'new')).data[0];
    const rest = (await privateRest(feed.ex.url, feed.ex.accounts[0]!, 'QueryOrders', { txid: id }))[id];
    return { entry, price: Number(rest.descr.price) };
  };

  it('pct and quote limits are resolved from the last trade (sign = direction) and echoed as given; static is a price', async () => {
    const p = await steadyMarket(feed.ex).moveTo(60_000);
    const pct = await placed({ side: 'buy', limit_price: -2, limit_price_type: 'pct' });
    expect(pct.price).toBe(Math.round(p * 0.98 * 10) / 10);
    expect(pct.entry).toMatchObject({ limit_price: -2, limit_price_type: 'pct' });
    const quote = await placed({ side: 'sell', limit_price: 300, limit_price_type: 'quote' });
    expect(quote.price).toBe(p + 300);
    expect(quote.entry).toMatchObject({ limit_price: 300, limit_price_type: 'quote' });
    const fixed = await placed({ side: 'buy', limit_price: 50_000, limit_price_type: 'static' });
    expect(fixed.price).toBe(50_000);
    expect(fixed.entry).toMatchObject({ limit_price: 50_000, limit_price_type: 'static' });
    const plain = await placed({ side: 'buy', limit_price: 50_000 });
    expect(plain.entry).toMatchObject({ limit_price: 50_000, limit_price_type: 'static' });
    const stopLimit = await placed({ order_type: 'stop-loss-limit', side: 'sell', triggers: { price: 55_000 }, limit_price: -1, limit_price_type: 'pct' });
    expect(Number(fmt(feed.ex.exchange.trading.orders.get(stopLimit.entry.order_id)!.price2!, 1))).toBe(Math.round(p * 0.99 * 10) / 10);
    expect(stopLimit.entry).toMatchObject({ limit_price: -1, limit_price_type: 'pct' });
    feed.c.send({ method: 'cancel_all', params: { token: feed.token }, req_id: 299 });
    await feed.c.next((m) => m.req_id === 299);
    expect(auditExchange(feed.ex.exchange)).toEqual([]);
  });

  it('an unknown limit_price_type, or a non-number relative limit, is an invalid argument', async () => {
    expect(await add({ side: 'buy', limit_price: 50_000, limit_price_type: 'percent' })).toMatchObject({ success: false, error: 'EGeneral:Invalid arguments:limit_price_type' });
    expect(await add({ side: 'buy', limit_price: '-2', limit_price_type: 'pct' })).toMatchObject({ success: false, error: 'EGeneral:Invalid arguments:limit_price' });
    expect([...feed.ex.exchange.trading.liveOrders()]).toEqual([]);
  });
});
