import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { StatusPage } from '../api/status/status-page.js';
import { createExchange } from '../app.js';
import type { ManualClock } from '../clock/clock.js';
import { dec, toNumber } from '../exchange/decimal.js';
import type { OrderInput } from '../exchange/trading.js';
import { effectSchema, wsEventsOf, type Effect } from '../faults/kinds/index.js';
import type { ScenarioInput } from '../scenario/schema.js';
import { RUN_TAIL_MS } from '../verdict/run-length.js';
import { ControlError } from './control-error.js';
import type { Run } from './controller.js';
import { cycleStart, phaseActivity, SPARK_BUCKETS } from './dashboard-activity.js';
import { CHART_WINDOW_MS, priceChart } from './dashboard-chart.js';
import { dashboardView, JUDGED_PHASES, judgedFrom } from './dashboard.js';
import { faultMenu } from './fault-menu.js';
import { Journal, type JournalEntry } from './journal.js';
import { STREAM_BACKLOG_BYTES, STREAM_REPLAY, streamJournal } from './journal-stream.js';

const MIN = 60_000;
const trader = (name: string) => ({ name, balances: { USD: '100000', XBT: '2' }, nonceWindow: 0 });
const market = { pairs: { 'XBT/USD': { price: 50000 }, 'ETH/USD': null }, step: '5s' };

/** calm, a 502 storm, then an open-ended last phase. */
const OUTAGE: ScenarioInput = {
  name: 'outage', market, accounts: [trader('alice'), trader('bob')],
  timeline: [{ name: 'calm', duration: '1m' }, { name: 'storm', duration: '2m', faults: [{ effect: { kind: 'status', status: 502 } }] }, { name: 'back' }],
  expect: { retryAfter: true, noDuplicateOrders: true, noLockout: true },
};
/** Two finite phases: the engine adds the open-ended "end" after them. */
const FINITE: ScenarioInput = { ...OUTAGE, name: 'finite', timeline: [{ name: 'calm', duration: '1m' }, { name: 'storm', duration: '1m' }] };
const LOOP: ScenarioInput = { ...OUTAGE, name: 'loop', loop: true, timeline: [{ name: 'a', duration: '1m' }, { name: 'b', duration: '2m' }] };

type TestRun = Run & { clock: ManualClock; journal: Journal; start: number; advance(ms: number): number; at(t: number, over?: Partial<JournalEntry>): void };

async function runOf(scenario: ScenarioInput): Promise<TestRun> {
  const made = await createExchange({ scenario, clock: 'manual', seed: 7 });
  const { exchange, engine } = made;
  const clock = made.clock as ManualClock;
  const journal = new Journal(1000);
  const start = clock.now();
  return {
    ...made, clock, journal, start, status: new StatusPage(engine, exchange), sweepConnections: () => {}, alive: () => true, journalFrom: 0,
    advance(ms) {
      clock.advance(ms);
      exchange.sync(clock.now());
      return clock.now();
    },
    at(t, over = {}) {
      journal.record({ time: start + t, transport: 'rest', ip: '127.0.0.1', account: 'alice', route: 'Ticker', status: 200, outcome: 'ok', error: undefined, faults: [], latencyMs: 0, detail: undefined, ...over });
    },
  };
}

const fault = { account: 'bob', status: 502, outcome: 'fault' as const, faults: ['status#0'] };
const nonZero = (xs: number[]): [number, number][] => xs.flatMap((x, i): [number, number][] => (x === 0 ? [] : [[i, x]]));

