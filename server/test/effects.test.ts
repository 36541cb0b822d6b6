import { afterEach, describe, expect, it } from 'vitest';
import { startExchange } from '../src/app.js';
import type { JournalEntry } from '../src/control/journal.js';
import type { ScenarioInput } from '../src/scenario/schema.js';
import { testExchange, type TestExchange } from './kraken-client.js';
import { connectWs, wsToken, type WsTestClient } from './ws-client.js';

/**
 * A request's effects (orders created, cancelled, amended; withdrawals) are journaled with it by
 * id, whatever became of its reply: under an ambiguous commit the client sees a 502 or a reset,
 * and the journal still says which order it placed or cancelled.
 */
const SECRET = Buffer.alloc(64, 9).toString('base64');
const ambiguous = (route: string, then: '502' | 'reset' | 'timeout' = '502') => ({ name: `lost-${route}`, match: { route }, first: 1, effect: { kind: 'ambiguous' as const, then } });

const SCENARIO: ScenarioInput = {
  name: 'effects',
  market: { pairs: { 'XBT/USD': { price: 50000 } } },
  accounts: [{ name: 'bot', key: 'bot-key-000001', secret: SECRET, balances: { USD: '1000000', XBT: '10' } }],
  timeline: [{
    name: 'lossy',
    faults: ['AddOrder', 'AddOrderBatch', 'EditOrder', 'AmendOrder', 'Withdraw', 'WithdrawCancel', 'CancelOrderBatch'].map((r) => ambiguous(r))
      .concat([ambiguous('CancelOrder', 'reset'), ambiguous('CancelAll', 'timeout')]),
  }],
};

const ORDER = { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '1000.0', volume: '0.01' };

/** The latest journal entry of a route. */
const last = (t: TestExchange, route: string): JournalEntry => t.journal.list({ route }).at(-1)!;

/** A signed private call whose reply may be lost (a 502 page, a reset, or no answer: the client gives up after 300 ms). */
async function lossy(t: TestExchange, method: string, params: Record<string, unknown>, json = false): Promise<number | string> {
  try {
    return (await t.client.raw(method, params, { json }).timeout(300)).status;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? String(err);
  }
}

/** Ids of the account's orders that are open now, in the order they were placed. */
const openIds = (t: TestExchange): string[] => [...t.exchange.trading.liveOrders()].map((o) => o.id);

