import { describe, expect, it } from 'vitest';
import { binanceReplyProblem, restJournalEntry as binanceEntry } from '../src/api/binance/rest/journal-entry.js';
import { krakenReplyProblem } from '../src/api/kraken/rest/journal-entry.js';
import type { JournalEntry } from '../src/control/journal.js';
import { createExchange } from '../src/app.js';
import type { CheckContext } from '../src/verdict/check.js';
import { noLockout } from '../src/verdict/checks-traffic.js';

const entry = (over: Partial<JournalEntry>): JournalEntry =>
  ({ seq: 1, time: 0, transport: 'rest', ip: '127.0.0.1', account: 'bot', route: 'x', status: 200, outcome: 'ok', error: undefined, faults: [], latencyMs: 0, detail: undefined, ...over });
const ctx = (entries: JournalEntry[]): CheckContext => ({ entries, spans: [], start: 0, end: 60_000, exchange: undefined as never });

describe('journal entries name the neutral problem; noLockout reads it', () => {
  it('Kraken classifies its error strings and its edge\'s own 403/429', () => {
    expect(krakenReplyProblem([], 200, ['EAPI:Rate limit exceeded'])).toBe('rate-limited');
    expect(krakenReplyProblem([], 200, ['EGeneral:Temporary lockout'])).toBe('locked-out');
    expect(krakenReplyProblem([], 200, ['EQuery:Unknown asset pair'])).toBeUndefined();
    expect(krakenReplyProblem([], 403, [])).toBe('locked-out');
    expect(krakenReplyProblem(['status#0'], 429, [])).toBeUndefined();
  });

  it('Binance classifies its 429 -1003, 418 ban and -1015, and bare statuses no rule decided', () => {
    expect(binanceReplyProblem([], 429, { code: -1003, msg: 'Too much request weight used; …' })).toBe('rate-limited');
    expect(binanceReplyProblem([], 418, { code: -1003, msg: 'Way too much request weight used; IP banned until 1. …' })).toBe('locked-out');
    expect(binanceReplyProblem([], 429, { code: -1015, msg: 'Too many new orders.' })).toBe('rate-limited');
    expect(binanceReplyProblem([], 400, { code: -1121, msg: 'Invalid symbol.' })).toBeUndefined();
    expect(binanceReplyProblem([], 418, undefined)).toBe('locked-out');
  });

  it('a Binance journal entry carries `problem` from its reply body', async () => {
    const { exchange } = await createExchange({ clock: 'manual' });
    const req = { method: 'GET', path: '/api/v3/depth', query: 'symbol=BTCUSDT', body: '', headers: {}, ip: '127.0.0.1' } as never;
    const body = JSON.stringify({ code: -1003, msg: 'Way too much request weight used; IP banned until 1. Please use WebSocket Streams for live updates to avoid bans.' });
    const e = binanceEntry(exchange, req, 'GET /api/v3/depth', { kind: 'respond', status: 418, headers: {}, body }, [], 0, 5);
    expect(e).toMatchObject({ op: 'book', problem: 'locked-out', outcome: 'refused', error: expect.stringContaining('-1003') });
  });

  it('noLockout fails on a Binance 418 ban and a 429 -1003 refusal, by problem, and passes on other errors', () => {
    expect(noLockout(undefined, ctx([entry({ status: 418, problem: 'locked-out', error: '-1003: Way too much …', outcome: 'refused' })])).status).toBe('fail');
    expect(noLockout(undefined, ctx([entry({ status: 429, problem: 'rate-limited', error: '-1003: Too much request weight used', outcome: 'refused' })])).status).toBe('fail');
    // An error fault scripted as `rate-limited` under Binance punishes as Kraken's literal always did.
    expect(noLockout(undefined, ctx([entry({ status: 429, problem: 'rate-limited', error: '-1003: x', outcome: 'fault', faults: ['error#0'] })])).status).toBe('fail');
    expect(noLockout(undefined, ctx([entry({ status: 400, error: '-1121: Invalid symbol.', outcome: 'error' })])).status).toBe('pass');
    expect(noLockout(undefined, ctx([entry({ status: 503, problem: 'busy', error: '-1008: Server is currently overloaded…', outcome: 'fault', faults: ['error#0'] })])).status).toBe('pass');
  });

  it('Kraken entries without `problem` still count by their error\'s neutral meaning (Temporary lockout, Exceeded msg rate)', () => {
    expect(noLockout(undefined, ctx([entry({ error: 'EGeneral:Temporary lockout', outcome: 'refused' })])).status).toBe('fail');
    expect(noLockout(undefined, ctx([entry({ transport: 'ws', route: 'ws:add_order', error: 'Exceeded msg rate', outcome: 'refused' })])).status).toBe('fail');
    expect(noLockout(undefined, ctx([entry({ error: 'EService:Busy', outcome: 'fault', faults: ['error#0'] })])).status).toBe('pass');
  });
});