describe('phaseActivity and cycleStart', () => {
  it('buckets requests and failures per phase (half-open phases, closes not counted); the open-ended last phase stops at now, a minute at least', async () => {
    const r = await runOf(OUTAGE);
    r.at(0);
    r.at(2_500, fault);
    r.at(MIN - 1);
    r.at(MIN, fault);
    r.at(MIN + 1_000, { transport: 'ws', route: 'ws:close', status: 1006, outcome: 'closed' });
    r.at(3 * MIN + 1_000, { error: 'EGeneral:Invalid arguments', outcome: 'error' });
    const now = r.advance(3 * MIN + 30_000);
    expect(cycleStart(r.engine, now)).toBe(r.start);
    const [calm, storm, back] = phaseActivity(r.engine, r.journal, now);
    expect(calm).toMatchObject({ index: 0, name: 'calm', start: r.start, end: r.start + MIN, bucketMs: 2_500, requests: 3, errors: 1 });
    expect(calm!.requestsPerSecond).toHaveLength(SPARK_BUCKETS);
    expect(nonZero(calm!.requestsPerSecond)).toEqual([[0, 0.4], [1, 0.4], [23, 0.4]]);
    expect(nonZero(calm!.errorsPerSecond)).toEqual([[1, 0.4]]);
    expect(storm).toMatchObject({ start: r.start + MIN, end: r.start + 3 * MIN, bucketMs: 5_000, requests: 1, errors: 1 });
    expect(nonZero(storm!.requestsPerSecond)).toEqual([[0, 0.2]]);
    expect(back).toMatchObject({ start: r.start + 3 * MIN, end: r.start + 4 * MIN, requests: 1, errors: 1 });
    const later = r.advance(6 * MIN + 30_000);
    expect(phaseActivity(r.engine, r.journal, later)[2]).toMatchObject({ end: later, bucketMs: (7 * MIN) / SPARK_BUCKETS, requests: 1 });
    expect(cycleStart(r.engine, later)).toBe(r.start);
  });

  it('leaves out entries later than now (an earlier life of a restarted run: the journal outlives restarts)', async () => {
    const r = await runOf(OUTAGE);
    r.at(10_000);
    r.at(90_000, fault);
    expect(phaseActivity(r.engine, r.journal, r.start + 20_000).map((p) => p.requests)).toEqual([1, 0, 0]);
    expect(phaseActivity(r.engine, r.journal, r.start + 90_000).map((p) => p.requests)).toEqual([1, 1, 0]);
  });

  it('counts one account only when asked', async () => {
    const r = await runOf(OUTAGE);
    r.at(0);
    r.at(1_000, fault);
    r.at(2_000, { account: undefined });
    const now = r.advance(3_000);
    const byAlice = phaseActivity(r.engine, r.journal, now, 'alice');
    const byBob = phaseActivity(r.engine, r.journal, now, 'bob');
    expect(byAlice.map((p) => [p.requests, p.errors])).toEqual([[1, 0], [0, 0], [0, 0]]);
    expect(byBob.map((p) => [p.requests, p.errors])).toEqual([[1, 1], [0, 0], [0, 0]]);
    expect(phaseActivity(r.engine, r.journal, now)[0]!.requests).toBe(3);
  });

  it('the verdict so far looks back over at most JUDGED_PHASES phases: whole cycles of a loop, the whole run otherwise', async () => {
    const loop = await runOf(LOOP);
    const cycle = 3 * MIN;
    // Two phases a cycle: 1,000 cycles, the one in force and the 999 before it.
    expect(judgedFrom(loop.engine, loop.start + 5_000 * cycle + 30_000)).toBe(loop.start + (5_000 - 999) * cycle);
    expect(JUDGED_PHASES / loop.engine.phases.length).toBe(1_000);
    expect(judgedFrom(loop.engine, loop.start + 10 * cycle)).toBe(loop.start);
    const finite = await runOf(FINITE);
    expect(judgedFrom(finite.engine, finite.start + 400 * 86_400_000)).toBe(finite.start);
  });

  it('a looping scenario: sparklines and counts of the pass in force, totals over every pass; every phase is finite', async () => {
    const r = await runOf(LOOP);
    r.at(10_000, fault);
    r.at(MIN + 1_000);
    r.at(6 * MIN + 10_000, fault);
    r.at(7 * MIN + 5_000);
    const now = r.advance(7 * MIN + 10_000);
    expect(cycleStart(r.engine, now)).toBe(r.start + 6 * MIN);
    expect(cycleStart(r.engine, r.start + 6 * MIN - 1)).toBe(r.start + 3 * MIN);
    expect(phaseActivity(r.engine, r.journal, now)).toMatchObject([
      { name: 'a', start: r.start + 6 * MIN, end: r.start + 7 * MIN, requests: 1, errors: 1, total: { requests: 2, errors: 2 } },
      { name: 'b', start: r.start + 7 * MIN, end: r.start + 9 * MIN, bucketMs: 5_000, requests: 1, errors: 0, total: { requests: 2, errors: 0 } },
    ]);
    expect(cycleStart(r.engine, r.start + 9 * MIN)).toBe(r.start + 9 * MIN);
    // Pass 4 has seen nothing yet; the totals keep passes 1 and 3 (and one account's only, when asked).
    const fourth = phaseActivity(r.engine, r.journal, r.start + 9 * MIN);
    expect(fourth.map((p) => [p.requests, p.errors, p.total.requests, p.total.errors])).toEqual([[0, 0, 2, 2], [0, 0, 2, 0]]);
    expect(phaseActivity(r.engine, r.journal, r.start + 9 * MIN, 'bob').map((p) => [p.requests, p.total.requests])).toEqual([[0, 2], [0, 0]]);
  });

  it('the view says which pass of a loop is in force (1 on), none for a timeline that does not loop', async () => {
    const loop = await runOf(LOOP);
    expect((dashboardView(loop, loop.journal, {}).cycle as { pass: number }).pass).toBe(1);
    loop.advance(7 * MIN);
    expect(dashboardView(loop, loop.journal, {}).cycle).toEqual({ start: loop.start + 6 * MIN, length: 3 * MIN, pass: 3 });
    const once = await runOf(OUTAGE);
    once.advance(10 * MIN);
    expect(dashboardView(once, once.journal, {}).cycle).toEqual({ start: once.start, length: null, pass: null });
  });
});

