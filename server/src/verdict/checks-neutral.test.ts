import { describe, expect, it } from 'vitest';
import { createExchange } from '../app.js';
import type { JournalEntry } from '../control/journal.js';
import { phaseSpans } from './phases.js';
import { deadMansSwitch, reconcile } from './checks-recovery.js';
import type { CheckContext } from './check.js';

/** A context over `entries` (times in ms after the start) for a run: calm 1m, outage 2m, then back; 5 minutes in all. */
async function contextOf(entries: Partial<JournalEntry>[]): Promise<CheckContext> {
  const { exchange, engine, clock } = await createExchange({
    scenario: { name: 'neutral', timeline: [{ name: 'calm', duration: '1m' }, { name: 'outage', duration: '2m', mode: 'maintenance' }, { name: 'back' }] },
    clock: 'manual',
  });
  const start = clock.now();
  return {
    entries: entries.map((e, i) => ({
      seq: i + 1, transport: 'rest', ip: '127.0.0.1', account: 'bot', route: 'x', status: 200, outcome: 'ok', error: undefined, faults: [], latencyMs: 0, detail: undefined, ...e, time: start + (e.time ?? 0),
    })),
    spans: phaseSpans(engine, start, start + 300_000), start, end: start + 300_000, exchange,
  };
}

describe('the recovery checks judge neutral operations, not a dialect\'s names', () => {
  it('reconcile passes on a balance check whatever the dialect calls it', async () => {
    const f = reconcile({ within: '1m' }, await contextOf([{ time: 190_000, route: 'GET /api/v3/account', op: 'balance' }]));
    expect(f.status).toBe('pass');
  });

  it('reconcile passes on a private subscription, and not on a public one', async () => {
    expect(reconcile({ within: '1m' }, await contextOf([{ time: 190_000, transport: 'ws', route: 'ws:subscribe', op: 'subscribe-private' }])).status).toBe('pass');
    expect(reconcile({ within: '1m' }, await contextOf([{ time: 190_000, transport: 'ws', route: 'ws:subscribe', op: 'subscribe' }])).status).toBe('fail');
  });

  it('reconcile does not count a Kraken method name that carries no operation', async () => {
    const f = reconcile({ within: '1m' }, await contextOf([{ time: 190_000, route: 'OpenOrders' }, { time: 191_000, route: 'Ticker', op: 'ticker' }]));
    expect(f).toEqual({ status: 'fail', evidence: ['recovery at t+0:03:00.000 (phase "back"): no open-orders/query-orders/closed-orders/balance… nor private subscription within 1m'] });
  });

  it('the dead man\'s switch is every `cancel-after` call, by whatever name', async () => {
    const calls = [0, 50_000, 100_000, 150_000, 200_000, 250_000].map((t): Partial<JournalEntry> => ({ time: t, route: t % 100_000 ? 'ws:cancel_all_orders_after' : 'DELETE /api/v3/cancel-after', op: 'cancel-after', detail: { timeout: '60' } }));
    expect(deadMansSwitch({ every: '60s' }, await contextOf(calls))).toEqual({ status: 'pass', evidence: ['6 keep-alive call(s), never more than 60s apart'] });
    const f = deadMansSwitch({ every: '60s' }, await contextOf([...calls.slice(0, 2), { time: 100_000, route: 'CancelAllOrdersAfter', detail: { timeout: '60' } }]));
    expect(f.status).toBe('fail');
  });
});
