import { beforeAll, describe, expect, it } from 'vitest';
import { auditExchange } from '../server/src/control/audit.js';
import { at, failures, lastPrice, MIN, px, replay, tally, type Seen } from './library-helpers.js';

// Each describe replays one built-in scenario on the manual clock; its tests run in order and move
// the clock forward, phase by phase. Probabilistic faults are asserted on counts over many requests.

type Replay = Awaited<ReturnType<typeof replay>>;

const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

async function sample(n: number, call: () => Promise<Seen>): Promise<{ kinds: Record<string, number>; meanMs: number; seen: Seen[] }> {
  const seen: Seen[] = [];
  for (let i = 0; i < n; i++) seen.push(await call());
  const kinds: Record<string, number> = {};
  for (const s of seen) kinds[s.kind] = (kinds[s.kind] ?? 0) + 1;
  return { kinds, meanMs: mean(seen.map((s) => s.tookMs)), seen };
}

describe('overload (K4, K12, K21, C4, C5): latency and errors rise with load, then decay', () => {
  let t: Replay;
  let resting: string;
  const ticker = () => t.bot.pub('Ticker', { pair: 'XBTUSD' });
  beforeAll(async () => {
    t = await replay('overload');
  });

  it('calm baseline: instant clean replies; a resting order is placed', async () => {
    at(t.clock, 1 * MIN);
    const calm = await sample(20, ticker);
    expect(calm).toMatchObject({ kinds: { ok: 20 }, meanMs: 0 });
    const p = await lastPrice(t.bot);
    resting = (await t.bot.priv('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: px(p, 0.7), volume: '0.01' })).result.txid[0];
  });

  it('B1 B6: latency climbs across the degraded phase, with a few EService:Busy / EService:Unavailable', async () => {
    at(t.clock, 6 * MIN);
    const early = await sample(40, ticker);
    at(t.clock, 22 * MIN);
    const late = await sample(40, ticker);
    expect(late.meanMs).toBeGreaterThan(2 * early.meanMs);
    expect(failures(early.kinds)).toBeLessThan(failures(late.kinds));
    expect(Object.keys(late.kinds).sort()).toEqual(['EService:Busy', 'EService:Unavailable', 'ok']);
  });

  it('B5 B6 B7 B19: saturated — seconds of latency, errors growing with the ramp, Cloudflare 520/522 HTML pages', async () => {
    at(t.clock, 26 * MIN);
    const early = await sample(80, ticker);
    at(t.clock, 38 * MIN);
    const late = await sample(80, ticker);
    expect(late.meanMs).toBeGreaterThan(1500);
    expect(failures(late.kinds)).toBeGreaterThan(failures(early.kinds));
    expect(failures(late.kinds) / 80).toBeGreaterThan(0.3);
    expect(Object.keys(late.kinds)).toEqual(expect.arrayContaining(['EService:Busy', 'EService:Unavailable', 'http 520', 'http 522']));
    const page = late.seen.find((s) => s.kind === 'http 522')!;
    expect(page.contentType).toMatch(/^text\/html/);
    expect(page.body).toContain('Connection timed out');
    const depth = await tally(40, () => t.bot.pub('Depth', { pair: 'XBTUSD', count: 5 }));
    expect(depth.empty).toBeGreaterThan(0);
  });

  it('B14: non-essential endpoints are shed first (OHLC mostly refused while Ticker mostly answers)', async () => {
    const ohlc = await tally(40, () => t.bot.pub('OHLC', { pair: 'XBTUSD' }));
    const tick = await tally(40, ticker);
    expect(ohlc['EService:Unavailable']).toBeGreaterThanOrEqual(32);
    expect(tick.ok).toBeGreaterThan(ohlc.ok ?? 0);
  });

  it('B10 B22 B23: an AddOrder answered with a 502 page was placed; refused ones were not; the mode stays online', async () => {
    at(t.clock, 52 * MIN);
    const p = await lastPrice(t.bot);
    const replies: string[] = [];
    for (let i = 1; i <= 40; i++) {
      replies.push((await t.bot.priv('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: px(p, 0.8), volume: '0.01', userref: i })).kind);
    }
    expect(replies).toContain('http 502');
    expect(replies).toContain('EService:Busy');
    const open = (await t.bot.until(() => t.bot.priv('OpenOrders'))).result.open as Record<string, { userref: number }>;
    const placed = replies.flatMap((k, i) => (k === 'ok' || k === 'http 502' ? [i + 1] : []));
    expect(Object.values(open).map((o) => o.userref).filter((u) => u > 0).sort((a, b) => a - b)).toEqual(placed);
    expect(open[resting]).toBeDefined();
    expect((await t.bot.until(() => t.bot.pub('SystemStatus'))).result.status).toBe('online');
  });

  it('recovery tail: errors decay, then clean and instant again; nothing lost (B23)', async () => {
    at(t.clock, 70 * MIN);
    const tail = await sample(60, ticker);
    expect(failures(tail.kinds)).toBeGreaterThan(0);
    expect(tail.kinds.ok).toBeGreaterThan(40);
    at(t.clock, 111 * MIN);
    expect(await sample(40, ticker)).toMatchObject({ kinds: { ok: 40 }, meanMs: 0 });
    expect((await t.bot.priv('QueryOrders', { txid: resting })).result[resting].status).toBe('open');
    expect(auditExchange(t.exchange)).toEqual([]);
  });
});

describe('abrupt-500s (Cloudflare P0 2022, K22, K4): sudden plain 500s and EGeneral:Internal error', () => {
  let t: Replay;
  let resting: string;
  const time = () => t.bot.pub('Time');
  beforeAll(async () => {
    t = await replay('abrupt-500s');
  });

  it('B1 B5 B7: clean until the second the fault starts, then most requests fail at once', async () => {
    at(t.clock, 2 * MIN);
    const p = await lastPrice(t.bot);
    resting = (await t.bot.priv('AddOrder', { pair: 'XBTUSD', type: 'sell', ordertype: 'limit', price: px(p, 1.3), volume: '0.01' })).result.txid[0];
    expect((await t.bot.priv('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'market', volume: '0.01' })).kind).toBe('ok');
    at(t.clock, 10 * MIN - 1);
    expect(await tally(30, time)).toEqual({ ok: 30 });
    at(t.clock, 10 * MIN);
    const seen: Seen[] = [];
    for (let i = 0; i < 60; i++) seen.push(await time());
    const kinds: Record<string, Seen[]> = {};
    for (const s of seen) (kinds[s.kind] ??= []).push(s);
    expect(kinds['http 500']!.length).toBeGreaterThanOrEqual(28);
    expect(kinds['EGeneral:Internal error']!.length).toBeGreaterThanOrEqual(6);
    expect(kinds.ok!.length).toBeLessThanOrEqual(18);
    expect(kinds['http 500']![0]).toMatchObject({ body: '500 Internal Server Error\n', contentType: expect.stringMatching(/^text\/plain/) });
    expect(kinds['EGeneral:Internal error']![0]).toMatchObject({ status: 200, body: '{"error":["EGeneral:Internal error"]}' });
  });

  it('B19 B23: a refused AddOrder placed nothing; the engine stays online behind the errors', async () => {
    const before = Object.keys((await t.bot.until(() => t.bot.priv('OpenOrders'))).result.open).length;
    const replies = await tally(30, (i) => t.bot.priv('AddOrder', { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', price: '1000.0', volume: '0.01', userref: 100 + i }));
    const after = Object.keys((await t.bot.until(() => t.bot.priv('OpenOrders'))).result.open).length;
    expect(after - before).toBe(replies.ok);
    expect(failures(replies)).toBeGreaterThan(15);
    expect((await t.bot.until(() => t.bot.pub('SystemStatus'))).result.status).toBe('online');
  });

  it('the fix rolls out (fewer errors), a monitoring tail, then none; B10: the resting order survived', async () => {
    at(t.clock, 20 * MIN);
    const investigating = failures(await tally(80, time));
    at(t.clock, 40 * MIN);
    const fixing = failures(await tally(80, time));
    at(t.clock, 60 * MIN);
    const monitoring = failures(await tally(80, time));
    at(t.clock, 103 * MIN);
    const resolved = failures(await tally(80, time));
    expect(investigating).toBeGreaterThan(50);
    expect(fixing).toBeLessThan(investigating / 2);
    expect(monitoring).toBeLessThan(fixing);
    expect(resolved).toBe(0);
    expect((await t.bot.priv('QueryOrders', { txid: resting })).result[resting].status).toBe('open');
    expect((await t.bot.priv('TradesHistory')).result.count).toBe(1);
    expect(auditExchange(t.exchange)).toEqual([]);
  });
});