const limit = (side: 'buy' | 'sell', price: bigint, volume: string, post = false): OrderInput => ({
  symbol: 'BTC/USD', side, type: 'limit', volume: dec(volume), price, flags: new Set(post ? ['post'] : []), timeInForce: 'GTC',
});

/** Alice rests a sell inside the spread that Bob takes (a fill each), and a buy far below that stays open. */
async function traded(): Promise<TestRun> {
  const r = await runOf(OUTAGE);
  const m = r.exchange.market('BTC/USD')!;
  const mid = (m.book.best('buy')!.price + m.book.best('sell')!.price) / 2n / m.tick * m.tick;
  expect(r.exchange.trading.place('alice', limit('sell', mid, '0.1', true), r.start).ok).toBe(true);
  expect(r.exchange.trading.place('bob', limit('buy', mid, '0.04'), r.start).ok).toBe(true);
  expect(r.exchange.trading.place('alice', limit('buy', mid / 2n / m.tick * m.tick, '0.01'), r.start).ok).toBe(true);
  return r;
}

describe('priceChart', () => {
  it("shows one account's orders and fills only when filtered, every account's otherwise", async () => {
    const r = await traded();
    const now = r.advance(5 * MIN);
    const all = priceChart(r.exchange, 'BTC/USD', r.start, now)!;
    expect(all.orders.map((o) => [o.account, o.side]).sort()).toEqual([['alice', 'buy'], ['alice', 'sell'], ['bob', 'buy']]);
    expect(new Set(all.fills.map((f) => f.account))).toEqual(new Set(['alice', 'bob']));
    expect(all.fills).toHaveLength(r.exchange.trading.fills.size);
    const alice = priceChart(r.exchange, 'BTC/USD', r.start, now, 'alice')!;
    expect(alice.orders.map((o) => [o.account, o.side]).sort()).toEqual([['alice', 'buy'], ['alice', 'sell']]);
    expect(alice.fills.length).toBeGreaterThan(0);
    expect(alice.fills).toEqual(all.fills.filter((f) => f.account === 'alice'));
    const bob = priceChart(r.exchange, 'BTC/USD', r.start, now, 'bob')!;
    expect(bob.orders.map((o) => [o.account, o.status, o.closedAt])).toEqual([['bob', 'closed', r.start]]);
    expect(bob.fills.map((f) => [f.account, f.volume])).toEqual([['bob', 0.04]]);
    expect(priceChart(r.exchange, 'ETH/USD', r.start, now, 'alice')).toMatchObject({ pair: 'ETH/USD', orders: [], fills: [] });
    expect(priceChart(r.exchange, 'SOL/USD', r.start, now)).toBeUndefined();
  });

  it('points are in time order inside [from, now] and end at now with the last price', async () => {
    const r = await traded();
    const now = r.advance(5 * MIN);
    const chart = priceChart(r.exchange, 'BTC/USD', r.start, now)!;
    expect(chart).toMatchObject({ pair: 'BTC/USD', from: r.start, to: now });
    expect(chart.points.length).toBeGreaterThan(2);
    const times = chart.points.map(([t]) => t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times.every((t) => t >= r.start && t <= now)).toBe(true);
    expect(chart.points.at(-1)).toEqual([now, toNumber(r.exchange.market('BTC/USD')!.last)]);
  });

  it('keeps to the last CHART_WINDOW_MS: orders closed and fills made before it drop out, open orders stay', async () => {
    const r = await traded();
    const now = r.advance(CHART_WINDOW_MS + 5 * MIN);
    const chart = priceChart(r.exchange, 'BTC/USD', r.start, now)!;
    expect(chart.from).toBe(now - CHART_WINDOW_MS);
    expect(chart.orders.map((o) => [o.account, o.side, o.closedAt])).toEqual([['alice', 'buy', null]]);
    expect(chart.fills).toEqual([]);
    expect(chart.points.every(([t]) => t >= chart.from)).toBe(true);
  });
});

