import { beforeAll, describe, expect, it } from 'vitest';
import { assetByCode } from '../server/src/exchange/assets.js';
import { auditExchange } from '../server/src/control/audit.js';
import { at, lastPrice, MIN, px, replay, SEC, START } from './library-helpers.js';

// Each describe replays one built-in scenario on the manual clock; its tests run in order and move
// the clock forward, phase by phase.

type Replay = Awaited<ReturnType<typeof replay>>;

const sec = (offset: number): number => (START + offset) / 1000;
const limit = (side: 'buy' | 'sell', price: string, extra: Record<string, string | number> = {}) => ({ pair: 'XBTUSD', type: side, ordertype: 'limit', price, volume: '0.01', ...extra });
const MARKET_BUY = { pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '0.01' };

async function order(t: Replay, txid: string): Promise<Record<string, any>> {
  return (await t.bot.priv('QueryOrders', { txid, trades: true })).result[txid];
}

async function mode(t: Replay): Promise<string> {
  return (await t.bot.pub('SystemStatus')).result.status;
}

describe('scheduled-maintenance (K8, K10, K11): maintenance, a 30-minute cancel_only window, withdrawals last', () => {
  let t: Replay;
  let kept: string;
  let toCancel: string;
  let withdrawal: string;
  let btc: string;
  beforeAll(async () => {
    t = await replay('scheduled-maintenance');
  });

  it('announced lead-in: trading is normal — a fill and two resting orders', async () => {
    at(t.clock, 2 * MIN);
    expect(await mode(t)).toBe('online');
    expect((await t.bot.priv('AddOrder', MARKET_BUY)).kind).toBe('ok');
    const p = await lastPrice(t.bot);
    kept = (await t.bot.priv('AddOrder', limit('buy', px(p, 0.8)))).result.txid[0];
    toCancel = (await t.bot.priv('AddOrder', limit('buy', px(p, 0.75)))).result.txid[0];
    btc = (await t.bot.priv('Balance')).result.XXBT;
  });

  it('B1 B8 B15 B17: in maintenance new orders and cancels get EService:Unavailable, funding is off, a refused withdrawal leaves the funds', async () => {
    at(t.clock, 20 * MIN);
    expect(await mode(t)).toBe('maintenance');
    expect((await t.bot.priv('AddOrder', MARKET_BUY)).kind).toBe('EService:Unavailable');
    expect((await t.bot.priv('CancelOrder', { txid: toCancel })).kind).toBe('EService:Unavailable');
    expect((await t.bot.priv('Withdraw', { asset: 'XBT', key: 'btc-wallet-1', amount: '0.1' })).kind).toBe('EService:Unavailable');
    expect((await t.bot.priv('Balance')).result.XXBT).toBe(btc);
    expect((await t.bot.priv('DepositAddresses', { asset: 'ETH', method: 'Ether (Hex)' })).kind).toBe('EService:Unavailable');
    expect((await t.bot.pub('Assets', { asset: 'XBT' })).result.XXBT.status).toBe('funding_temporarily_disabled');
    t.exchange.funding.deposit('default', assetByCode('ETH'), 10n ** 18n, t.clock.now());
  });

  it('B16: an ETH deposit seen on chain during the window is still Pending at its end', async () => {
    at(t.clock, 74 * MIN);
    expect((await t.bot.priv('DepositStatus', { asset: 'ETH' })).result[0].status).toBe('Pending');
  });

  it('B9 B16 B17: cancel_only — no new orders, resting orders kept and cancellable, the deposit credited, withdrawals queued', async () => {
    at(t.clock, 76 * MIN);
    expect(await mode(t)).toBe('cancel_only');
    expect((await t.bot.priv('AddOrder', limit('buy', '1000.0'))).kind).toBe('EService:Market in cancel_only mode');
    expect((await order(t, kept)).status).toBe('open');
    expect((await t.bot.priv('CancelOrder', { txid: toCancel })).result).toEqual({ count: 1 });
    withdrawal = (await t.bot.priv('Withdraw', { asset: 'XBT', key: 'btc-wallet-1', amount: '0.1' })).result.refid;
    at(t.clock, 90 * MIN);
    expect((await t.bot.priv('DepositStatus', { asset: 'ETH' })).result[0].status).toBe('Success');
    const status = (await t.bot.priv('WithdrawStatus', { asset: 'XBT' })).result[0];
    expect(status).toMatchObject({ refid: withdrawal, status: 'Initial' });
  });

  it('B12: trading resumes with a price gap and a burst of trades; withdrawals still held', async () => {
    at(t.clock, 104 * MIN);
    const before = await lastPrice(t.bot);
    const tradesBefore = (await t.bot.pub('Trades', { pair: 'XBTUSD' })).result.last;
    at(t.clock, 110 * MIN);
    expect(await mode(t)).toBe('online');
    const after = await lastPrice(t.bot);
    expect(Math.abs(after / before - 1)).toBeGreaterThan(0.005);
    const burst = (await t.bot.pub('Trades', { pair: 'XBTUSD', since: tradesBefore })).result.XXBTZUSD.length;
    at(t.clock, 130 * MIN);
    const lastSeen = (await t.bot.pub('Trades', { pair: 'XBTUSD' })).result.last;
    at(t.clock, 135 * MIN);
    const calm = (await t.bot.pub('Trades', { pair: 'XBTUSD', since: lastSeen })).result.XXBTZUSD.length;
    expect(burst).toBeGreaterThan(calm * 2);
    expect((await t.bot.priv('AddOrder', MARKET_BUY)).kind).toBe('ok');
  });

  it('B10 B17 B22 B23: afterwards the withdrawal is processed with a delayed timestamp; the resting order and the early fill are intact', async () => {
    const w = (await t.bot.priv('WithdrawStatus', { asset: 'XBT' })).result[0];
    expect(w).toMatchObject({ refid: withdrawal, time: sec(120 * MIN) });
    expect(['Pending', 'Success']).toContain(w.status);
    expect((await order(t, kept)).status).toBe('open');
    const fills = Object.values((await t.bot.priv('TradesHistory')).result.trades) as { time: number }[];
    expect(fills.map((f) => f.time).sort()).toEqual([sec(2 * MIN), expect.any(Number)]);
    expect(auditExchange(t.exchange)).toEqual([]);
  });
});

