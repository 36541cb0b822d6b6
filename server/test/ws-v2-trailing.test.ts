import { describe, expect, it } from 'vitest';
import { auditExchange } from '../src/control/audit.js';
import { useExecutionsFeed } from './executions-feed.js';
import { steadyMarket } from './trailing-market.js';

describe('trailing stops on WebSocket v2 add_order, with their executions entries', () => {
  const feed = useExecutionsFeed();
  let reqId = 100;
  const add = async (params: Record<string, unknown>) => {
    const id = ++reqId;
    feed.c.send({ method: 'add_order', params: { side: 'sell', order_qty: 0.01, symbol: 'BTC/USD', token: feed.token, ...params }, req_id: id });
    return feed.c.next((m) => m.req_id === id);
  };
  const entry = (orderId: string, execType: string) =>
    feed.c.next((m) => m.channel === 'executions' && m.data[0].order_id === orderId && m.data[0].exec_type === execType).then((m) => m.data[0]);

  it('trailing-stop with a quote offset: the entry shows the offset and the trigger; a retrace by it fills the order', async () => {
    const market = steadyMarket(feed.ex);
    const p = await market.moveTo(60_000);
    const r = await add({ order_type: 'trailing-stop', triggers: { price: 500, price_type: 'quote' } });
    expect(r.success).toBe(true);
    const id = r.result.order_id as string;
    const fresh = await entry(id, 'new');
    expect(fresh).toMatchObject({ order_type: 'trailing-stop', triggers: { reference: 'last', price: 500, price_type: 'quote' }, stop_price: p - 500 });
    await market.moveTo(62_000);
    const stop = Number(feed.ex.exchange.trading.orders.get(id)!.price) / 1e18;
    expect(stop).toBeGreaterThan(61_000);
    await market.moveTo(60_500);
    const filled = await entry(id, 'filled');
    expect(filled).toMatchObject({ order_status: 'filled', cum_qty: 0.01, order_type: 'trailing-stop' });
    expect(auditExchange(feed.ex.exchange)).toEqual([]);
  });

  it('trailing-stop-limit with a pct trigger offset and a quote limit offset from the trigger', async () => {
    const market = steadyMarket(feed.ex);
    const p = await market.moveTo(60_000);
    const r = await add({ order_type: 'trailing-stop-limit', triggers: { price: 1, price_type: 'pct' }, limit_price: -50 });
    expect(r.success).toBe(true);
    const fresh = await entry(r.result.order_id as string, 'new');
    expect(fresh).toMatchObject({ triggers: { price: 1, price_type: 'pct' }, limit_price: -50, limit_price_type: 'quote' });
    expect(fresh.stop_price).toBeCloseTo(p * 0.99, 0);
    const order = feed.ex.exchange.trading.orders.get(r.result.order_id as string)!;
    expect(order.price2! - order.price!).toBe(-50n * 10n ** 18n);
    const pct = await add({ order_type: 'trailing-stop-limit', triggers: { price: 1, price_type: 'pct' }, limit_price: -0.5, limit_price_type: 'pct' });
    expect((await entry(pct.result.order_id as string, 'new'))).toMatchObject({ limit_price: -0.5, limit_price_type: 'pct' });
    feed.c.send({ method: 'cancel_all', params: { token: feed.token }, req_id: 99 });
    await feed.c.next((m) => m.req_id === 99);
    expect(auditExchange(feed.ex.exchange)).toEqual([]);
  });

  it('trailing offsets must be relative and positive; a trailing-stop-limit limit cannot be static', async () => {
    const refusals: [Record<string, unknown>, string][] = [
      [{ order_type: 'trailing-stop', triggers: { price: 59_000 } }, 'EGeneral:Invalid arguments:triggers'],
      [{ order_type: 'trailing-stop', triggers: { price: 59_000, price_type: 'static' } }, 'EGeneral:Invalid arguments:triggers'],
      [{ order_type: 'trailing-stop', triggers: { price: -2, price_type: 'pct' } }, 'EGeneral:Invalid arguments:triggers'],
      [{ order_type: 'trailing-stop', triggers: { price: 2, price_type: 'pct' }, limit_price: 59_000 }, 'EGeneral:Invalid arguments:limit_price'],
      [{ order_type: 'trailing-stop-limit', triggers: { price: 2, price_type: 'pct' }, limit_price: 59_000, limit_price_type: 'static' }, 'EGeneral:Invalid arguments:limit_price_type'],
      [{ order_type: 'trailing-stop-limit', triggers: { price: 2, price_type: 'pct' } }, 'EGeneral:Invalid arguments:limit_price'],
    ];
    for (const [params, error] of refusals) expect(await add(params), JSON.stringify(params)).toMatchObject({ success: false, error });
    expect([...feed.ex.exchange.trading.liveOrders()]).toEqual([]);
  });
});
