import { beforeAll, describe, expect, it } from 'vitest';
import { auditExchange } from '../src/control/audit.js';
import { connectWs as connect, type WsTestClient } from './ws-client.js';
import { useExecutionsFeed } from './executions-feed.js';
import { privateRest } from './private-rest.js';

/** The raw JSON text of one numeric field in a frame (to see the digits the server wrote). */
const rawNumber = (text: string, field: string): string | undefined => new RegExp(`"${field}":(-?[0-9.eE+-]+)`).exec(text)?.[1];

describe('WebSocket v2 executions: the details clients read', () => {
  const feed = useExecutionsFeed();
  let ex: typeof feed.ex;
  let token: string;
  let c: WsTestClient;
  beforeAll(() => void ({ ex, token, c } = feed));

  it('a new order is pending_new then new; with order_status false only new is sent', async () => {
    c.send({ method: 'add_order', params: { order_type: 'limit', side: 'buy', order_qty: 0.01, symbol: 'BTC/USD', limit_price: 40000, token }, req_id: 2 });
    const id = (await c.next((m) => m.req_id === 2)).result.order_id as string;
    const first = await c.next((m) => m.channel === 'executions' && m.data[0].order_id === id);
    expect(first.data[0]).toMatchObject({ exec_type: 'pending_new', order_status: 'pending_new', order_qty: 0.01, limit_price: 40000, fee_usd_equiv: 0 });
    const second = await c.next((m) => m.channel === 'executions' && m.data[0].order_id === id);
    expect(second.data[0]).toMatchObject({ exec_type: 'new', order_status: 'new' });
    expect(second.sequence).toBe(first.sequence + 1);

    const quiet = await connect(`${ex.url.replace('http', 'ws')}/v2-auth`);
    quiet.send({ method: 'subscribe', params: { channel: 'executions', token, snap_orders: false, order_status: false }, req_id: 1 });
    await quiet.next((m) => m.req_id === 1);
    quiet.send({ method: 'cancel_order', params: { order_id: [id], token }, req_id: 2 });
    await quiet.next((m) => m.req_id === 2);
    quiet.send({ method: 'add_order', params: { order_type: 'limit', side: 'buy', order_qty: 0.01, symbol: 'BTC/USD', limit_price: 40000, token }, req_id: 3 });
    const other = (await quiet.next((m) => m.req_id === 3)).result.order_id as string;
    const seen = await quiet.next((m) => m.channel === 'executions' && m.data[0].order_id === other);
    expect(seen.data[0]).toMatchObject({ exec_type: 'new', order_status: 'new' });
    quiet.send({ method: 'cancel_order', params: { order_id: [other], token }, req_id: 4 });
    await quiet.next((m) => m.req_id === 4);
    quiet.ws.close();
  });

  it('the trade that completes an order says filled; avg_price and fee_usd_equiv are exact decimals that agree with REST', async () => {
    // A buy large enough to walk several synthetic levels: the average is not a whole tick.
    c.send({ method: 'add_order', params: { order_type: 'market', side: 'buy', order_qty: 0.7, symbol: 'BTC/USD', token }, req_id: 3 });
    const id = (await c.next((m) => m.req_id === 3)).result.order_id as string;
    const trades: string[] = [];
    for (;;) {
      const text = await c.nextText((m) => m.channel === 'executions' && m.data[0].order_id === id && ['trade', 'filled'].includes(m.data[0].exec_type));
      if (JSON.parse(text).data[0].exec_type === 'filled') break;
      trades.push(text);
    }
    expect(trades.length).toBeGreaterThan(1);
    const parsed = trades.map((t) => JSON.parse(t).data[0]);
    expect(parsed.slice(0, -1).every((t) => t.order_status === 'partially_filled')).toBe(true);
    expect(parsed.at(-1)).toMatchObject({ order_status: 'filled', cum_qty: 0.7 });
    const q = (await privateRest(ex.url, ex.accounts[0]!, 'QueryOrders', { txid: id }))[id];
    const last = trades.at(-1)!;
    expect(rawNumber(last, 'avg_price')).toMatch(/^\d+(\.\d)?$/); // BTC/USD prices have 1 decimal
    expect(Number(rawNumber(last, 'avg_price'))).toBe(Number(q.price));
    for (const t of trades) for (const f of ['avg_price', 'cum_cost', 'cost', 'last_price', 'fee_usd_equiv']) expect(rawNumber(t, f)).toMatch(/^\d+(\.\d{1,10})?$/);
    expect(parsed.at(-1).fee_usd_equiv).toBe(Number(q.fee)); // fees of a BTC/USD buy are in USD
    expect(parsed.at(-1).fee_usd_equiv).toBeGreaterThan(0);
    expect(auditExchange(ex.exchange)).toEqual([]);
  });
});