describe('dashboardView', () => {
  const statuses = (v: Record<string, unknown>) => Object.fromEntries((v.verdict as { checks: { id: string; status: string }[] }).checks.map((c) => [c.id, c.status]));

  it('says "not yet" for a check without its chance until `chaos-exchange run` would judge (timeline end + tail), "n/a" after', async () => {
    const r = await runOf(FINITE);
    const first = dashboardView(r, r.journal, {});
    expect(first).toMatchObject({ accounts: ['alice', 'bob'], pairs: ['BTC/USD', 'ETH/USD'], cycle: { start: r.start, length: null }, verdict: { declared: true } });
    expect(statuses(first)).toEqual({ retryAfter: 'not yet', noDuplicateOrders: 'not yet', noLockout: 'pass' });
    r.advance(2 * MIN + RUN_TAIL_MS - 1);
    expect(statuses(dashboardView(r, r.journal, {}))).toEqual({ retryAfter: 'not yet', noDuplicateOrders: 'not yet', noLockout: 'pass' });
    r.advance(1);
    const over = dashboardView(r, r.journal, {});
    expect(statuses(over)).toEqual({ retryAfter: 'n/a', noDuplicateOrders: 'n/a', noLockout: 'pass' });
    expect((over.activity as { name: string }[]).map((p) => p.name)).toEqual(['calm', 'storm', 'end']);
  });

  it('a looping timeline never ends: "not yet" stays; the cycle has a length', async () => {
    const r = await runOf(LOOP);
    r.advance(10 * MIN);
    const v = dashboardView(r, r.journal, {});
    expect(v.cycle).toEqual({ start: r.start + 9 * MIN, length: 3 * MIN, pass: 4 });
    expect(statuses(v)).toEqual({ retryAfter: 'not yet', noDuplicateOrders: 'not yet', noLockout: 'pass' });
  });

  it('follows the chosen pair (any of its names) and account; the status page names each component\'s group', async () => {
    const r = await traded();
    r.at(0, { account: 'bob' });
    const v = dashboardView(r, r.journal, { pair: 'XETHZUSD', account: 'bob' });
    expect(v.chart).toMatchObject({ pair: 'ETH/USD', orders: [] });
    expect((dashboardView(r, r.journal, { pair: 'xbtusd', account: 'bob' }).chart as { orders: { account: string }[] }).orders.map((o) => o.account)).toEqual(['bob']);
    expect((v.activity as { requests: number }[]).map((p) => p.requests)).toEqual([1, 0, 0]);
    const status = v.status as { indicator: string; components: { name: string; group: boolean; parent: string | null }[] };
    expect(status.indicator).toBe('none');
    const groups = new Set(status.components.filter((c) => c.group).map((c) => c.name));
    expect(groups.size).toBeGreaterThan(0);
    expect(status.components.filter((c) => c.parent !== null).every((c) => groups.has(c.parent!))).toBe(true);
  });

  it('refuses an unknown account, an unknown pair and a pair this scenario does not list, with 400', async () => {
    const r = await runOf(OUTAGE);
    const refusal = (q: { pair?: string; account?: string }): ControlError => {
      try {
        dashboardView(r, r.journal, q);
      } catch (e) {
        return e as ControlError;
      }
      throw new Error(`expected a refusal for ${JSON.stringify(q)}`);
    };
    expect(refusal({ account: 'mallory' })).toMatchObject({ status: 400, message: 'account: no account "mallory" (accounts: alice, bob)' });
    expect(refusal({ pair: 'NOPE/USD' })).toMatchObject({ status: 400, message: 'pair: not a listed pair: "NOPE/USD" (pairs: BTC/USD, ETH/USD)' });
    expect(refusal({ pair: 'SOL/USD' })).toBeInstanceOf(ControlError);
    expect(refusal({ pair: 'SOL/USD' }).status).toBe(400);
  });
});

