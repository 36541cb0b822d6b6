import { describe, expect, it } from 'vitest';
import { createExchange } from '../app.js';
import { Journal, type JournalEntry } from '../control/journal.js';
import { parseDec } from '../exchange/decimal.js';
import type { ScenarioInput } from '../scenario/schema.js';
import { verdictJUnit } from './junit.js';
import { verdictText } from './report.js';
import { judge } from './verdict.js';

const SCENARIO: ScenarioInput = {
  name: 'judged',
  accounts: [{ name: 'bot', balances: { USD: '100000' } }],
  timeline: [
    { name: 'calm', duration: '1m' },
    { name: 'outage', duration: '2m', faults: [{ effect: { kind: 'status', status: 502 } }] },
    { name: 'back' },
  ],
  expect: {
    maxRequestRate: { perSecond: 2 }, backoff: true, retryAfter: true, noLockout: true, watchStatus: { every: '1m' },
    reconcile: { within: '1m' }, noDuplicateOrders: true, deadMansSwitch: true, reconnects: { perMinute: 5 },
  },
};

/** A journal entry at `t` ms after the start. */
function entry(start: number, t: number, over: Partial<JournalEntry> = {}): Omit<JournalEntry, 'seq'> {
  return { time: start + t, transport: 'rest', ip: '127.0.0.1', account: 'bot', route: 'Ticker', op: 'ticker', status: 200, outcome: 'ok', error: undefined, faults: [], latencyMs: 0, detail: undefined, ...over };
}

async function setup() {
  const { exchange, engine, clock, scenario } = await createExchange({ scenario: SCENARIO, clock: 'manual' });
  const journal = new Journal(100_000);
  const start = clock.now();
  const bad = { status: 502, outcome: 'fault' as const, faults: ['status#0'] };
  return { exchange, engine, scenario, journal, start, bad, end: start + 5 * 60_000 };
}

const statusOf = (v: ReturnType<typeof judge>) => Object.fromEntries(v.checks.map((c) => [c.id, c.status]));

describe('the verdict', () => {
  it('a naive client (hammers, no backoff, ignores Retry-After, no status page, no reconcile, duplicates an order) fails', async () => {
    const s = await setup();
    for (let t = 60_000; t < 180_000; t += 100) s.journal.record(entry(s.start, t, s.bad));
    s.journal.record(entry(s.start, 70_000, { status: 429, outcome: 'fault', faults: ['x'], retryAfterMs: 30_000 }));
    s.journal.record(entry(s.start, 70_050, s.bad));
    s.journal.record(entry(s.start, 71_000, { error: 'EGeneral:Temporary lockout', outcome: 'error' }));
    for (let t = 0; t < 10; t++) s.journal.record(entry(s.start, 200_000 + t * 1000, { transport: 'ws', route: 'ws:connect/v2', status: 101, account: undefined }));
    // An order placed though its reply was lost, then placed again (a few ms after arrival, as on the real clock).
    const input = { symbol: 'BTC/USD', side: 'buy' as const, type: 'limit' as const, volume: parseDec('0.01')!, price: parseDec('1000')!, flags: new Set<never>(), timeInForce: 'GTC' as const };
    const placed = s.exchange.trading.place('bot', input, s.start + 65_003, false);
    const copy = s.exchange.trading.place('bot', input, s.start + 66_002, false);
    if (!placed.ok || !copy.ok) throw new Error('the orders were refused');
    s.journal.record(entry(s.start, 65_000, { route: 'AddOrder', op: 'place-order', ...s.bad, status: 0, latencyMs: 5, effects: { created: [placed.order.id] }, detail: { pair: 'XBTUSD', type: 'buy', volume: '0.01', price: '1000' } }));
    s.journal.record(entry(s.start, 66_000, { route: 'AddOrder', op: 'place-order', latencyMs: 4, effects: { created: [copy.order.id] }, detail: { pair: 'XBTUSD', type: 'buy', volume: '0.01', price: '1000' } }));
    s.journal.record(entry(s.start, 10_000, { route: 'CancelAllOrdersAfter', op: 'cancel-after', detail: { timeout: '60' } }));
    const v = judge(s.scenario, s.engine, s.exchange, s.journal, s.start, s.end);
    expect(v.passed).toBe(false);
    expect(statusOf(v)).toEqual({
      maxRequestRate: 'fail', backoff: 'fail', retryAfter: 'fail', noLockout: 'fail', watchStatus: 'fail',
      reconcile: 'fail', noDuplicateOrders: 'fail', deadMansSwitch: 'fail', reconnects: 'fail',
    });
    expect(v.checks.find((c) => c.id === 'maxRequestRate')!.evidence[0]).toMatch(/^peak 10\.\d+ requests\/s over 10s at t\+0:0\d:\d\d\.\d{3} \(phase "outage"\); limit 2\/s$/);
    expect(v.checks.find((c) => c.id === 'noDuplicateOrders')!.evidence).toEqual([
      `${placed.order.id} was placed at t+0:01:05.003 though its reply was lost (HTTP 0); copies: ${copy.order.id} at t+0:01:06.002`,
    ]);
    expect(v.phases.map((p) => [p.name, p.requests])).toEqual([['calm', 1], ['outage', 1205], ['back', 10]]);
  });

  it('a resilient client (backs off, polls the status page, reconciles, keeps the switch alive) passes', async () => {
    const s = await setup();
    let t = 60_000;
    for (let gap = 1_000; t < 180_000; gap = Math.min(gap * 2, 30_000)) {
      s.journal.record(entry(s.start, t, s.bad));
      t += gap;
    }
    for (let p = 60_000; p < 180_000; p += 30_000) s.journal.record(entry(s.start, p + 500, { transport: 'status', route: '/api/v2/status.json', account: undefined }));
    s.journal.record(entry(s.start, 185_000, { route: 'OpenOrders', op: 'open-orders' }));
    for (let k = 0; k <= 290_000; k += 30_000) s.journal.record(entry(s.start, k + 100, { route: 'CancelAllOrdersAfter', op: 'cancel-after', detail: { timeout: '60' } }));
    const v = judge(s.scenario, s.engine, s.exchange, s.journal, s.start, s.end);
    expect(statusOf(v)).toEqual({
      maxRequestRate: 'pass', backoff: 'pass', retryAfter: 'n/a', noLockout: 'pass', watchStatus: 'pass',
      reconcile: 'pass', noDuplicateOrders: 'n/a', deadMansSwitch: 'pass', reconnects: 'n/a',
    });
    expect(v.passed).toBe(true);
    const text = verdictText(v);
    expect(text).toContain('verdict for "judged": PASSED');
    expect(text).toMatch(/PASS {2}backoff: backs off \(growing gaps\) after errors\n {10}1 run\(s\) of failures, each backed off/);
    const junit = verdictJUnit(v);
    expect(junit).toContain('<testsuite name="judged" tests="9" failures="0" errors="0" skipped="3"');
    expect(junit).toContain('<skipped message="no reply carried Retry-After"/>');
  });

  it('declares nothing: no checks, passed; bad options are refused by the scenario schema', async () => {
    const { exchange, engine, clock, scenario } = await createExchange({ scenario: { name: 'free', timeline: [{ name: 'x' }] }, clock: 'manual' });
    const v = judge(scenario, engine, exchange, new Journal(), clock.now(), clock.now() + 1000);
    expect(v).toMatchObject({ passed: true, checks: [] });
    await expect(createExchange({ scenario: { name: 'bad', expect: { backoff: { growth: 0.5 } } } as ScenarioInput })).rejects.toThrow(/expect\.backoff/);
  });
});
