import type { WebSocket } from 'ws';
import type { Clock } from '../../../clock/clock.js';
import type { Journal } from '../../../control/journal.js';
import type { Account } from '../../../exchange/account.js';
import type { Exchange } from '../../../exchange/exchange.js';
import type { ApiError } from '../rest/errors.js';
import { binanceProblem } from '../error-words.js';
import { userEventsOf } from '../user/user-events.js';
import { UserLink } from '../user/user-link.js';
import type { ExpiringLink, FaultedLink, Rejection } from '../ws/stream-faults.js';
import type { FrameInfo } from '../ws/stream-link.js';
import type { WsAction } from '../../../faults/outcome.js';
import type { Operation } from '../../../exchange/operations.js';
import { responseFrame, type WsAnswer } from './envelope.js';
import { METHODS, UNSUPPORTED, type MethodResult, type Subscriptions } from './methods.js';
import { textParams } from './signed-params.js';
import { wsOrderDetail } from '../rest/journal-entry.js';
import { BinanceLimits } from '../rest/limits.js';
import { wsLimitAnswer } from './limit-answer.js';

const err = (code: number, msg: string): ApiError => ({ code, msg, status: 400 });
/** -2035 / -2036: the user data subscription is already active / not active on this connection. */
const ACTIVE = err(-2035, 'User Data Stream subscription already active.');
const INACTIVE = err(-2036, 'User Data Stream subscription not active.');
/** A frame that is no JSON request object. UNCONFIRMED code and text (the reference documents none). */
const MALFORMED = err(-1000, 'Malformed request.');
/** `params` holding an object or array. */
const BAD_PARAMS = err(-1130, 'Invalid data sent for a parameter.');

/** The run's WebSocket faults as a session meets them (StreamFaults): connection faults, request rejects, event frame faults. */
export interface SessionFaults {
  opened(link: FaultedLink): void;
  request(link: ExpiringLink, method: string, op: Operation | undefined): Rejection | undefined;
  frame(link: { readonly path: string }, info: FrameInfo): WsAction[];
}

/**
 * One connection to Binance's WebSocket API (`/ws-api/v3`): JSON requests `{id,method,params}`
 * answered `{id,status,result|error,rateLimits}`, and user data subscriptions whose events arrive
 * on the same socket as `{"subscriptionId":n,"event":{…}}` (one per account per connection, ids
 * from 0). Each request is written to the journal under `ws:<method>` with its neutral operation.
 * The scenario's WebSocket faults apply (path `/ws-api/v3`): a `reject` answers a request with
 * Binance's error frame instead of running it; `stall` silences the session (requests go
 * unanswered and unrun, events unsent) and `disconnect` closes it; frame faults act on the pushed
 * events by their channel (`executionReport`…); `expire-token` ends its user-data subscriptions
 * (`eventStreamTerminated`), at a request and at a phase start. Each request's weight is charged
 * to its IP's minute in `limits` (the run's, shared with REST): over the limit it is answered 429
 * -1003 (or 418 on the ban ladder) unrun, and `rateLimits` reports the shared count.
 */
export class WsApiSession implements Subscriptions {
  private readonly subs = new Map<number, { account: Account; stop: () => void }>();
  private nextSub = 0;
  private readonly link: UserLink;

  constructor(
    socket: WebSocket, private readonly exchange: Exchange, private readonly clock: Clock, private readonly ip: string,
    private readonly journal?: Journal, private readonly faults?: SessionFaults,
    private readonly limits: BinanceLimits = new BinanceLimits(exchange),
  ) {
    this.link = new UserLink(socket, '/ws-api/v3', clock, faults);
    // An `expire-token` fault ends the session's user-data subscriptions, as userDataStream.unsubscribe does.
    this.link.credential = { held: () => this.subs.size > 0, expire: () => void this.unsubscribe(undefined) };
    socket.on('message', (data, binary) => {
      if (!binary) this.handle(String(data));
    });
    socket.on('close', () => this.unsubscribe(undefined));
    faults?.opened(this.link);
  }

