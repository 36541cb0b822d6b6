import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange } from '../src/app.js';
import { auditExchange } from '../src/control/audit.js';
import { sign } from '../src/api/kraken/rest/auth.js';
import { connectWs as connect, wsToken } from './ws-client.js';

let nonce = 1_000;
/** A signed private REST call against the running server; returns Kraken's `result`. */
async function rest(url: string, account: { key: string; secret: string }, method: string, params: Record<string, string>): Promise<any> {
  const body = new URLSearchParams({ nonce: String(++nonce), ...params }).toString();
  const path = `/0/private/${method}`;
  const res = await fetch(`${url}${path}`, {
    method: 'POST', body,
    headers: { 'API-Key': account.key, 'API-Sign': sign(path, String(nonce), body, account.secret), 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  const json = (await res.json()) as { error: string[]; result: unknown };
  expect(json.error).toEqual([]);
  return json.result;
}

describe('WebSocket v2 (private, /v2-auth)', () => {
  let ex: Awaited<ReturnType<typeof startExchange<{ port: number; clock: 'manual' }>>>;
  let token: string;
  beforeAll(async () => {
    ex = await startExchange({ port: 0, clock: 'manual' });
    token = await wsToken(ex.url, ex.accounts[0]!, 1);
  });
  afterAll(() => ex.close());

  it('a token left unused for 15 minutes expires; one in use keeps working', async () => {
    const stale = await wsToken(ex.url, ex.accounts[0]!, 2);
    const c = await connect(`${ex.url.replace('http', 'ws')}/v2-auth`);
    c.send({ method: 'cancel_all', params: { token }, req_id: 1 });
    expect(await c.next((m) => m.req_id === 1)).toMatchObject({ success: true });
    ex.clock.advance(15 * 60_000);
    c.send({ method: 'cancel_all', params: { token: stale }, req_id: 2 });
    expect(await c.next((m) => m.req_id === 2)).toMatchObject({ success: false, error: 'ESession:Invalid session' });
    c.send({ method: 'cancel_all', params: { token }, req_id: 3 });
    expect(await c.next((m) => m.req_id === 3)).toMatchObject({ success: true });
    c.ws.close();
  });

  it('refuses a bad token without closing the socket', async () => {
    const c = await connect(`${ex.url.replace('http', 'ws')}/v2-auth`);
    await c.next((m) => m.channel === 'status');
    c.send({ method: 'subscribe', params: { channel: 'executions', token: 'nope' }, req_id: 1 });
    expect(await c.next((m) => m.req_id === 1)).toMatchObject({ method: 'subscribe', success: false, error: 'ESession:Invalid session' });
    c.send({ method: 'ping', req_id: 2 });
    expect(await c.next((m) => m.req_id === 2)).toMatchObject({ method: 'pong' });
    c.ws.close();
  });

  it('executions and balances stream the same orders, fills and ledger as REST; add_order, cancel_order, cancel_all_orders_after work', async () => {
    const c = await connect(`${ex.url.replace('http', 'ws')}/v2-auth`);
    c.send({ method: 'subscribe', params: { channel: 'executions', token }, req_id: 1 });
    expect(await c.next((m) => m.req_id === 1)).toMatchObject({ success: true, result: { channel: 'executions' } });
    expect(await c.next((m) => m.channel === 'executions')).toMatchObject({ type: 'snapshot', data: [], sequence: 1 });
    c.send({ method: 'subscribe', params: { channel: 'balances', token }, req_id: 2 });
    await c.next((m) => m.req_id === 2);
    c.send({ method: 'subscribe', params: { channel: 'balances', token }, req_id: 20 });
    expect(await c.next((m) => m.req_id === 20)).toMatchObject({ success: false, error: 'Already subscribed' });
    c.send({ method: 'unsubscribe', params: { channel: 'balances', token }, req_id: 21 });
    expect(await c.next((m) => m.req_id === 21)).toMatchObject({ success: true, result: { channel: 'balances' } });
    c.send({ method: 'subscribe', params: { channel: 'balances', token, snapshot: false }, req_id: 22 });
    expect(await c.next((m) => m.req_id === 22)).toMatchObject({ success: true });
    const balances = await c.next((m) => m.channel === 'balances');
    expect(balances.type).toBe('snapshot');
    expect(balances.data).toContainEqual({ asset: 'BTC', asset_class: 'currency', balance: 2, wallets: [{ type: 'spot', id: 'main', balance: 2 }] });

    ex.clock.advance(2_000); // a step with nothing else to send brings a heartbeat
    expect(await c.next((m) => m.channel === 'heartbeat')).toEqual({ channel: 'heartbeat' });
    c.send({ method: 'add_order', params: { order_type: 'limit', side: 'buy', order_qty: 0.01, symbol: 'BTC/USD', limit_price: 50000, token, cl_ord_id: 'ws-1' }, req_id: 3 });
    const added = await c.next((m) => m.req_id === 3);
    expect(added).toMatchObject({ method: 'add_order', success: true, result: { order_id: expect.stringMatching(/^O/), cl_ord_id: 'ws-1' } });
    expect(await c.next((m) => m.channel === 'executions')).toMatchObject({ type: 'update', data: [{ exec_type: 'pending_new', order_id: added.result.order_id }] });
    expect(await c.next((m) => m.channel === 'executions')).toMatchObject({
      type: 'update', data: [{ exec_type: 'new', order_id: added.result.order_id, order_status: 'new', limit_price: 50000, cl_ord_id: 'ws-1' }],
    });
    expect(ex.exchange.trading.orders.get(added.result.order_id)?.status).toBe('open');

    c.send({ method: 'add_order', params: { order_type: 'market', side: 'buy', order_qty: 0.01, symbol: 'BTC/USD', token }, req_id: 4 });
    const market = await c.next((m) => m.req_id === 4);
    expect(market.success).toBe(true);
    await c.next((m) => m.channel === 'executions' && m.data[0].exec_type === 'new');
    const trade = await c.next((m) => m.channel === 'executions' && m.data[0].exec_type === 'trade');
    expect(trade.data).toHaveLength(1);
    expect(trade.data[0]).toMatchObject({ order_id: market.result.order_id, liquidity_ind: 't', fees: [{ asset: 'USD' }] });
    const ledger = await c.next((m) => m.channel === 'balances' && m.type === 'update' && m.data[0].asset === 'BTC');
    expect(ledger.data[0]).toMatchObject({ type: 'trade', ref_id: trade.data[0].exec_id });

    c.send({ method: 'cancel_order', params: { order_id: [added.result.order_id], token }, req_id: 5 });
    expect(await c.next((m) => m.req_id === 5)).toMatchObject({ success: true, result: { order_id: added.result.order_id } });
    expect(await c.next((m) => m.channel === 'executions' && m.data[0].exec_type === 'canceled')).toMatchObject({ data: [{ order_status: 'canceled', reason: 'User requested' }] });

    c.send({ method: 'add_order', params: { order_type: 'limit', side: 'buy', order_qty: 0.01, symbol: 'BTC/USD', limit_price: 40000, token }, req_id: 6 });
    const resting = await c.next((m) => m.req_id === 6);
    c.send({ method: 'cancel_all_orders_after', params: { timeout: 60, token }, req_id: 7 });
    expect(await c.next((m) => m.req_id === 7)).toMatchObject({ success: true, result: { triggerTime: expect.any(String) } });
    ex.clock.advance(61_000);
    expect(await c.next((m) => m.channel === 'executions' && m.data[0].exec_type === 'canceled' && m.data[0].order_id === resting.result.order_id))
      .toMatchObject({ data: [{ reason: 'Dead man switch triggered' }] });

    c.send({ method: 'add_order', params: { order_type: 'limit', side: 'buy', order_qty: 100, symbol: 'BTC/USD', limit_price: 50000, token }, req_id: 8 });
    expect(await c.next((m) => m.req_id === 8)).toMatchObject({ success: false, error: 'EOrder:Insufficient funds' });
    expect(auditExchange(ex.exchange)).toEqual([]);
    c.ws.close();
  });

  it('amend_order keeps the order id; batch_add places several orders at once; batch_cancel cancels them', async () => {
    const c = await connect(`${ex.url.replace('http', 'ws')}/v2-auth`);
    const add = (req_id: number, price: number) => c.send({ method: 'add_order', params: { order_type: 'limit', side: 'buy', order_qty: 0.01, symbol: 'BTC/USD', limit_price: price, token }, req_id });
    add(1, 41000);
    const id = (await c.next((m) => m.req_id === 1)).result.order_id;
    c.send({ method: 'amend_order', params: { order_id: id, order_qty: 0.02, limit_price: 41500, token }, req_id: 2 });
    expect(await c.next((m) => m.req_id === 2)).toMatchObject({ success: true, result: { order_id: id, amend_id: expect.stringMatching(/^T/) } });
    expect(ex.exchange.trading.orders.get(id)).toMatchObject({ volume: 2n * 10n ** 16n, price: 41500n * 10n ** 18n, amended: true });
    c.send({ method: 'batch_add', params: { symbol: 'BTC/USD', token, orders: [
      { order_type: 'limit', side: 'buy', order_qty: 0.01, limit_price: 42000 }, { order_type: 'limit', side: 'buy', order_qty: 0.01, limit_price: 42100, cl_ord_id: 'b-2' },
    ] }, req_id: 3 });
    const batch = await c.next((m) => m.req_id === 3);
    expect(batch.result).toHaveLength(2);
    expect(batch.result[1]).toMatchObject({ cl_ord_id: 'b-2' });
    c.send({ method: 'batch_cancel', params: { orders: [id, ...batch.result.map((o: { order_id: string }) => o.order_id)], token }, req_id: 4 });
    expect(await c.next((m) => m.req_id === 4)).toMatchObject({ success: true, result: { count: 3 } });
    c.send({ method: 'batch_add', params: { symbol: 'BTC/USD', token, orders: [{ order_type: 'limit', side: 'buy', order_qty: 0.01, limit_price: 42000 }] }, req_id: 5 });
    expect(await c.next((m) => m.req_id === 5)).toMatchObject({ success: false, error: 'EGeneral:Invalid arguments:orders' });
    c.ws.close();
  });

  it('edit_order replaces a resting order with a new id; executions stream the cancel and the new order; REST agrees', async () => {
    const c = await connect(`${ex.url.replace('http', 'ws')}/v2-auth`);
    c.send({ method: 'subscribe', params: { channel: 'executions', token, snap_orders: false }, req_id: 1 });
    await c.next((m) => m.req_id === 1);
    c.send({ method: 'add_order', params: { order_type: 'limit', side: 'buy', order_qty: 0.01, symbol: 'BTC/USD', limit_price: 41000, token, order_userref: 5 }, req_id: 2 });
    const old = (await c.next((m) => m.req_id === 2)).result.order_id as string;
    await c.next((m) => m.channel === 'executions' && m.data[0].exec_type === 'new' && m.data[0].order_id === old);
    ex.clock.advance(20_000);
    c.send({ method: 'edit_order', params: { order_id: old, symbol: 'BTC/USD', order_qty: 0.02, limit_price: 41500, order_userref: 9, post_only: true, token }, req_id: 3 });
    const edited = await c.next((m) => m.req_id === 3);
    expect(edited).toMatchObject({ method: 'edit_order', success: true });
    expect(Object.keys(edited.result).sort()).toEqual(['order_id', 'original_order_id']);
    expect(edited.result.original_order_id).toBe(old);
    const id = edited.result.order_id as string;
    expect(id).toMatch(/^O[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{6}$/);
    expect(id).not.toBe(old);

    await c.next((m) => m.channel === 'executions' && m.data[0].exec_type === 'pending_new' && m.data[0].order_id === old);
    const canceled = await c.next((m) => m.channel === 'executions' && m.data[0].order_id === old);
    expect(canceled.data[0]).toMatchObject({ exec_type: 'canceled', order_status: 'canceled', reason: 'Order replaced', order_qty: 0.01, limit_price: 41000, order_userref: 5 });
    const pending = await c.next((m) => m.channel === 'executions' && m.data[0].order_id === id);
    expect(pending.data[0]).toMatchObject({ exec_type: 'pending_new', order_status: 'pending_new' });
    expect(pending.sequence).toBe(canceled.sequence + 1);
    const fresh = await c.next((m) => m.channel === 'executions' && m.data[0].order_id === id);
    expect(fresh.data[0]).toMatchObject({ exec_type: 'new', order_status: 'new', symbol: 'BTC/USD', side: 'buy', order_type: 'limit', order_qty: 0.02, limit_price: 41500, order_userref: 9 });
    expect(fresh.data[0].cl_ord_id).toBeUndefined();
    expect(fresh.sequence).toBe(canceled.sequence + 2);

    const account = ex.accounts[0]!;
    const q = await rest(ex.url, account, 'QueryOrders', { txid: `${old},${id}` });
    expect(q[old]).toMatchObject({ status: 'canceled', reason: 'Order replaced', vol: '0.01000000', userref: 5, descr: { price: '41000.0' } });
    expect(q[id]).toMatchObject({ status: 'open', vol: '0.02000000', userref: 9, descr: { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '41500.0' } });
    expect(q[id].oflags.split(',')).toContain('post');
    const open = (await rest(ex.url, account, 'OpenOrders', {})).open;
    expect(Object.keys(open)).toContain(id);
    expect(Object.keys(open)).not.toContain(old);

    c.send({ method: 'cancel_order', params: { order_id: [id], token }, req_id: 4 });
    await c.next((m) => m.req_id === 4);
    expect(auditExchange(ex.exchange)).toEqual([]);
    c.ws.close();
  });

  it('edit_order refuses unknown orders, a missing order_id and the wrong symbol; validate leaves the original untouched', async () => {
    const c = await connect(`${ex.url.replace('http', 'ws')}/v2-auth`);
    const ask = async (req_id: number, params: Record<string, unknown>) => {
      c.send({ method: 'edit_order', params: { ...params, token }, req_id });
      return c.next((m) => m.req_id === req_id);
    };
    c.send({ method: 'add_order', params: { order_type: 'limit', side: 'buy', order_qty: 0.01, symbol: 'BTC/USD', limit_price: 40500, token }, req_id: 1 });
    const id = (await c.next((m) => m.req_id === 1)).result.order_id as string;
    const fail = (error: string) => ({ method: 'edit_order', success: false, error });
    expect(await ask(2, { order_id: 'OAAAAA-BBBBB-CCCCCC', symbol: 'BTC/USD', limit_price: 40000 })).toMatchObject(fail('EOrder:Unknown order'));
    expect(await ask(3, { symbol: 'BTC/USD', limit_price: 40000 })).toMatchObject(fail('EGeneral:Invalid arguments:order_id'));
    expect(await ask(4, { order_id: id, symbol: 'ETH/USD', limit_price: 40000 })).toMatchObject(fail('EOrder:Unknown order'));
    expect(await ask(5, { order_id: id, symbol: 'BTC/USD', display_qty: 0.001 })).toMatchObject(fail('EGeneral:Invalid arguments:display_qty'));
    expect(await ask(6, { order_id: id, symbol: 'BTC/USD', reduce_only: true })).toMatchObject(fail('EGeneral:Invalid arguments:reduce_only'));
    expect(await ask(7, { order_id: id, symbol: 'BTC/USD', triggers: { price: 39000 } })).toMatchObject(fail('EGeneral:Invalid arguments:triggers'));
    const before = { ...ex.exchange.trading.orders.get(id)! };

    expect(await ask(8, { order_id: id, symbol: 'BTC/USD', order_qty: 0.03, limit_price: 40000, validate: true })).toMatchObject({
      method: 'edit_order', success: true, result: { order_id: '', original_order_id: id },
    });
    expect(ex.exchange.trading.orders.get(id)).toEqual(before);
    expect(ex.exchange.trading.orders.get(id)).toMatchObject({ status: 'open', volume: 10n ** 16n, price: 40500n * 10n ** 18n });
    expect([...ex.exchange.trading.orders.values()].filter((o) => o.account === ex.accounts[0]!.name && o.status === 'open').map((o) => o.id)).toEqual([id]);

    c.send({ method: 'cancel_order', params: { order_id: [id], token }, req_id: 9 });
    await c.next((m) => m.req_id === 9);
    expect(await ask(10, { order_id: id, symbol: 'BTC/USD', limit_price: 40000 })).toMatchObject(fail('EOrder:Unknown order'));
    expect(auditExchange(ex.exchange)).toEqual([]);
    c.ws.close();
  });
});