describe('faultMenu', () => {
  const menu = faultMenu();
  const kind = (k: string) => menu.find((m) => m.kind === k)!;

  it('lists every kind of the effect schema once, with the transport the rules give it', () => {
    const kinds = effectSchema.options.map((o) => o.shape.kind.value);
    expect(menu.map((m) => m.kind)).toEqual(kinds);
    expect(new Set(kinds).size).toBe(kinds.length);
    for (const m of menu) expect([m.kind, m.transport]).toEqual([m.kind, wsEventsOf({ kind: m.kind } as Effect) ? 'ws' : 'rest']);
    expect(['status', 'error', 'latency', 'reset', 'ambiguous'].map((k) => kind(k).transport)).toEqual(['rest', 'rest', 'rest', 'rest', 'rest']);
    expect(['disconnect', 'refuse', 'freeze', 'drop-message', 'reject-request'].map((k) => kind(k).transport)).toEqual(['ws', 'ws', 'ws', 'ws', 'ws']);
  });

  it('gives each kind its options as form fields: required or not, enums with their values, never `kind` itself', () => {
    const status = kind('status').fields;
    expect(status.map((f) => f.name)).toEqual(['status', 'page', 'retryAfter']);
    expect(status[0]).toMatchObject({ name: 'status', required: true, type: 'integer' });
    expect(status[1]).toMatchObject({ name: 'page', required: false, type: 'enum', values: ['cloudflare', 'nginx', 'plain'], description: expect.stringContaining('edge') });
    expect(status[2]).toMatchObject({ name: 'retryAfter', required: false });
    expect(kind('disconnect').fields.map((f) => [f.name, f.required])).toEqual([['code', false], ['reason', false], ['after', false]]);
    expect(kind('stall').fields).toEqual([]);
    expect(menu.every((m) => m.fields.every((f) => f.name !== 'kind'))).toBe(true);
  });

  it('a duration option is a text field, though the schema keeps durations in $defs', () => {
    expect(kind('latency').fields.find((f) => f.name === 'fixed')).toMatchObject({ type: 'string', required: false });
    expect(kind('disconnect').fields.find((f) => f.name === 'after')).toMatchObject({ type: 'string', description: expect.any(String) });
  });
});