describe('engine-halt-queued (C8, C6): stall, halt, cancel window, backlog matched at recovery', () => {
  let t: Replay;
  let p: number;
  let stop: string;
  let queued: string;
  let queuedLimit: string;
  beforeAll(async () => {
    t = await replay('engine-halt-queued');
  });

  it('before the outage: a fill, a stop-loss 1 % below the market', async () => {
    at(t.clock, 5 * MIN);
    expect((await t.bot.priv('AddOrder', MARKET_BUY)).kind).toBe('ok');
    p = await lastPrice(t.bot);
    stop = (await t.bot.priv('AddOrder', { pair: 'XBTUSD', type: 'sell', ordertype: 'stop-loss', price: px(p, 0.99), volume: '0.01' })).result.txid[0];
  });

  it('B8 B9: while the engine stalls, orders are acknowledged with a txid but stay pending, funds held', async () => {
    at(t.clock, 12 * MIN);
    expect(await mode(t)).toBe('online');
    queued = (await t.bot.priv('AddOrder', MARKET_BUY)).result.txid[0];
    queuedLimit = (await t.bot.priv('AddOrder', limit('buy', px(p, 0.9)))).result.txid[0];
    expect([(await order(t, queued)).status, (await order(t, queuedLimit)).status]).toEqual(['pending', 'pending']);
    expect(Number((await t.bot.priv('BalanceEx')).result.ZUSD.hold_trade)).toBeGreaterThan(0);
  });

  it('B8 B15: halted — new orders get EService:Unavailable, the queue and the stop wait, funding is off', async () => {
    at(t.clock, 30 * MIN);
    expect(await mode(t)).toBe('maintenance');
    expect((await t.bot.priv('AddOrder', MARKET_BUY)).kind).toBe('EService:Unavailable');
    expect((await order(t, queued)).status).toBe('pending');
    expect((await order(t, stop)).status).toBe('open');
    expect((await t.bot.pub('Assets', { asset: 'XBT' })).result.XXBT.status).toBe('funding_temporarily_disabled');
  });

  it('B22: in the cancel_only window a queued order can be cancelled and its hold released', async () => {
    at(t.clock, 72 * MIN);
    expect(await mode(t)).toBe('cancel_only');
    expect((await t.bot.priv('AddOrder', MARKET_BUY)).kind).toBe('EService:Market in cancel_only mode');
    expect((await t.bot.priv('CancelOrder', { txid: queuedLimit })).result).toEqual({ count: 1 });
    expect((await order(t, queuedLimit)).status).toBe('canceled');
  });

  it('B11: while the engine replays, the market gaps −3 % through the stop, which still does not fire', async () => {
    at(t.clock, 85 * MIN + 40 * SEC);
    expect(await lastPrice(t.bot)).toBeLessThan(Number(px(p, 0.99)));
    expect((await order(t, stop)).status).toBe('open');
    expect((await order(t, queued)).status).toBe('pending');
  });

  it('B9 B11 B12: at recovery the queued order fills at the repriced market; the stop fires below its stop price', async () => {
    at(t.clock, 87 * MIN);
    const q = await order(t, queued);
    expect(q.status).toBe('closed');
    const fill = Object.values((await t.bot.priv('QueryTrades', { txid: q.trades[0] })).result)[0] as { time: number; price: string };
    expect(fill.time).toBe(sec(86 * MIN));
    expect(Number(fill.price)).toBeLessThan(p * 0.985);
    const s = await order(t, stop);
    expect(s.status).toBe('closed');
    expect(Number(s.price)).toBeLessThan(Number(s.stopprice));
  });

  it('B10 B23: the early fill is in the history; nothing lost', async () => {
    at(t.clock, 102 * MIN);
    expect(await mode(t)).toBe('online');
    const fills = Object.values((await t.bot.priv('TradesHistory')).result.trades) as { time: number }[];
    expect(fills.map((f) => f.time)).toContain(sec(5 * MIN));
    expect(auditExchange(t.exchange)).toEqual([]);
  });
});

