import { describe, expect, it } from 'vitest';
import { Journal, type JournalEntry } from './journal.js';

const entry = (time: number, over: Partial<JournalEntry> = {}): Omit<JournalEntry, 'seq'> => ({
  time, transport: 'rest', ip: '127.0.0.1', account: 'bot', route: 'Ticker', status: 200, outcome: 'ok', error: undefined,
  faults: [], latencyMs: 0, detail: undefined, ...over,
});

describe('Journal', () => {
  it('keeps only the latest `size` entries, in order, with sequence numbers that go on', () => {
    const j = new Journal(3);
    for (let t = 1; t <= 5; t++) j.record(entry(t));
    expect(j.list().map((e) => [e.seq, e.time])).toEqual([[3, 3], [4, 4], [5, 5]]);
    expect(j.total).toBe(5);
  });

  it('filters by account, route, transport, outcome, time, after and limit', () => {
    const j = new Journal(100);
    j.record(entry(1, { account: 'a' }));
    j.record(entry(2, { route: 'AddOrder', outcome: 'error', error: 'EOrder:Insufficient funds' }));
    j.record(entry(3, { transport: 'ws', route: 'ws:subscribe' }));
    j.record(entry(4));
    expect(j.list({ account: 'a' }).map((e) => e.seq)).toEqual([1]);
    expect(j.list({ route: 'AddOrder', outcome: 'error' }).map((e) => e.error)).toEqual(['EOrder:Insufficient funds']);
    expect(j.list({ transport: 'ws' }).map((e) => e.route)).toEqual(['ws:subscribe']);
    expect(j.list({ since: 3 }).map((e) => e.seq)).toEqual([3, 4]);
    expect(j.list({ after: 2 }).map((e) => e.seq)).toEqual([3, 4]);
    expect(j.list({ limit: 2 }).map((e) => e.seq)).toEqual([3, 4]);
  });

  it('entries no rule fired on share one frozen empty fault list; fired rules are kept as given', () => {
    const j = new Journal(10);
    const [a, b] = [j.record(entry(1)), j.record(entry(2, { faults: [] }))];
    expect(a.faults).toBe(b.faults);
    expect(Object.isFrozen(a.faults)).toBe(true);
    expect(j.record(entry(3, { faults: ['slow'] })).faults).toEqual(['slow']);
    expect(j.list().map((e) => e.faults)).toEqual([[], [], ['slow']]);
  });

  it('countSince counts the recent entries from the newest back', () => {
    const j = new Journal(1000);
    for (let t = 0; t < 500; t++) j.record(entry(t));
    expect(j.countSince(490)).toBe(10);
    expect(j.countSince(1_000)).toBe(0);
  });

  it('tells subscribers of each new entry; clear forgets entries but not the numbering', () => {
    const j = new Journal(10);
    const seen: number[] = [];
    const stop = j.subscribe((e) => seen.push(e.seq));
    j.record(entry(1));
    stop();
    j.record(entry(2));
    expect(seen).toEqual([1]);
    j.clear();
    expect(j.list()).toEqual([]);
    expect(j.record(entry(3)).seq).toBe(3);
    expect(j.list().map((e) => e.seq)).toEqual([3]);
    expect(() => new Journal(0)).toThrow(RangeError);
  });
});