/** A response that keeps what is written and reports as much unsent as the test says (a slow client). */
function standIn(headers: Record<string, string> = {}) {
  const out = { written: [] as string[], writableLength: 0, closed: [] as (() => void)[] };
  const onClose = (_: 'close', fn: () => void): number => out.closed.push(fn);
  const res = { writeHead: () => res, write: (s: string) => out.written.push(s), on: onClose, once: onClose, destroy: () => undefined };
  Object.defineProperty(res, 'writableLength', { get: () => out.writableLength });
  const events = () => out.written.join('').split('\n\n').filter((b) => b.startsWith('id:') || b.startsWith('event: gap')).map((b) => b.split('\n').at(-1)!);
  const socket = Object.assign(new EventEmitter(), { readableEnded: false });
  return { out, events, req: { headers, socket } as unknown as IncomingMessage, res: res as unknown as ServerResponse };
}

describe('streamJournal', () => {
  const ticker = (j: Journal, n: number) => { for (let i = 0; i < n; i++) j.record({ time: i, transport: 'rest', ip: '::1', account: undefined, route: 'Ticker', status: 200, outcome: 'ok', error: undefined, faults: [], latencyMs: 0, detail: undefined }); };
  /** Each entry's seq, or `gap N`, from the `data:` lines sent. */
  const seqs = (data: string[]) => data.map((d) => JSON.parse(d.slice('data: '.length)) as { seq?: number; skipped?: number }).map((v) => v.seq ?? `gap ${v.skipped}`);

  it('replays the latest STREAM_REPLAY entries, or those after a valid Last-Event-ID', () => {
    const j = new Journal(1000);
    ticker(j, STREAM_REPLAY + 50);
    const fresh = standIn();
    streamJournal(fresh.req, fresh.res, j, {});
    expect(seqs(fresh.events())).toEqual(Array.from({ length: STREAM_REPLAY }, (_, i) => 51 + i));
    const resumed = standIn({ 'last-event-id': '245' });
    streamJournal(resumed.req, resumed.res, j, { after: 10 });
    expect(seqs(resumed.events())).toEqual([246, 247, 248, 249, 250]);
    // A reconnect that missed more than the replay is told how many; a seq beyond the journal's
    // (the server restarted) starts again from the beginning.
    const late = standIn({ 'last-event-id': '10' });
    streamJournal(late.req, late.res, j, {});
    expect(seqs(late.events())).toEqual(['gap 40', ...Array.from({ length: STREAM_REPLAY }, (_, i) => 51 + i)]);
    const elsewhere = standIn({ 'last-event-id': '9999' });
    streamJournal(elsewhere.req, elsewhere.res, j, {});
    expect(seqs(elsewhere.events())).toEqual(['gap 50', ...Array.from({ length: STREAM_REPLAY }, (_, i) => 51 + i)]);
    const garbled = standIn({ 'last-event-id': 'x' });
    streamJournal(garbled.req, garbled.res, j, { after: 248 });
    expect(seqs(garbled.events())).toEqual([249, 250]);
  });

  it('skips entries while the client is more than STREAM_BACKLOG_BYTES behind, then says how many with a gap; stops when closed', () => {
    const j = new Journal(100);
    const s = standIn();
    streamJournal(s.req, s.res, j, {});
    ticker(j, 1);
    s.out.writableLength = STREAM_BACKLOG_BYTES + 1;
    ticker(j, 3);
    s.out.writableLength = STREAM_BACKLOG_BYTES;
    ticker(j, 2);
    expect(seqs(s.events())).toEqual([1, 'gap 3', 5, 6]);
    s.out.closed.forEach((fn) => fn());
    ticker(j, 1);
    expect(seqs(s.events())).toEqual([1, 'gap 3', 5, 6]);
  });
});