describe('halt-auto-cancel (C3, K6): halt, every open order cancelled by the exchange, post_only reopen', () => {
  let t: Replay;
  let ids: string[];
  let balances: Record<string, string>;
  let withdrawal: string;
  beforeAll(async () => {
    t = await replay('halt-auto-cancel');
  });

  it('before the halt: a fill, resting limits on two pairs and an untriggered stop', async () => {
    at(t.clock, 2 * MIN);
    expect((await t.bot.priv('AddOrder', MARKET_BUY)).kind).toBe('ok');
    const p = await lastPrice(t.bot);
    const eth = await lastPrice(t.bot, 'ETHUSD');
    ids = [
      (await t.bot.priv('AddOrder', limit('buy', px(p, 0.8)))).result.txid[0],
      (await t.bot.priv('AddOrder', limit('sell', px(p, 1.3)))).result.txid[0],
      (await t.bot.priv('AddOrder', { pair: 'XBTUSD', type: 'sell', ordertype: 'stop-loss', price: px(p, 0.9), volume: '0.01' })).result.txid[0],
      (await t.bot.priv('AddOrder', { pair: 'ETHUSD', type: 'buy', ordertype: 'limit', price: (eth * 0.8).toFixed(2), volume: '0.1' })).result.txid[0],
    ];
  });

  it('B8 B17: halted — AddOrder and CancelOrder get EService:Unavailable; a refused withdrawal leaves the funds', async () => {
    at(t.clock, 12 * MIN);
    expect(await mode(t)).toBe('maintenance');
    expect((await t.bot.priv('AddOrder', MARKET_BUY)).kind).toBe('EService:Unavailable');
    expect((await t.bot.priv('CancelOrder', { txid: ids[0]! })).kind).toBe('EService:Unavailable');
    balances = (await t.bot.priv('Balance')).result;
    expect((await t.bot.priv('Withdraw', { asset: 'XBT', key: 'btc-wallet-1', amount: '0.1' })).kind).toBe('EService:Unavailable');
    expect((await t.bot.priv('Balance')).result).toEqual(balances);
    for (const id of ids) expect((await order(t, id)).status).toBe('open');
  });

  it('B9 B22 B23: at the wipe every open order (limits and the stop) is cancelled by the exchange, holds released, balances whole', async () => {
    at(t.clock, 17 * MIN);
    for (const id of ids) {
      expect(await order(t, id)).toMatchObject({ status: 'canceled', reason: 'Cancelled by the exchange', closetm: sec(16 * MIN) });
    }
    const ex = (await t.bot.priv('BalanceEx')).result;
    expect([ex.ZUSD.hold_trade, ex.XXBT.hold_trade]).toEqual(['0.0000', '0.0000000000']);
    expect((await t.bot.priv('Balance')).result).toEqual(balances);
  });

  it('post_only reopen: plain limit and market orders refused, post-only limits rest; withdrawals queued', async () => {
    at(t.clock, 101 * MIN);
    expect(await mode(t)).toBe('post_only');
    const p = await lastPrice(t.bot);
    expect((await t.bot.priv('AddOrder', limit('buy', px(p, 0.9)))).kind).toBe('EService:Market in post_only mode');
    expect((await t.bot.priv('AddOrder', MARKET_BUY)).kind).toBe('EService:Market in post_only mode');
    const post = (await t.bot.priv('AddOrder', limit('buy', px(p, 0.9), { oflags: 'post' }))).result.txid[0];
    expect((await order(t, post)).status).toBe('open');
    withdrawal = (await t.bot.priv('Withdraw', { asset: 'XBT', key: 'btc-wallet-1', amount: '0.1' })).result.refid;
  });

  it('B10 B17: full trading again; the pre-halt fill is in the history; the queued withdrawal goes out at reopening', async () => {
    at(t.clock, 112 * MIN);
    expect(await mode(t)).toBe('online');
    expect((await t.bot.priv('AddOrder', MARKET_BUY)).kind).toBe('ok');
    const fills = Object.values((await t.bot.priv('TradesHistory')).result.trades) as { time: number }[];
    expect(fills.map((f) => f.time).sort()).toEqual([sec(2 * MIN), sec(112 * MIN)]);
    expect((await t.bot.priv('WithdrawStatus', { asset: 'XBT' })).result[0]).toMatchObject({ refid: withdrawal, status: 'Pending', time: sec(111 * MIN) });
    expect(auditExchange(t.exchange)).toEqual([]);
  });
});