describe('effects by identity (REST)', () => {
  it('AddOrder whose reply is lost (502) names the order it placed; the retry names its own', async () => {
    const t = await testExchange({ scenario: SCENARIO });
    expect(await lossy(t, 'AddOrder', ORDER)).toBe(502);
    const [placed] = openIds(t);
    expect(last(t, 'AddOrder')).toMatchObject({ outcome: 'fault', status: 502, effects: { created: [placed] } });
    const retry = await t.client.post('AddOrder', ORDER);
    expect(last(t, 'AddOrder')).toMatchObject({ outcome: 'ok', effects: { created: retry.result.txid } });
    expect(openIds(t)).toEqual([placed, retry.result.txid[0]]);
  });

  it('a call that changed nothing has no effects (validate, a refusal, a read)', async () => {
    const t = await testExchange({ scenario: { ...SCENARIO, timeline: [{ name: 'calm' }] } });
    await t.client.post('AddOrder', { ...ORDER, validate: true });
    await t.client.post('AddOrder', { ...ORDER, volume: '1000' });
    await t.client.post('OpenOrders');
    expect(t.journal.list().map((e) => [e.route, e.effects])).toEqual([['AddOrder', undefined], ['AddOrder', undefined], ['OpenOrders', undefined]]);
  });

  it('CancelOrder whose connection is reset names the order it cancelled; CancelAll never answered names all it cancelled', async () => {
    const t = await testExchange({ scenario: SCENARIO });
    await lossy(t, 'AddOrder', ORDER);
    const ids = [openIds(t)[0]!];
    for (let i = 0; i < 3; i++) ids.push((await t.client.post('AddOrder', ORDER)).result.txid[0]);
    expect(await lossy(t, 'CancelOrder', { txid: ids[0] })).toBe('ECONNRESET');
    expect(last(t, 'CancelOrder')).toMatchObject({ outcome: 'fault', effects: { cancelled: [ids[0]] } });
    expect(await lossy(t, 'CancelAll', {})).toBe('ECONNABORTED');
    expect(last(t, 'CancelAll').effects).toEqual({ cancelled: ids.slice(1) });
  });

  it('AddOrderBatch names every order it placed; CancelOrderBatch every one it cancelled', async () => {
    const t = await testExchange({ scenario: SCENARIO });
    const orders = [{ type: 'buy', ordertype: 'limit', price: '1000.0', volume: '0.01' }, { type: 'buy', ordertype: 'limit', price: '1001.0', volume: '0.01' }];
    expect(await lossy(t, 'AddOrderBatch', { pair: 'XBTUSD', orders }, true)).toBe(502);
    const placed = openIds(t);
    expect(placed).toHaveLength(2);
    expect(last(t, 'AddOrderBatch').effects).toEqual({ created: placed });
    expect(await lossy(t, 'CancelOrderBatch', { orders: placed }, true)).toBe(502);
    expect(last(t, 'CancelOrderBatch').effects).toEqual({ cancelled: placed });
    expect(openIds(t)).toEqual([]);
  });

  it('AmendOrder names the order it amended; EditOrder the order it replaced and the replacement', async () => {
    const t = await testExchange({ scenario: SCENARIO });
    await lossy(t, 'AddOrder', ORDER);
    const [id] = openIds(t);
    expect(await lossy(t, 'AmendOrder', { txid: id, order_qty: '0.02' })).toBe(502);
    expect(last(t, 'AmendOrder').effects).toEqual({ amended: [id] });
    expect(await lossy(t, 'EditOrder', { txid: id, pair: 'XBTUSD', volume: '0.03' })).toBe(502);
    const [replacement] = openIds(t);
    expect(replacement).not.toBe(id);
    expect(last(t, 'EditOrder').effects).toEqual({ amended: [id], created: [replacement] });
  });

  it('Withdraw names the withdrawal it requested, WithdrawCancel the one it cancelled', async () => {
    const t = await testExchange({ scenario: SCENARIO });
    expect(await lossy(t, 'Withdraw', { asset: 'XBT', key: 'btc-wallet-1', amount: '0.5' })).toBe(502);
    const [w] = t.exchange.funding.withdrawals;
    expect(last(t, 'Withdraw').effects).toEqual({ funding: [w!.refid] });
    expect(await lossy(t, 'WithdrawCancel', { asset: 'XBT', refid: w!.refid })).toBe(502);
    expect(w!.statusProp).toBe('canceled');
    expect(last(t, 'WithdrawCancel').effects).toEqual({ funding: [w!.refid] });
  });
});

type Running = Awaited<ReturnType<typeof startExchange<{ scenario: ScenarioInput; port: number; clock: 'manual' }>>>;
const running: Running[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((ex) => ex.close()));
});

/** A calm exchange on a real socket, a private WebSocket on `path` and a token for it. */
async function privateWs(path: '/v2-auth' | '/auth'): Promise<{ ex: Running; c: WsTestClient; token: string }> {
  const ex = await startExchange({ scenario: { ...SCENARIO, timeline: [{ name: 'calm' }] }, port: 0, clock: 'manual' });
  running.push(ex);
  const token = await wsToken(ex.url, ex.accounts[0]!, 1);
  return { ex, c: await connectWs(`${ex.url.replace('http', 'ws')}${path}`), token };
}

const wsEntry = (ex: Running, name: string): JournalEntry => ex.journal.list({ route: `ws:${name}` }).at(-1)!;

