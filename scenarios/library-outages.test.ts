import { beforeAll, describe, expect, it } from 'vitest';
import { assetByCode } from '../server/src/exchange/assets.js';
import { auditExchange } from '../server/src/control/audit.js';
import { at, failures, lastPrice, MIN, px, replay, START, tally } from './library-helpers.js';

// Each describe replays one built-in scenario on the manual clock; its tests run in order and move
// the clock forward, phase by phase. Deposits "arrive on chain" through the exchange's funding
// model (there is no API for that); everything else goes through the REST API.

type Replay = Awaited<ReturnType<typeof replay>>;

const sec = (offset: number): number => (START + offset) / 1000;
const MARKET_BUY = { pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '0.01' };

async function assetStatus(t: Replay, asset: string): Promise<string> {
  return (Object.values((await t.bot.pub('Assets', { asset })).result)[0] as { status: string }).status;
}

async function ledgerTimes(t: Replay, type: string, asset: string): Promise<number[]> {
  return Object.values((await t.bot.priv('Ledgers', { type, asset })).result.ledger as Record<string, { time: number }>).map((e) => e.time);
}

describe('staged-recovery (C6, K6, K18): engine first, then wallets, then authentication', () => {
  let t: Replay;
  let resting: string;
  let frozenTrades: string;
  const stages: { at: string; mode: string; funding: string; privateOk: number }[] = [];
  const balance40 = () => tally(40, () => t.bot.priv('Balance'));
  const stage = async (name: string, privateOk: number): Promise<void> => {
    stages.push({ at: name, mode: (await t.bot.pub('SystemStatus')).result.status, funding: await assetStatus(t, 'XBT'), privateOk });
  };
  beforeAll(async () => {
    t = await replay('staged-recovery');
  });

  it('before the outage: a resting order', async () => {
    at(t.clock, 5 * MIN);
    resting = (await t.bot.priv('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: px(await lastPrice(t.bot), 0.8), volume: '0.01' })).result.txid[0];
  });

  it('B4 B8 B15: outage — maintenance, funding off, every private call fails while public data answers', async () => {
    at(t.clock, 15 * MIN);
    const priv = await balance40();
    expect(Object.keys(priv).sort()).toEqual(['EAPI:Invalid key', 'http 503']);
    expect(await tally(20, () => t.bot.pub('Ticker', { pair: 'XBTUSD' }))).toEqual({ ok: 20 });
    frozenTrades = (await t.bot.pub('Trades', { pair: 'XBTUSD' })).result.last;
    t.exchange.funding.deposit('default', assetByCode('ETH'), 2n * 10n ** 18n, t.clock.now());
    await stage('outage', priv.ok ?? 0);
    at(t.clock, 39 * MIN);
    expect((await t.bot.pub('Trades', { pair: 'XBTUSD' })).result.last).toBe(frozenTrades);
  });

  it('B13: the matching engine comes back first — online, trades print again — while wallets and auth stay down', async () => {
    at(t.clock, 45 * MIN);
    expect((await t.bot.pub('Trades', { pair: 'XBTUSD' })).result.last).not.toBe(frozenTrades);
    await stage('engine-restored', (await balance40()).ok ?? 0);
  });

  it('B13: then the wallets — funding enabled again — while authentication still fails most of the time', async () => {
    at(t.clock, 62 * MIN);
    const priv = await balance40();
    expect(failures(priv)).toBeGreaterThanOrEqual(20);
    await stage('wallets-restored', priv.ok ?? 0);
  });

  it('B13 B16 B10 B23: authentication last; the deposit was credited after the wallets returned plus 70 confirmations', async () => {
    at(t.clock, 81 * MIN);
    await stage('auth-restored', (await balance40()).ok ?? 0);
    expect(stages.map((s) => [s.at, s.mode, s.funding, s.privateOk === 0 ? 'none' : s.privateOk === 40 ? 'all' : 'some'])).toEqual([
      ['outage', 'maintenance', 'funding_temporarily_disabled', 'none'],
      ['engine-restored', 'online', 'funding_temporarily_disabled', 'none'],
      ['wallets-restored', 'online', 'enabled', 'some'],
      ['auth-restored', 'online', 'enabled', 'all'],
    ]);
    expect((await t.bot.priv('DepositStatus', { asset: 'ETH' })).result[0].status).toBe('Success');
    expect(await ledgerTimes(t, 'deposit', 'ETH')).toEqual([sec(60 * MIN + 70 * 12_000)]);
    expect((await t.bot.priv('QueryOrders', { txid: resting })).result[resting].status).toBe('open');
    expect(auditExchange(t.exchange)).toEqual([]);
  });
});

describe('auth-outage (K3, K18, K4, C4): private calls fail while public data and matching go on', () => {
  let t: Replay;
  let p: number;
  let resting: string;
  const balance = () => t.bot.priv('Balance');
  beforeAll(async () => {
    t = await replay('auth-outage');
  });

  it('before the lock-out: a resting buy 2 % below the market', async () => {
    at(t.clock, 5 * MIN);
    p = await lastPrice(t.bot);
    resting = (await t.bot.priv('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: px(p, 0.98), volume: '0.01' })).result.txid[0];
  });

  it('B4 B5: every private call fails (EAPI:Invalid key, EGeneral:*, Cloudflare 520) while public data and SystemStatus answer', async () => {
    at(t.clock, 11 * MIN);
    const priv = await tally(60, balance);
    expect(priv.ok).toBeUndefined();
    expect(Object.keys(priv).sort()).toEqual(['EAPI:Invalid key', 'EGeneral:Internal error', 'EGeneral:Temporary lockout', 'http 520']);
    expect(await tally(20, () => t.bot.pub('Depth', { pair: 'XBTUSD', count: 5 }))).toEqual({ ok: 20 });
    expect((await t.bot.pub('SystemStatus')).result.status).toBe('online');
    expect(await lastPrice(t.bot)).toBeLessThan(p * 0.97);
  });

  it('partial return: failures fall across the 15 minutes', async () => {
    at(t.clock, 71 * MIN);
    const early = failures(await tally(40, balance));
    at(t.clock, 84 * MIN);
    const late = failures(await tally(40, balance));
    expect(early).toBeGreaterThan(15);
    expect(late).toBeLessThan(early / 2);
  });

  it('B10 B22 B23: once back in, the history shows the order that filled during the lock-out', async () => {
    at(t.clock, 86 * MIN);
    expect(await tally(20, balance)).toEqual({ ok: 20 });
    const o = (await t.bot.priv('QueryOrders', { txid: resting })).result[resting];
    expect(o).toMatchObject({ status: 'closed', price: px(p, 0.98) });
    expect(o.closetm).toBeGreaterThanOrEqual(sec(10 * MIN));
    expect(o.closetm).toBeLessThan(sec(11 * MIN));
    expect((await t.bot.priv('TradesHistory')).result.count).toBe(1);
    expect(auditExchange(t.exchange)).toEqual([]);
  });
});

describe('funding-outage (K19, K17, K6): deposits held, withdrawals queued or refused, trading unaffected', () => {
  let t: Replay;
  const refs: Record<string, string> = {};
  const withdrawals = async (): Promise<Record<string, [string, number]>> => {
    const list = (await t.bot.priv('WithdrawStatus')).result as { refid: string; status: string; time: number }[];
    return Object.fromEntries(Object.entries(refs).map(([asset, refid]) => {
      const w = list.find((x) => x.refid === refid)!;
      return [asset, [w.status === 'Success' ? 'Pending' : w.status, w.time]];
    }));
  };
  beforeAll(async () => {
    t = await replay('funding-outage');
  });

  it('B15: funding goes first while trading stays online', async () => {
    at(t.clock, 10 * MIN);
    expect([await assetStatus(t, 'XBT'), await assetStatus(t, 'ETH'), await assetStatus(t, 'USD'), await assetStatus(t, 'SOL')])
      .toEqual(['funding_temporarily_disabled', 'funding_temporarily_disabled', 'funding_temporarily_disabled', 'enabled']);
    expect((await t.bot.priv('AddOrder', MARKET_BUY)).kind).toBe('ok');
    expect((await t.bot.pub('SystemStatus')).result.status).toBe('online');
  });

  it('B16 B17: deposits are held and withdrawals accepted (debited once) but queued until the gateways return', async () => {
    t.exchange.funding.deposit('default', assetByCode('BTC'), 5n * 10n ** 17n, t.clock.now());
    const before = (await t.bot.priv('Balance')).result;
    refs.XBT = (await t.bot.priv('Withdraw', { asset: 'XBT', key: 'btc-wallet-1', amount: '0.1' })).result.refid;
    refs.ETH = (await t.bot.priv('Withdraw', { asset: 'ETH', key: 'eth-wallet-1', amount: '1' })).result.refid;
    refs.USD = (await t.bot.priv('Withdraw', { asset: 'USD', key: 'usd-bank-1', amount: '1000' })).result.refid;
    const after = (await t.bot.priv('Balance')).result;
    expect(Number(before.XXBT) - Number(after.XXBT)).toBeCloseTo(0.1, 10);
    expect(Number(before.ZUSD) - Number(after.ZUSD)).toBeCloseTo(1000, 10);
    at(t.clock, 55 * MIN);
    expect(await withdrawals()).toEqual({ XBT: ['Initial', sec(10 * MIN)], ETH: ['Initial', sec(10 * MIN)], USD: ['Initial', sec(10 * MIN)] });
    expect((await t.bot.priv('DepositStatus', { asset: 'XBT' })).result[0].status).toBe('Pending');
  });

  it('B15 B17: in the ETH pause addresses are unavailable and ETH withdrawals refused with the funds kept; XBT funding works again', async () => {
    at(t.clock, 57 * MIN);
    const w = await withdrawals();
    expect([w.XBT, w.ETH![0], w.USD]).toEqual([['Pending', sec(56 * MIN)], 'Initial', ['Initial', sec(10 * MIN)]]);
    expect([await assetStatus(t, 'ETH'), await assetStatus(t, 'XBT')]).toEqual(['funding_temporarily_disabled', 'enabled']);
    expect((await t.bot.priv('DepositAddresses', { asset: 'ETH', method: 'Ether (Hex)' })).kind).toBe('EService:Unavailable');
    expect((await t.bot.priv('DepositAddresses', { asset: 'XBT', method: 'Bitcoin' })).kind).toBe('ok');
    const eth = (await t.bot.priv('Balance')).result.XETH;
    expect((await t.bot.priv('Withdraw', { asset: 'ETH', key: 'eth-wallet-1', amount: '1' })).kind).toBe('EService:Unavailable');
    expect((await t.bot.priv('Balance')).result.XETH).toBe(eth);
  });

  it('B16 B17 B18: the backlog is processed — deposit credited after 3 confirmations, ETH at the end of the pause, fiat an hour after crypto', async () => {
    at(t.clock, 87 * MIN);
    expect((await t.bot.priv('DepositStatus', { asset: 'XBT' })).result[0].status).toBe('Success');
    expect(await ledgerTimes(t, 'deposit', 'XBT')).toEqual([sec(56 * MIN + 3 * 10 * MIN)]);
    expect(await withdrawals()).toMatchObject({ ETH: ['Pending', sec(86 * MIN)], USD: ['Initial', sec(10 * MIN)] });
    at(t.clock, 116 * MIN);
    expect((await withdrawals()).USD).toEqual(['Pending', sec(116 * MIN)]);
    expect(auditExchange(t.exchange)).toEqual([]);
  });
});
