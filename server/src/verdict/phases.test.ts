import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../control/journal.js';
import { failed, phaseSummaries, spanIndex, type PhaseSpan } from './phases.js';

const span = (name: string, start: number, end: number): PhaseSpan => ({ name, label: name, start, end, calm: false });
const entry = (seq: number, time: number, over: Partial<JournalEntry> = {}): JournalEntry => ({
  seq, time, transport: 'rest', ip: '127.0.0.1', account: 'bot', route: 'Ticker', status: 200, outcome: 'ok', error: undefined, faults: [], latencyMs: 0, detail: undefined, ...over,
});

describe('failed requests', () => {
  it('a request refused by a limit is a failed one (backoff streaks count it), on REST and WebSocket alike', () => {
    expect(failed(entry(1, 0, { outcome: 'refused', error: 'EAPI:Rate limit exceeded' }))).toBe(true);
    expect(failed(entry(2, 0, { outcome: 'refused', status: 403 }))).toBe(true);
    expect(failed(entry(3, 0, { transport: 'ws', route: 'ws:add_order', status: 0, outcome: 'refused' }))).toBe(true);
    expect(failed(entry(4, 0))).toBe(false);
  });
});

describe('placing entries in phases', () => {
  it('spanIndex: start inclusive, end exclusive; before the first, in a gap or after the last is -1', () => {
    const spans = [span('a', 100, 200), span('b', 200, 300), span('c', 400, 500)];
    expect([99, 100, 199, 200, 299, 300, 399, 400, 499, 500].map((t) => spanIndex(spans, t))).toEqual([-1, 0, 0, 1, 1, -1, -1, 2, 2, -1]);
    expect(spanIndex([], 5)).toBe(-1);
  });

  it('phaseSummaries counts each request in the one phase it falls in, failures and faults apart, closes left out', () => {
    const spans = Array.from({ length: 2000 }, (_, i) => span(`p${i}`, i * 1000, (i + 1) * 1000));
    const entries = [
      entry(1, 0), entry(2, 999, { status: 502, outcome: 'fault', faults: ['storm'] }), entry(3, 1000),
      entry(4, 1500, { route: 'ws:close/v2', transport: 'ws' }), entry(5, 1_999_999, { error: 'EService:Unavailable', outcome: 'error' }), entry(6, 2_000_000),
    ];
    const out = phaseSummaries(spans, entries);
    expect(out[0]).toMatchObject({ name: 'p0', requests: 2, failed: 1, faulted: 1 });
    expect(out[1]).toMatchObject({ name: 'p1', requests: 1, failed: 0, faulted: 0 });
    expect(out[1999]).toMatchObject({ name: 'p1999', requests: 1, failed: 1 });
    expect(out.reduce((n, p) => n + (p.requests as number), 0)).toBe(4);
  });
});
