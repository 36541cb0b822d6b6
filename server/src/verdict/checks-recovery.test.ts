import { describe, expect, it } from 'vitest';
import { createExchange } from '../app.js';
import type { JournalEntry } from '../control/journal.js';
import { parseDec } from '../exchange/decimal.js';
import type { OrderInput } from '../exchange/trading.js';
import { phaseSpans } from './phases.js';
import { noDuplicateOrders } from './checks-recovery.js';
import type { CheckContext } from './check.js';

const INPUT: OrderInput = { symbol: 'BTC/USD', side: 'buy', type: 'limit', volume: parseDec('0.01')!, price: parseDec('1000')!, flags: new Set(), timeInForce: 'GTC' };

/** An exchange with two accounts and a context over `entries` (times in ms after the start). */
async function setup() {
  const { exchange, engine, clock } = await createExchange({
    scenario: { name: 'dupes', accounts: [{ name: 'bot', balances: { USD: '100000' } }, { name: 'other', balances: { USD: '100000' } }] }, clock: 'manual',
  });
  const start = clock.now();
  const place = (account: string, t: number): string => {
    const r = exchange.trading.place(account, INPUT, start + t);
    if (!r.ok) throw new Error(`refused: ${r.code}`);
    return r.order.id;
  };
  const ctx = (entries: Partial<JournalEntry>[]): CheckContext => ({
    entries: entries.map((e, i) => ({
      seq: i + 1, transport: 'rest', ip: '127.0.0.1', account: 'bot', route: 'AddOrder', status: 200, outcome: 'ok', error: undefined, faults: [], latencyMs: 0, detail: undefined, ...e, time: start + (e.time ?? 0),
    })),
    spans: phaseSpans(engine, start, start + 600_000), start, end: start + 600_000, exchange,
  });
  return { place, ctx };
}

describe('noDuplicateOrders pairs a lost reply with the order it placed by id', () => {
  it('whatever the timestamps: the order is placed some ms after the request arrived, as on the real clock', async () => {
    const s = await setup();
    const first = s.place('bot', 1_007);
    const copy = s.place('bot', 2_013);
    const f = noDuplicateOrders({ window: '5m' }, s.ctx([
      { time: 1_000, latencyMs: 12, status: 502, outcome: 'fault', faults: ['lost'], effects: { created: [first] } },
      { time: 2_000, latencyMs: 15, effects: { created: [copy] } },
    ]));
    expect(f).toEqual({ status: 'fail', evidence: [`${first} was placed at t+0:00:01.007 though its reply was lost (HTTP 502); copies: ${copy} at t+0:00:02.013`] });
  });

  it('a failed request that created nothing is not paired with an order placed at that very moment', async () => {
    const s = await setup();
    s.place('bot', 1_000);
    s.place('bot', 2_000);
    const f = noDuplicateOrders({ window: '5m' }, s.ctx([{ time: 1_000, error: 'EOrder:Insufficient funds', outcome: 'error', detail: { pair: 'XBTUSD', type: 'buy', ordertype: 'limit', volume: '0.01', price: '1000' } }]));
    expect(f.status).toBe('n/a');
  });

  it('copies are later orders of the same account and order, within the window; one on the same clock tick counts', async () => {
    const s = await setup();
    const first = s.place('bot', 1_000);
    const sameTick = s.place('bot', 1_000);
    s.place('other', 1_500);
    s.place('bot', 1_000 + 5 * 60_000 + 1);
    const f = noDuplicateOrders({ window: '5m' }, s.ctx([{ time: 1_000, status: 0, outcome: 'fault', faults: ['lost'], effects: { created: [first] } }]));
    expect(f).toEqual({ status: 'fail', evidence: [`${first} was placed at t+0:00:01.000 though its reply was lost (HTTP 0); copies: ${sameTick} at t+0:00:01.000`] });
  });

  it('a lost reply without a copy passes', async () => {
    const s = await setup();
    const first = s.place('bot', 1_000);
    const f = noDuplicateOrders({ window: '5m' }, s.ctx([{ time: 990, status: 502, outcome: 'fault', faults: ['lost'], effects: { created: [first] } }]));
    expect(f).toEqual({ status: 'pass', evidence: ['1 lost reply(ies), no duplicate order'] });
  });
});
