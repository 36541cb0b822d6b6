import { krakenProblem } from '../error-words.js';
import type { Clock } from '../../../clock/clock.js';
import type { Effects, Journal, JournalOutcome } from '../../../control/journal.js';
import type { Exchange } from '../../../exchange/exchange.js';
import type { Operation } from '../../../exchange/operations.js';
import { isLimitRefusal } from '../limit-errors.js';
import { wsOperation } from '../operations.js';
import type { WsLink } from './link.js';

/** How a private request was answered, for its journal entry: the first error it got, and what it changed (by id). */
export interface WsAnswered {
  error: string | undefined;
  effects: Effects | undefined;
}

/** Writes WebSocket traffic to the journal: connection attempts, client requests and closes. */
export class WsJournal {
  constructor(private readonly journal: Journal | undefined, private readonly exchange: Exchange, private readonly clock: Clock) {}

  /** A connection attempt: accepted (`ok`, status 101) or refused with an HTTP status. */
  connect(path: string, ip: string, refusedWith?: number, fired: string[] = []): void {
    const outcome: JournalOutcome = refusedWith === undefined ? 'ok' : fired.length ? 'fault' : 'refused';
    this.write(ip, undefined, `ws:connect${path}`, refusedWith ?? 101, outcome, undefined, fired);
  }

  /** A client message (`ping`, `subscribe`, `add_order`…): `refused` by a limit, `fault` when a rule answered it. */
  request(link: WsLink, name: string, token: unknown, outcome: JournalOutcome = 'ok', error?: string): void {
    const account = this.accountOf(token);
    this.write(link.ip, account, `ws:${name}`, 0, outcome, error, [], undefined, wsOperation(name, account !== undefined));
  }

  /** A private request once answered: `error` (or `refused`, by a limit) when an answer was an error, with the orders it touched. */
  answered(link: WsLink, name: string, token: unknown, a: WsAnswered): void {
    const outcome: JournalOutcome = a.error === undefined ? 'ok' : isLimitRefusal(a.error) ? 'refused' : 'error';
    const account = this.accountOf(token);
    this.write(link.ip, account, `ws:${name}`, 0, outcome, a.error, [], a.effects, wsOperation(name, account !== undefined));
  }

  /** A connection closed, by either side (1006: dropped without a close frame). */
  closed(link: WsLink, code: number, reason: string): void {
    this.write(link.ip, undefined, `ws:close${link.path}`, code, 'closed', reason || undefined, []);
  }

  private accountOf(token: unknown): string | undefined {
    return typeof token === 'string' ? this.exchange.tokens.get(token)?.account : undefined;
  }

  private write(ip: string, account: string | undefined, route: string, status: number, outcome: JournalOutcome, error: string | undefined, faults: string[], effects?: Effects, op?: Operation): void {
    const problem = error === undefined ? undefined : krakenProblem(error);
    this.journal?.record({ time: this.clock.now(), transport: 'ws', ip, account, route, ...(op ? { op } : {}), ...(problem ? { problem } : {}), status, outcome, error, faults, latencyMs: 0, detail: undefined, effects });
  }
}