  /** Answers one text frame (a stalled session neither runs nor answers it). */
  handle(text: string): void {
    if (this.link.stalled) return;
    const now = this.clock.now();
    let req: { id?: unknown; method?: unknown; params?: unknown };
    try {
      req = JSON.parse(text) as typeof req;
    } catch {
      req = {};
    }
    const id = req.id ?? null;
    const name = typeof req.method === 'string' ? req.method.replace(/^v3\//, '') : undefined;
    const method = name !== undefined && Object.hasOwn(METHODS, name) ? METHODS[name] : undefined;
    const params = textParams(req.params);
    this.exchange.sync(now);
    const banned = this.limits.banned(this.ip, now);
    const rejected = banned || name === undefined ? undefined : this.faults?.request(this.link, name, method?.op);
    const refused = banned ?? this.limits.weigh(this.ip, method && params && !rejected ? method.weight(params) : 1, now).refusal;
    const out: MethodResult = refused ? { answer: wsLimitAnswer(refused, now) }
      : typeof req !== 'object' || req === null || name === undefined ? { answer: { ok: false, error: MALFORMED } }
      : rejected ? { answer: { ok: false, error: rejected } }
      : !method ? { answer: { ok: false, error: UNSUPPORTED } }
      : !params ? { answer: { ok: false, error: BAD_PARAMS } }
      : method.run({ exchange: this.exchange, now, params, subscriptions: this, limits: this.limits });
    const used = { count: this.limits.weight.peek(this.ip, now), limit: this.limits.weightLimit(now) };
    this.send(responseFrame(id, out.answer, params?.returnRateLimits === 'false' ? undefined : used));
    this.journal?.record({
      time: now, transport: 'ws', ip: this.ip, account: out.account?.name, route: `ws:${name ?? '?'}`, ...(method?.op ? { op: method.op } : {}),
      status: out.answer.ok ? 200 : out.answer.error.status, outcome: rejected ? 'fault' : refused ? 'refused' : out.answer.ok ? 'ok' : 'error',
      ...(out.answer.ok ? {} : { problem: binanceProblem(out.answer.error.code, out.answer.error.msg, out.answer.error.status) }),
      error: out.answer.ok ? undefined : `${out.answer.error.code}: ${out.answer.error.msg}`, faults: rejected?.fired ?? [], latencyMs: 0, detail: wsOrderDetail(method?.op, params), effects: out.effects,
    });
  }

  /** Starts `account`'s user data on this connection (`-2035` when it already has it). */
  subscribe(account: Account): WsAnswer {
    if ([...this.subs.values()].some((s) => s.account === account)) return { ok: false, error: ACTIVE };
    const subscriptionId = this.nextSub++;
    const stop = userEventsOf(this.exchange).subscribe(account, (event) => this.link.event(JSON.stringify({ subscriptionId, event }), event));
    this.subs.set(subscriptionId, { account, stop });
    return { ok: true, result: { subscriptionId } };
  }

  /** Ends one subscription (or, with no id, all), each with `eventStreamTerminated`; `-2036` when none matches. */
  unsubscribe(id: number | undefined): WsAnswer {
    const ids = id === undefined ? [...this.subs.keys()] : this.subs.has(id) ? [id] : [];
    if (ids.length === 0) return { ok: false, error: INACTIVE };
    const now = this.clock.now();
    for (const subscriptionId of ids) {
      this.subs.get(subscriptionId)?.stop();
      this.subs.delete(subscriptionId);
      // After the answer, as Binance orders them.
      queueMicrotask(() => this.send(JSON.stringify({ subscriptionId, event: { e: 'eventStreamTerminated', E: now } })));
    }
    return { ok: true, result: {} };
  }

  private send(text: string): void {
    this.link.send(text);
  }
}