describe('effects by identity (WebSocket)', () => {
  it('v2: add_order, batch_add, amend_order, edit_order, cancel_order, batch_cancel and cancel_all name the orders they touched', async () => {
    const { ex, c, token } = await privateWs('/v2-auth');
    const ask = async (method: string, params: Record<string, unknown>, req_id: number): Promise<any> => {
      c.send({ method, params: { ...params, token }, req_id });
      return c.next((m) => m.req_id === req_id);
    };
    const order = { order_type: 'limit', side: 'buy', order_qty: 0.01, limit_price: 1000 };
    const a = (await ask('add_order', { ...order, symbol: 'BTC/USD' }, 1)).result.order_id;
    expect(wsEntry(ex, 'add_order').effects).toEqual({ created: [a] });
    const batch = (await ask('batch_add', { symbol: 'BTC/USD', orders: [order, { ...order, limit_price: 1001 }] }, 2)).result.map((o: any) => o.order_id);
    expect(wsEntry(ex, 'batch_add').effects).toEqual({ created: batch });
    await ask('amend_order', { order_id: a, order_qty: 0.02 }, 3);
    expect(wsEntry(ex, 'amend_order').effects).toEqual({ amended: [a] });
    const edited = (await ask('edit_order', { order_id: a, symbol: 'BTC/USD', order_qty: 0.03 }, 4)).result.order_id;
    expect(wsEntry(ex, 'edit_order').effects).toEqual({ amended: [a], created: [edited] });
    await ask('cancel_order', { order_id: [edited] }, 5);
    expect(wsEntry(ex, 'cancel_order').effects).toEqual({ cancelled: [edited] });
    await ask('batch_cancel', { orders: [batch[0]] }, 6);
    expect(wsEntry(ex, 'batch_cancel').effects).toEqual({ cancelled: [batch[0]] });
    await ask('cancel_all', {}, 7);
    expect(wsEntry(ex, 'cancel_all').effects).toEqual({ cancelled: [batch[1]] });
    await ask('add_order', { ...order, symbol: 'BTC/USD', order_qty: 1000 }, 8);
    expect(wsEntry(ex, 'add_order')).toMatchObject({ outcome: 'error', error: 'EOrder:Insufficient funds', effects: undefined });
    // The control API's journal lists them as recorded.
    const listed = await (await fetch(`${ex.url}/__chaos/journal?route=ws:batch_add`)).json() as { entries: JournalEntry[] };
    expect(listed.entries.map((e) => e.effects)).toEqual([{ created: batch }]);
    c.ws.close();
  });

  it('a private request a limit refuses is journaled as refused, like REST (the trading counter: EOrder:Rate limit exceeded)', async () => {
    const ex = await startExchange({ scenario: { ...SCENARIO, timeline: [{ name: 'tight', rateLimits: { trading: { max: 1 } } }] }, port: 0, clock: 'manual' });
    running.push(ex);
    const token = await wsToken(ex.url, ex.accounts[0]!, 1);
    const c = await connectWs(`${ex.url.replace('http', 'ws')}/v2-auth`);
    for (const req_id of [1, 2]) {
      c.send({ method: 'add_order', params: { order_type: 'limit', side: 'buy', order_qty: 0.01, limit_price: 1000, symbol: 'BTC/USD', token }, req_id });
      await c.next((m) => m.req_id === req_id);
    }
    expect(ex.journal.list({ route: 'ws:add_order' }).map((e) => [e.outcome, e.error])).toEqual([['ok', undefined], ['refused', 'EOrder:Rate limit exceeded']]);
    c.ws.close();
  });

  it('v1: addOrder, cancelOrder and cancelAll name the orders they touched', async () => {
    const { ex, c, token } = await privateWs('/auth');
    const place = async (reqid: number): Promise<string> => {
      c.send({ event: 'addOrder', token, reqid, pair: 'XBT/USD', type: 'buy', ordertype: 'limit', price: '1000', volume: '0.01' });
      return (await c.next((m) => m.event === 'addOrderStatus' && m.reqid === reqid)).txid;
    };
    const [a, b, d] = [await place(1), await place(2), await place(3)];
    expect(wsEntry(ex, 'addOrder').effects).toEqual({ created: [d] });
    c.send({ event: 'cancelOrder', token, reqid: 4, txid: [a] });
    await c.next((m) => m.event === 'cancelOrderStatus' && m.reqid === 4);
    expect(wsEntry(ex, 'cancelOrder').effects).toEqual({ cancelled: [a] });
    c.send({ event: 'cancelAll', token, reqid: 5 });
    await c.next((m) => m.event === 'cancelAllStatus' && m.reqid === 5);
    expect(wsEntry(ex, 'cancelAll').effects).toEqual({ cancelled: [b, d] });
    c.ws.close();
  });
});
