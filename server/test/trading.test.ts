import { beforeEach, describe, expect, it } from 'vitest';
import { testExchange, type TestExchange } from './kraken-client.js';

const SECRET = Buffer.alloc(64, 7).toString('base64');

/** Best ask / bid of XBTUSD as numbers. */
async function touch(t: TestExchange): Promise<{ ask: number; bid: number }> {
  const d = (await t.client.get('Depth', { pair: 'XBTUSD', count: 1 })).result.XXBTZUSD;
  return { ask: Number(d.asks[0][0]), bid: Number(d.bids[0][0]) };
}

const tick = (x: number): string => (Math.round(x * 10) / 10).toFixed(1);

describe('trading over REST', () => {
  let t: TestExchange;
  beforeEach(async () => {
    t = await testExchange({
      scenario: {
        name: 'trading',
        market: { pairs: { 'XBT/USD': { price: 50000, volatility: 0.5 }, 'ETH/USD': null } },
        accounts: [{ name: 'alice', key: 'alice-key-0001', secret: SECRET, balances: { USD: '100000', XBT: '1' }, feeTier: 0, tier: 'intermediate', nonceWindow: 0 }],
      },
    });
    t.clock.advance(5_000);
  });

  it('places a resting limit order: txid, descr sentence, OpenOrders, hold on BalanceEx (cost + taker fee)', async () => {
    const { bid } = await touch(t);
    const price = tick(bid - 500);
    const r = await t.client.post('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price, volume: '0.5', userref: 42 });
    expect(r.error).toEqual([]);
    expect(r.result.descr).toEqual({ order: `buy 0.50000000 XBTUSD @ limit ${price}` });
    expect(r.result.txid).toHaveLength(1);
    const txid = r.result.txid[0];
    expect(txid).toMatch(/^O[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{6}$/);
    const open = (await t.client.post('OpenOrders')).result.open;
    expect(Object.keys(open)).toEqual([txid]);
    expect(open[txid]).toMatchObject({
      refid: null, userref: 42, status: 'open', vol: '0.50000000', vol_exec: '0.00000000', oflags: 'fciq',
      descr: { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price, price2: '0', leverage: 'none' },
    });
    expect(open[txid].opentm).toBe(t.clock.now() / 1000);
    const hold = Number(price) * 0.5 * 1.004;
    const ex = (await t.client.post('BalanceEx')).result;
    expect(Number(ex.ZUSD.hold_trade)).toBeCloseTo(hold, 3);
    expect(ex.ZUSD.balance).toBe('100000.0000');
  });

  it('cancels by txid, userref and cl_ord_id, releasing holds; a second cancel is EOrder:Unknown order', async () => {
    const { bid } = await touch(t);
    const place = async (extra: Record<string, unknown>) =>
      (await t.client.post('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: tick(bid - 1000), volume: '0.01', ...extra })).result.txid[0];
    const a = await place({});
    await place({ userref: 7 });
    await place({ userref: 7 });
    const c = await place({ cl_ord_id: 'my-order-1' });
    expect(await t.client.post('CancelOrder', { txid: a })).toEqual({ error: [], result: { count: 1 } });
    expect(await t.client.post('CancelOrder', { txid: '7' })).toEqual({ error: [], result: { count: 2 } });
    expect(await t.client.post('CancelOrder', { cl_ord_id: 'my-order-1' })).toEqual({ error: [], result: { count: 1 } });
    expect(await t.client.post('CancelOrder', { txid: a })).toEqual({ error: ['EOrder:Unknown order'] });
    expect((await t.client.post('BalanceEx')).result.ZUSD.hold_trade).toBe('0.0000');
    const closed = (await t.client.post('ClosedOrders')).result;
    expect(closed.count).toBe(4);
    expect(closed.closed[c]).toMatchObject({ status: 'canceled', reason: 'User requested', cl_ord_id: 'my-order-1' });
    expect(closed.closed[c].closetm).toBe(t.clock.now() / 1000);
  });

  it('a market buy walks the book: fills at book prices, pays cost plus 0.40 % taker fee, with ledger entries', async () => {
    const depth = (await t.client.get('Depth', { pair: 'XBTUSD', count: 5 })).result.XXBTZUSD;
    const r = await t.client.post('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '0.2' });
    expect(r.result.descr.order).toBe('buy 0.20000000 XBTUSD @ market');
    const txid = r.result.txid[0];
    const order = (await t.client.post('QueryOrders', { txid, trades: true })).result[txid];
    expect(order.status).toBe('closed');
    expect(order.vol_exec).toBe('0.20000000');
    expect(Number(order.price)).toBeGreaterThanOrEqual(Number(depth.asks[0][0]));
    const trades = (await t.client.post('QueryTrades', { txid: order.trades.join(',') })).result;
    let cost = 0;
    let fee = 0;
    let vol = 0;
    for (const id of order.trades) {
      const tr = trades[id];
      expect(tr).toMatchObject({ ordertxid: txid, pair: 'XXBTZUSD', type: 'buy', ordertype: 'market', maker: false });
      cost += Number(tr.cost);
      fee += Number(tr.fee);
      vol += Number(tr.vol);
    }
    expect(vol).toBeCloseTo(0.2, 8);
    expect(fee).toBeCloseTo(cost * 0.004, 2);
    const bal = (await t.client.post('Balance')).result;
    expect(Number(bal.XXBT)).toBeCloseTo(1.2, 10);
    expect(Number(bal.ZUSD)).toBeCloseTo(100000 - cost - fee, 3);
    const ledger = (await t.client.post('Ledgers', { asset: 'ZUSD' })).result;
    expect(ledger.count).toBe(order.trades.length);
    const entries = Object.values(ledger.ledger) as { type: string; amount: string; fee: string; balance: string }[];
    expect(entries.every((e) => e.type === 'trade')).toBe(true);
    expect(entries[0]!.balance).toBe(bal.ZUSD);
  });

  it('refuses what Kraken refuses, with its error strings, and changes nothing', async () => {
    const base = { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '40000.0', volume: '0.01' };
    const cases: [Record<string, unknown>, string][] = [
      [{ volume: '10' }, 'EOrder:Insufficient funds'],
      [{ volume: '0.00001' }, 'EOrder:Order minimum not met'],
      [{ price: '40000.05' }, 'EOrder:Invalid price:XXBTZUSD price can only be specified up to 1 decimals.'],
      [{ price: '0' }, 'EOrder:Invalid price'],
      [{ pair: 'XBTFOO' }, 'EQuery:Unknown asset pair'],
      [{ ordertype: 'trailing-stop' }, 'EGeneral:Invalid arguments:price'],
      [{ ordertype: 'take-profit-trailing' }, 'EGeneral:Invalid arguments:ordertype'],
      [{ type: 'hold' }, 'EGeneral:Invalid arguments:type'],
      [{ volume: '-1' }, 'EGeneral:Invalid arguments:volume'],
      [{ volume: '0.000000001' }, 'EGeneral:Invalid arguments:volume'],
      [{ volume: '1e3' }, 'EGeneral:Invalid arguments:volume'],
      [{ price: undefined }, 'EGeneral:Invalid arguments:price'],
      [{ oflags: 'post,bogus' }, 'EGeneral:Invalid arguments:oflags'],
      [{ timeinforce: 'GTD' }, 'EGeneral:Invalid arguments:expiretm'],
      [{ userref: 1, cl_ord_id: 'x' }, 'EGeneral:Invalid arguments:userref'],
      [{ leverage: '5' }, 'EOrder:Cannot open position'],
      [{ leverage: 'lots' }, 'EGeneral:Invalid arguments:leverage'],
      [{ reduce_only: 'true' }, 'EOrder:Cannot open position'],
      [{ volume: '0.00001', price: '40000.0', ordertype: 'limit', pair: 'XBTUSD', type: 'sell' }, 'EOrder:Order minimum not met'],
    ];
    for (const [change, error] of cases) {
      const params = Object.fromEntries(Object.entries({ ...base, ...change }).filter(([, v]) => v !== undefined));
      expect(await t.client.post('AddOrder', params), JSON.stringify(change)).toEqual({ error: [error] });
    }
    expect((await t.client.post('OpenOrders')).result.open).toEqual({});
    expect((await t.client.post('Balance')).result).toEqual({ ZUSD: '100000.0000', XXBT: '1.0000000000' });
  });

  it('fcib charges a buy\'s fee in the base asset', async () => {
    const r = await t.client.post('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '0.1', oflags: 'fcib' });
    const txid = r.result.txid[0];
    const o = (await t.client.post('QueryOrders', { txid, trades: true })).result[txid];
    expect(o.oflags).toBe('fcib');
    const trades = Object.values((await t.client.post('QueryTrades', { txid: o.trades.join(',') })).result) as { vol: string; cost: string }[];
    const vol = trades.reduce((a, x) => a + Number(x.vol), 0);
    const cost = trades.reduce((a, x) => a + Number(x.cost), 0);
    const bal = (await t.client.post('Balance')).result;
    expect(Number(bal.XXBT)).toBeCloseTo(1 + vol * (1 - 0.004), 9);
    expect(Number(bal.ZUSD)).toBeCloseTo(100000 - cost, 3);
  });

  it('validate=true checks the order and returns only descr, placing nothing', async () => {
    const r = await t.client.post('AddOrder', { pair: 'XBTUSD', type: 'sell', ordertype: 'limit', price: '90000.0', volume: '0.1', validate: true });
    expect(r).toEqual({ error: [], result: { descr: { order: 'sell 0.10000000 XBTUSD @ limit 90000.0' } } });
    expect((await t.client.post('OpenOrders')).result.open).toEqual({});
  });

  it('post-only that would take is cancelled ("Post only order") instead of trading', async () => {
    const { ask } = await touch(t);
    const r = await t.client.post('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: tick(ask + 10), volume: '0.01', oflags: 'post' });
    const txid = r.result.txid[0];
    const o = (await t.client.post('QueryOrders', { txid })).result[txid];
    expect(o).toMatchObject({ status: 'canceled', reason: 'Post only order', vol_exec: '0.00000000', oflags: 'post,fciq' });
    expect((await t.client.post('Balance')).result.XXBT).toBe('1.0000000000');
  });

  it('a resting limit fills as maker (0.25 %) when the market trades through it; the fill survives in history', async () => {
    const { bid } = await touch(t);
    const r = await t.client.post('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: tick(bid), volume: '0.01' });
    const txid = r.result.txid[0];
    let status = 'open';
    for (let i = 0; i < 600 && status !== 'closed'; i++) {
      t.clock.advance(10_000);
      status = (await t.client.post('QueryOrders', { txid })).result[txid].status;
    }
    expect(status).toBe('closed');
    const history = (await t.client.post('TradesHistory')).result;
    const fills = Object.values(history.trades) as { ordertxid: string; maker: boolean; fee: string; cost: string; price: string }[];
    expect(fills.every((f) => f.ordertxid === txid && f.maker)).toBe(true);
    for (const f of fills) expect(Number(f.price)).toBeLessThanOrEqual(Number(tick(bid)));
    const fee = fills.reduce((s, f) => s + Number(f.fee), 0);
    const cost = fills.reduce((s, f) => s + Number(f.cost), 0);
    expect(fee).toBeCloseTo(cost * 0.0025, 2);
    expect(history.count).toBe(fills.length);
  });

  it('IOC takes what it can and cancels the rest; GTD expires at expiretm', async () => {
    const { ask, bid } = await touch(t);
    const ioc = await t.client.post('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: tick(bid - 100), volume: '0.01', timeinforce: 'IOC' });
    const iocId = ioc.result.txid[0];
    expect((await t.client.post('QueryOrders', { txid: iocId })).result[iocId]).toMatchObject({ status: 'canceled', reason: 'Immediate or cancel' });
    const gtd = await t.client.post('AddOrder', { pair: 'XBTUSD', type: 'sell', ordertype: 'limit', price: tick(ask + 5000), volume: '0.01', timeinforce: 'GTD', expiretm: '+60' });
    const gtdId = gtd.result.txid[0];
    t.clock.advance(59_000);
    expect((await t.client.post('QueryOrders', { txid: gtdId })).result[gtdId].status).toBe('open');
    t.clock.advance(2_000);
    const o = (await t.client.post('QueryOrders', { txid: gtdId })).result[gtdId];
    expect(o.status).toBe('expired');
    expect(o.closetm).toBe(o.expiretm);
    expect((await t.client.post('BalanceEx')).result.XXBT.hold_trade).toBe('0.0000000000');
  });

  it('a stop-loss sell triggers on the last trade price and executes as a market order', async () => {
    const { bid } = await touch(t);
    const stop = tick(bid - 20);
    const r = await t.client.post('AddOrder', { pair: 'XBTUSD', type: 'sell', ordertype: 'stop-loss', price: stop, volume: '0.05' });
    const txid = r.result.txid[0];
    expect(r.result.descr.order).toBe(`sell 0.05000000 XBTUSD @ stop loss ${stop}`);
    let o = (await t.client.post('QueryOrders', { txid })).result[txid];
    expect(o).toMatchObject({ status: 'open', stopprice: Number(stop).toFixed(5), trigger: 'last' });
    for (let i = 0; i < 2000 && o.status === 'open'; i++) {
      t.clock.advance(5_000);
      o = (await t.client.post('QueryOrders', { txid })).result[txid];
    }
    expect(o.status).toBe('closed');
    expect(o.misc).toContain('touched');
    expect(o.vol_exec).toBe('0.05000000');
  });

  it('AmendOrder changes price and quantity in place (same txid); EditOrder replaces with a new txid', async () => {
    const { bid } = await touch(t);
    const txid = (await t.client.post('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: tick(bid - 1000), volume: '0.02' })).result.txid[0];
    const amended = await t.client.post('AmendOrder', { txid, order_qty: '0.03', limit_price: tick(bid - 900) });
    expect(amended.error).toEqual([]);
    expect(amended.result.amend_id).toMatch(/^T[A-Z2-7]{5}-/);
    const o = (await t.client.post('QueryOrders', { txid })).result[txid];
    expect(o).toMatchObject({ status: 'open', vol: '0.03000000', misc: 'amended', descr: { price: tick(bid - 900) } });
    const edit = await t.client.post('EditOrder', { txid, pair: 'XBTUSD', volume: '0.04', price: tick(bid - 800) });
    expect(edit.result).toMatchObject({ status: 'ok', originaltxid: txid, volume: '0.04000000', price: tick(bid - 800), orders_cancelled: 1 });
    const newId = edit.result.txid;
    expect(newId).not.toBe(txid);
    expect(Object.keys((await t.client.post('OpenOrders')).result.open)).toEqual([newId]);
    expect((await t.client.post('EditOrder', { txid, pair: 'XBTUSD', volume: '0.05' })).error).toEqual(['EOrder:Unknown order']);
    const failed = await t.client.post('EditOrder', { txid: newId, pair: 'XBTUSD', volume: '100' });
    expect(failed.error).toEqual(['EOrder:Insufficient funds']);
    expect((await t.client.post('QueryOrders', { txid: newId })).result[newId].status).toBe('open');
  });

  it('AddOrderBatch (JSON): scalar txids per entry; a rule break rejects the whole batch', async () => {
    const { bid } = await touch(t);
    const orders = [
      { type: 'buy', ordertype: 'limit', volume: '0.01', price: tick(bid - 300) },
      { type: 'buy', ordertype: 'limit', volume: '0.01', price: tick(bid - 400), cl_ord_id: 'batch-2' },
    ];
    const r = await t.client.post('AddOrderBatch', { pair: 'XBTUSD', orders }, { json: true });
    expect(r.error).toEqual([]);
    expect(r.result.orders).toHaveLength(2);
    for (const o of r.result.orders) expect(typeof o.txid).toBe('string');
    const bad = await t.client.post('AddOrderBatch', { pair: 'XBTUSD', orders: [orders[0], { ...orders[1], volume: '0.000001' }] }, { json: true });
    expect(bad).toEqual({ error: ['EOrder:Order minimum not met'] });
    const poor = await t.client.post('AddOrderBatch', { pair: 'XBTUSD', orders: [orders[0], { ...orders[1], volume: '50' }] }, { json: true });
    expect(typeof poor.result.orders[0].txid).toBe('string');
    expect(poor.result.orders[1]).toEqual({ error: 'EOrder:Insufficient funds' });
    const ids = Object.keys((await t.client.post('OpenOrders')).result.open);
    expect(ids).toHaveLength(3);
    const cancelled = await t.client.post('CancelOrderBatch', { orders: ids.slice(0, 2) }, { json: true });
    expect(cancelled.result).toEqual({ count: 2 });
    expect(await t.client.post('CancelAll')).toEqual({ error: [], result: { count: 1 } });
  });

  it('CancelAllOrdersAfter is a real dead man\'s switch: orders go when it expires unless re-armed', async () => {
    const { bid } = await touch(t);
    await t.client.post('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: tick(bid - 2000), volume: '0.01' });
    const armed = await t.client.post('CancelAllOrdersAfter', { timeout: 60 });
    expect(armed.result).toEqual({ currentTime: '2026-01-01T00:00:05Z', triggerTime: '2026-01-01T00:01:05Z' });
    t.clock.advance(50_000);
    await t.client.post('CancelAllOrdersAfter', { timeout: 60 });
    t.clock.advance(50_000);
    expect(Object.keys((await t.client.post('OpenOrders')).result.open)).toHaveLength(1);
    t.clock.advance(11_000);
    expect((await t.client.post('OpenOrders')).result.open).toEqual({});
    const closed = Object.values((await t.client.post('ClosedOrders')).result.closed) as { reason: string; closetm: number }[];
    expect(closed[0]).toMatchObject({ reason: 'Dead man switch triggered', closetm: Date.UTC(2026, 0, 1, 0, 1, 55) / 1000 });
    expect((await t.client.post('CancelAllOrdersAfter', { timeout: 0 })).result.triggerTime).toBe('0');
    expect((await t.client.post('CancelAllOrdersAfter', { timeout: 86400 })).error).toEqual(['EGeneral:Invalid arguments:timeout']);
  });
});

describe('fee tiers', () => {
  it('TradeVolume reports the account tier\'s taker and maker fees per pair (ccxt fetchTradingFee)', async () => {
    const t = await testExchange({ scenario: { name: 'fees', accounts: [{ name: 'vip', key: 'vip-key-00001', secret: SECRET, feeTier: 3 }] } });
    const r = await t.client.post('TradeVolume', { pair: 'XBTUSD,ETHUSD' });
    expect(r.result).toEqual({
      currency: 'ZUSD', volume: '100000.0000',
      fees: { XXBTZUSD: expect.objectContaining({ fee: '0.2200', nextfee: '0.2000', tiervolume: '100000.0000' }), XETHZUSD: expect.any(Object) },
      fees_maker: { XXBTZUSD: expect.objectContaining({ fee: '0.1200', maxfee: '0.2500', minfee: '0.0000' }), XETHZUSD: expect.any(Object) },
    });
    expect((await t.client.post('TradeVolume', { pair: 'NOPE' })).error).toEqual(['EQuery:Unknown asset pair']);
  });
});
