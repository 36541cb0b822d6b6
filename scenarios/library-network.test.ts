import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange } from '../server/src/app.js';
import type { ManualClock } from '../server/src/clock/clock.js';
import { auditExchange } from '../server/src/control/audit.js';
import { at, audited, Bot, failures, lastPrice, MIN, px, SEC, tally } from './library-helpers.js';

// These scenarios drop connections and leave requests unanswered, so they run on a real server
// (port 0, manual clock) that supertest reaches by URL; closing it ends the hung requests.

type Running = Awaited<ReturnType<typeof startExchange<{ scenario: string; clock: 'manual' }>>>;

async function serve(name: string): Promise<{ ex: Running; bot: Bot }> {
  const ex = audited(await startExchange({ scenario: name, clock: 'manual' }));
  return { ex, bot: new Bot(ex.url, ex.clock as ManualClock, ex.accounts[0]!.key, ex.accounts[0]!.secret) };
}

/** A request whose fate is recorded when (if ever) it settles. */
function watch(p: PromiseLike<{ status: number }>): { settled: () => string | undefined; done: Promise<void> } {
  let fate: string | undefined;
  const done = Promise.resolve(p).then((r) => void (fate = `http ${r.status}`), (e: NodeJS.ErrnoException) => void (fate = e.code ?? e.message));
  return { settled: () => fate, done };
}

/** Lets the server run until `cond` holds (it is working on our request), without moving time. */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !cond(); i++) await new Promise((r) => setImmediate(r));
  if (!cond()) throw new Error('the server never got there');
}

describe('network-flaps (K14, K26, K4, Cloudflare 2022): link down, resets, 522s, short healthy windows', () => {
  let ex: Running;
  let bot: Bot;
  let hung: ReturnType<typeof watch>;
  const FLAP = 4 * MIN;
  const flap = (n: number, offset: number): number => 5 * MIN + (n - 1) * FLAP + offset;
  beforeAll(async () => ({ ex, bot } = await serve('network-flaps')));
  afterAll(() => ex.close());

  it('B1 B6 B7: while the link is down a request waits out SYN retries, then is never answered', async () => {
    at(ex.clock, flap(1, 5 * SEC));
    const sleeping = ex.clock.nextSchedule();
    hung = watch(request(ex.url).get('/0/public/Time'));
    const due = await sleeping;
    expect(due - ex.clock.now()).toBeGreaterThanOrEqual(5 * SEC);
    expect(due - ex.clock.now()).toBeLessThanOrEqual(20 * SEC);
    ex.clock.advanceTo(due);
    at(ex.clock, flap(1, 2 * MIN));
    expect((await bot.pub('Time')).kind).toBe('ok');
    expect(hung.settled()).toBeUndefined();
  });

  it('B7 B19: while routes re-converge, connections reset and Cloudflare answers 522; in the healthy window almost all succeed', async () => {
    at(ex.clock, flap(2, 45 * SEC));
    const reconverging = await tally(60, () => bot.pub('Time'));
    expect(reconverging.reset).toBeGreaterThanOrEqual(20);
    expect(reconverging['http 522']).toBeGreaterThanOrEqual(6);
    expect(reconverging.ok).toBeLessThanOrEqual(25);
    at(ex.clock, flap(2, 70 * SEC));
    const up = await tally(100, () => bot.pub('Time'));
    expect(up.ok).toBeGreaterThanOrEqual(94);
    expect(Object.keys(up).sort()).toEqual(['ok', 'reset']);
  });

  it('B21 B22: a client that backs off and checks OpenOrders before re-sending gets exactly one order through a flap', async () => {
    at(ex.clock, flap(2, 3 * MIN));
    const p = await lastPrice(bot);
    at(ex.clock, flap(3, 45 * SEC));
    const order = { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: px(p, 0.8), volume: '0.01', userref: 77 };
    const attempts: string[] = [];
    let backoff = 2 * SEC;
    for (;;) {
      const r = await bot.priv('AddOrder', order);
      attempts.push(r.kind);
      if (r.kind === 'ok') break;
      ex.clock.advance(backoff);
      backoff *= 2;
      const check = await bot.priv('OpenOrders', { userref: 77 });
      attempts.push(`check ${check.kind}`);
      if (check.kind === 'ok' && Object.keys(check.result.open).length > 0) break;
    }
    expect(attempts.length).toBeGreaterThan(1);
    const open = (await bot.until(() => bot.priv('OpenOrders', { userref: 77 }))).result.open;
    expect(Object.keys(open)).toHaveLength(1);
  });

  it('B23: the engine never noticed — online throughout, nothing lost; the hung request ends with the server', async () => {
    at(ex.clock, flap(7, 0));
    expect(await tally(30, () => bot.pub('SystemStatus'))).toEqual({ ok: 30 });
    expect(auditExchange(ex.exchange)).toEqual([]);
    await ex.close();
    await hung.done;
    expect(hung.settled()).toMatch(/ECONNRESET|socket hang up/);
  });
});

