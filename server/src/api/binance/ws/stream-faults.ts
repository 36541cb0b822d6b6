import type { Clock } from '../../../clock/clock.js';
import type { Rng } from '../../../clock/rng.js';
import type { WsAction } from '../../../faults/outcome.js';
import { BINANCE_API_HOST } from '../hosts.js';
import { BINANCE_WS_ENDPOINTS } from './endpoints.js';
import { faultError } from '../../error-words.js';
import type { Operation } from '../../../exchange/operations.js';
import { binanceReplyOf, type BinanceErrorReply } from '../error-words.js';
import { channelOperation, controlOperation } from '../operations.js';
import { ConnectionFaults, type ConnectionFaultSource, type MetLink, type Refusal } from '../../ws-connection-faults.js';
import type { FrameInfo } from './stream-link.js';

/**
 * A connection as the connection faults meet it (a market-stream link, a WebSocket API session's or
 * a listenKey stream's): its endpoint name (`/ws`, `/stream`, `/ws-api/v3`, `user-stream`), stall flag and close.
 */
export type FaultedLink = ExpiringLink & MetLink;

/**
 * A connection that may hold a credential for its lifetime (a listen-key stream's key, a WebSocket
 * API session's user-data subscriptions), which an `expire-token` fault ends.
 */
export interface ExpiringLink {
  readonly path: string;
  readonly credential?: {
    /** Whether it holds one now (only then does the scenario's `session` event come). */
    held(): boolean;
    /** Ends it as its lapse would. */
    expire(): void;
  } | undefined;
}

/** A `reject` fault's answer in Binance's words (code, text, HTTP-like status) and the rules that fired. */
export interface Rejection extends BinanceErrorReply {
  fired: string[];
}

/** Connection attempts one IP may make per CONNECT_WINDOW_MS (§6.1: 300 per 5 minutes); more are refused with 429. */
export const MAX_CONNECTS = 300;
/** See MAX_CONNECTS. */
export const CONNECT_WINDOW_MS = 5 * 60_000;

/** The channel of a stream name as fault rules name it: the name without its symbol and speed (`btcusdt@depth@100ms` → `depth`). */
export const channelOf = (stream: string): string => stream.split('@')[1] ?? stream;

/**
 * Binance's market streams as the fault pipeline sees them: upgrades, connections (on open and at
 * each phase start), shared stream updates (`feed`, for freeze), frames and control requests
 * become WsTargets (built by ConnectionFaults) with Binance's host; the scenario says what to do.
 * Also refuses an IP's connection attempts beyond MAX_CONNECTS per CONNECT_WINDOW_MS (always on,
 * as Binance's limit is; CHOICE: refused with an edge 429 page, the reference is silent on the reply).
 */
export class StreamFaults extends ConnectionFaults<FaultedLink> {
  private readonly attempts = new Map<string, number[]>();

  constructor(source: ConnectionFaultSource | undefined, clock: Clock, rng: Rng) {
    super(source, clock, rng, { host: BINANCE_API_HOST, endpoints: BINANCE_WS_ENDPOINTS });
  }

  /** Before an upgrade: the refusal to send instead (connection limit, or a `refuse` fault), or undefined to accept. */
  upgrade(path: string, ip: string): Refusal | undefined {
    const now = this.clock.now();
    const recent = (this.attempts.get(ip) ?? []).filter((t) => t > now - CONNECT_WINDOW_MS);
    recent.push(now);
    this.attempts.set(ip, recent.slice(-MAX_CONNECTS - 1));
    return recent.length > MAX_CONNECTS ? this.overLimit() : this.refusal(path);
  }

  /** Whether a shared stream is frozen this round (it sends nothing and keeps its place, so it resumes without a gap). */
  frozen(path: string, info: FrameInfo): boolean {
    return this.decide({ event: 'feed', path, ...info, op: channelOperation(info.channel) }).actions.some((a) => a.do === 'freeze');
  }

  /** The frame faults for one payload on one connection (a market stream's, or a user-data event's: channel `executionReport`…). */
  frame(link: { readonly path: string }, info: FrameInfo): WsAction[] {
    return this.decide({ event: 'frame', path: link.path, ...info, op: channelOperation(info.channel) }).actions;
  }

  /**
   * A client request: a stream connection's control message (`SUBSCRIBE`…) or a WebSocket API
   * method (`order.place`, with its operation): Binance's code, text and status to answer instead
   * (a `reject` fault), or undefined to go on. An `expire-token` fault first ends the credential the
   * connection holds (the WebSocket API's user-data subscriptions), as Kraken's revokes a request's token.
   */
  request(link: ExpiringLink, method: string, op: Operation | undefined = controlOperation(method)): Rejection | undefined {
    const { actions, fired } = this.decide({ event: 'request', path: link.path, request: method, op });
    if (actions.some((a) => a.do === 'expire-token') && link.credential?.held()) link.credential.expire();
    const reject = actions.find((a) => a.do === 'reject');
    return reject ? { ...binanceReplyOf(faultError(reject.error), this.clock.now()), fired } : undefined;
  }

  /** A credential the connection holds may end first (a `session` event's `expire-token`), then the neutral connection faults. */
  protected override meet(link: FaultedLink): void {
    if (link.credential?.held() && this.decide({ event: 'session', path: link.path }).actions.some((a) => a.do === 'expire-token')) link.credential.expire();
    super.meet(link);
  }
}
