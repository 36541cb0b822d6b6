import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange } from '../src/app.js';
import { auditExchange } from '../src/control/audit.js';
import { fmt } from '../src/exchange/decimal.js';
import { privateCall, privateRest } from './private-rest.js';
import { connectWs, wireLevels, wsToken, type WsTestClient } from './ws-client.js';

const SCENARIO = {
  name: 'icebergs',
  market: { pairs: { 'XBT/USD': { price: 50000 } } },
  accounts: ['maker', 'taker'].map((name) => ({ name, balances: { USD: '1000000', XBT: '10' }, nonceWindow: 0 })),
};

describe('iceberg orders: displayvol (REST) and display_qty (WS v2)', () => {
  let ex: Awaited<ReturnType<typeof startExchange<{ port: number; clock: 'manual' }>>>;
  let token: string;
  let c: WsTestClient;
  beforeAll(async () => {
    ex = await startExchange({ port: 0, clock: 'manual', scenario: SCENARIO });
    token = await wsToken(ex.url, ex.accounts[0]!, 1);
    c = await connectWs(`${ex.url.replace('http', 'ws')}/v2-auth`);
    c.send({ method: 'subscribe', params: { channel: 'executions', token, snap_orders: false }, req_id: 1 });
    await c.next((m) => m.req_id === 1);
  });
  afterAll(async () => {
    c.ws.close();
    await ex.close();
  });

  const account = () => ex.accounts[0]!;
  const market = () => ex.exchange.markets.get('BTC/USD')!;
  /** A price strictly between the best bid and the best ask (no simulated liquidity there), as text with 1 decimal. */
  const inside = (): string => {
    const b = market().book;
    const tick = market().tick;
    return fmt((b.best('buy')!.price + b.best('sell')!.price) / 2n / tick * tick, 1);
  };
  /** The volume REST Depth shows at one ask price, as a number (undefined: no level there). */
  const depthAt = async (price: string): Promise<number | undefined> => {
    const r = await fetch(`${ex.url}/0/public/Depth?pair=XBTUSD&count=20`).then((res) => res.json()) as any;
    const level = (r.result.XXBTZUSD.asks as string[][]).find((l) => Number(l[0]) === Number(price));
    return level && Number(level[1]);
  };

  it('REST: only displayvol shows in Depth and the WS v2 book; OpenOrders has the full volume as an iceberg', async () => {
    const price = inside();
    const r = await privateRest(ex.url, account(), 'AddOrder', { pair: 'XBTUSD', type: 'sell', ordertype: 'iceberg', price, volume: '0.3', displayvol: '0.05', oflags: 'post' });
    const id = r.txid[0] as string;
    expect(await depthAt(price)).toBe(0.05);
    const book = await connectWs(`${ex.url.replace('http', 'ws')}/v2`);
    await book.nextText();
    book.send({ method: 'subscribe', params: { channel: 'book', symbol: ['BTC/USD'], depth: 10 }, req_id: 1 });
    await book.next((m) => m.req_id === 1);
    const snap = await book.nextText((m) => m.channel === 'book' && m.type === 'snapshot');
    expect(wireLevels(snap, 'asks')[0]).toEqual({ price: `${price}`, qty: '0.05000000' });
    book.ws.close();
    const open = (await privateRest(ex.url, account(), 'OpenOrders', {})).open[id];
    expect(open).toMatchObject({ vol: '0.30000000', descr: { ordertype: 'iceberg', price } });
    await privateRest(ex.url, account(), 'CancelOrder', { txid: id });
    expect(await depthAt(price)).toBeUndefined();
    expect(auditExchange(ex.exchange)).toEqual([]);
  });

  it('REST: displayvol below 1/15 of the volume, above it, or on a market order is refused; an iceberg needs one', async () => {
    const base = { pair: 'XBTUSD', type: 'sell', price: '99000.0', volume: '0.3' };
    const err = async (extra: Record<string, string>) => (await privateCall(ex.url, account(), 'AddOrder', { ...base, ...extra })).error;
    expect(await err({ ordertype: 'iceberg', displayvol: '0.019' })).toEqual(['EGeneral:Invalid arguments:displayvol']);
    expect(await err({ ordertype: 'iceberg', displayvol: '0.31' })).toEqual(['EGeneral:Invalid arguments:displayvol']);
    expect(await err({ ordertype: 'market', displayvol: '0.1' })).toEqual(['EGeneral:Invalid arguments:displayvol']);
    expect(await err({ ordertype: 'iceberg' })).toEqual(['EGeneral:Invalid arguments:displayvol']);
    expect(await err({ ordertype: 'iceberg', displayvol: '0.02', validate: 'true' })).toEqual([]);
  });

  it('WS v2: add_order iceberg with display_qty; executions echo it; a fill of the slice refills it (iceberg_refill)', async () => {
    const price = Number(inside());
    c.send({ method: 'add_order', req_id: 2, params: { order_type: 'iceberg', side: 'sell', order_qty: 0.3, display_qty: 0.1, limit_price: price, post_only: true, symbol: 'BTC/USD', token } });
    const id = (await c.next((m) => m.req_id === 2)).result.order_id as string;
    const seen = await c.next((m) => m.channel === 'executions' && m.data[0].order_id === id && m.data[0].exec_type === 'new');
    expect(seen.data[0]).toMatchObject({ order_type: 'iceberg', order_qty: 0.3, display_qty: 0.1, limit_price: price });
    expect(await depthAt(String(price))).toBe(0.1);
    // Another account takes exactly the slice: the next one shows; the executions say iceberg_refill.
    await privateRest(ex.url, ex.accounts[1]!, 'AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: String(price), volume: '0.1' });
    const trade = await c.next((m) => m.channel === 'executions' && m.data[0].order_id === id && m.data[0].exec_type === 'trade');
    expect(trade.data[0]).toMatchObject({ last_qty: 0.1, cum_qty: 0.1, order_status: 'partially_filled', display_qty: 0.1 });
    const refill = await c.next((m) => m.channel === 'executions' && m.data[0].order_id === id && m.data[0].exec_type === 'iceberg_refill');
    expect(refill.data[0]).toMatchObject({ cum_qty: 0.1, order_status: 'partially_filled' });
    expect(refill.sequence).toBe(trade.sequence + 1);
    expect(await depthAt(String(price))).toBe(0.1);
    // A taker larger than what is left fills only the rest: never more than the volume.
    await privateRest(ex.url, ex.accounts[1]!, 'AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: String(price), volume: '0.5', timeinforce: 'IOC' });
    const done = (await privateRest(ex.url, ex.accounts[0]!, 'QueryOrders', { txid: id }))[id];
    expect(done).toMatchObject({ status: 'closed', vol: '0.30000000', vol_exec: '0.30000000' });
    expect(await depthAt(String(price))).toBeUndefined();
    expect(auditExchange(ex.exchange)).toEqual([]);
    c.send({ method: 'add_order', req_id: 3, params: { order_type: 'limit', side: 'sell', order_qty: 0.3, display_qty: 0.01, limit_price: price, symbol: 'BTC/USD', token } });
    expect((await c.next((m) => m.req_id === 3)).error).toBe('EGeneral:Invalid arguments:display_qty');
    c.send({ method: 'cancel_all', params: { token }, req_id: 4 });
    await c.next((m) => m.req_id === 4);
  });
});