describe('ambiguous-commit (K4): applied, then the reply is lost', () => {
  let ex: Running;
  let bot: Bot;
  let price: number;
  let lost: ReturnType<typeof watch>;
  const order = (userref: number) => ({ pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: px(price, 0.8), volume: '0.01', userref });
  const openRefs = async (): Promise<number[]> =>
    Object.values((await bot.until(() => bot.priv('OpenOrders'))).result.open as Record<string, { userref: number }>).map((o) => o.userref).sort((a, b) => a - b);
  beforeAll(async () => {
    ({ ex, bot } = await serve('ambiguous-commit'));
    at(ex.clock, 1 * MIN);
    price = await lastPrice(bot);
  });
  afterAll(() => ex.close());

  it('B7 B22: every 5th AddOrder gets a Cloudflare 502 page although the order was placed', async () => {
    for (let i = 1; i <= 30; i++) expect((await bot.priv('AddOrder', order(1000 + i))).kind).toBe('ok');
    at(ex.clock, 6 * MIN);
    const kinds: string[] = [];
    for (let i = 1; i <= 11; i++) kinds.push((await bot.priv('AddOrder', order(i))).kind);
    expect(kinds.map((k, i) => (k === 'ok' ? '' : `${i + 1}:${k}`)).filter(Boolean)).toEqual(['5:http 502', '10:http 502']);
    expect((await openRefs()).filter((u) => u < 1000)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('B19 B22: the 12th AddOrder is placed and never answered; reconciling by userref finds it', async () => {
    lost = watch(bot.send('AddOrder', order(12)));
    await until(() => [...ex.exchange.trading.orders.values()].some((o) => o.userref === 12));
    expect((await openRefs()).filter((u) => u < 1000)).toContain(12);
    expect(lost.settled()).toBeUndefined();
  });

  it('B23: a blind retry of a 502\'d order is a second order (the client\'s duplicate): the exchange applies each request once', async () => {
    expect((await bot.priv('AddOrder', order(5))).kind).toBe('ok');
    expect((await openRefs()).filter((u) => u === 5)).toHaveLength(2);
  });

  it('B22: CancelOrder cancels and then resets the connection about one time in five', async () => {
    const open = (await bot.until(() => bot.priv('OpenOrders'))).result.open as Record<string, { userref: number }>;
    const ids = Object.entries(open).filter(([, o]) => o.userref > 1000).map(([id]) => id);
    expect(ids).toHaveLength(30);
    const replies = await tally(30, (i) => bot.priv('CancelOrder', { txid: ids[i]! }));
    expect(replies.reset).toBeGreaterThanOrEqual(2);
    expect(replies.reset).toBeLessThanOrEqual(12);
    expect((replies.ok ?? 0) + (replies.reset ?? 0)).toBe(30);
    expect(ids.every((id) => ex.exchange.trading.orders.get(id)!.status === 'canceled')).toBe(true);
  });

  it('B17 B23: a withdrawal answered with a 502 was debited once; WithdrawStatus lists each exactly once', async () => {
    const before = Number((await bot.priv('Balance')).result.XXBT);
    const replies = await tally(20, () => bot.priv('Withdraw', { asset: 'XBT', key: 'btc-wallet-1', amount: '0.01' }));
    expect(replies['http 502']).toBeGreaterThanOrEqual(2);
    expect((replies.ok ?? 0) + (replies['http 502'] ?? 0)).toBe(20);
    const after = Number((await bot.priv('Balance')).result.XXBT);
    expect(before - after).toBeCloseTo(0.2, 10);
    expect((await bot.priv('WithdrawStatus', { asset: 'XBT' })).result).toHaveLength(20);
  });

  it('after the incident every reply is clean; the unanswered request ends with the server; nothing lost or duplicated', async () => {
    at(ex.clock, 46 * MIN);
    expect(failures(await tally(24, (i) => bot.priv('AddOrder', order(2000 + i))))).toBe(0);
    expect(auditExchange(ex.exchange)).toEqual([]);
    await ex.close();
    await lost.done;
    expect(lost.settled()).toMatch(/ECONNRESET|socket hang up/);
  });
});
