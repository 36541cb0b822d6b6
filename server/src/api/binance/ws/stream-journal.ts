import type { Clock } from '../../../clock/clock.js';
import type { Journal, JournalOutcome } from '../../../control/journal.js';
import type { Operation } from '../../../exchange/operations.js';

/** The neutral operation of a control method: SUBSCRIBE and UNSUBSCRIBE are (un)subscriptions; the rest have none. */
const OPERATIONS: Partial<Record<string, Operation>> = { SUBSCRIBE: 'subscribe', UNSUBSCRIBE: 'unsubscribe' };

/**
 * Writes market-stream traffic to the journal, in the shape Kraken's WebSocket entries have:
 * `ws:connect<path>` (status 101, or the refusing HTTP status), `ws:<METHOD>` for each control
 * message (with its operation), `ws:close<path>` with the close code. Paths are `/ws` or `/stream`.
 */
export class StreamJournal {
  constructor(private readonly journal: Journal | undefined, private readonly clock: Clock) {}

  /** A connection attempt: accepted (101) or refused with an HTTP status (`fault` when rules refused it). */
  connect(path: string, ip: string, refusedWith?: number, fired: string[] = []): void {
    const outcome: JournalOutcome = refusedWith === undefined ? 'ok' : fired.length ? 'fault' : 'refused';
    this.write(ip, `ws:connect${path}`, refusedWith ?? 101, outcome, undefined, fired);
  }

  /** A control message by its method (`SUBSCRIBE`…; `invalid` when unreadable), with the error it was answered with, if any. */
  request(ip: string, method: string, error?: string, fired: string[] = []): void {
    const outcome: JournalOutcome = fired.length ? 'fault' : error === undefined ? 'ok' : 'error';
    this.write(ip, `ws:${method}`, 0, outcome, error, fired, OPERATIONS[method]);
  }

  /** A connection closed, by either side (1006: dropped without a close frame). */
  closed(path: string, ip: string, code: number, reason: string): void {
    this.write(ip, `ws:close${path}`, code, 'closed', reason || undefined, []);
  }

  private write(ip: string, route: string, status: number, outcome: JournalOutcome, error: string | undefined, faults: string[], op?: Operation): void {
    this.journal?.record({ time: this.clock.now(), transport: 'ws', ip, account: undefined, route, ...(op ? { op } : {}), status, outcome, error, faults, latencyMs: 0, detail: undefined, effects: undefined });
  }
}
