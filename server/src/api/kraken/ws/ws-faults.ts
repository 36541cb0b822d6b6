import type { Clock } from '../../../clock/clock.js';
import type { Rng } from '../../../clock/rng.js';
import type { Exchange } from '../../../exchange/exchange.js';
import { WS_CONNECTION_LIMIT, WS_MESSAGE_LIMIT, type CounterLimit } from '../../../exchange/rate-limits.js';
import type { WsAction } from '../../../faults/outcome.js';
import { faultError } from '../../error-words.js';
import { krakenErrorText } from '../error-words.js';
import { edgePage, rayId } from '../../../faults/pages.js';
import type { WsTarget } from '../../../faults/rules.js';
import type { FaultSource } from '../rest/service.js';
import { API_HOST } from '../hosts.js';
import { endpointFacts } from '../../dialect.js';
import { KRAKEN_WS_ENDPOINTS } from './endpoints.js';
import { channelOperation, wsOperation } from '../operations.js';
import type { FrameInfo, WsLink } from './link.js';

/** The scenario as the WebSocket side asks it: fault decisions, and which phase instance is in force. */
export interface WsFaultSource extends FaultSource {
  phaseKey(now: number): string;
}

/** An HTTP reply that refuses a WebSocket upgrade. */
export interface Refusal {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The rules that refused it (empty when a rate limit did). */
  fired: string[];
}

const withDefaults = (v: { max?: number | undefined; decay?: number | undefined }, d: CounterLimit): CounterLimit =>
  ({ max: v.max ?? d.max, decay: v.decay ?? d.decay });

/**
 * The WebSocket side of the fault pipeline: turns connection attempts, connections, shared feed
 * updates, frames and client requests into WsTargets, asks the scenario, and says what to do.
 * Also enforces the WebSocket rate limits when the scenario turns them on (messages per
 * connection, connection attempts per IP). Calm phases cost one `hasFaults` call per event.
 */
export class WsFaults {
  private phase: string;
  /** Every open connection, of both API versions (a phase start meets them all once). */
  private readonly links = new Set<WsLink>();

  constructor(
    private readonly source: WsFaultSource | undefined, private readonly exchange: Exchange,
    private readonly clock: Clock, private readonly rng: Rng,
  ) {
    this.phase = source?.phaseKey(clock.now()) ?? '';
  }

  /** Before an upgrade: the refusal to send instead (connection limit, or a `refuse` fault), or undefined to accept. */
  upgrade(path: string, ip: string): Refusal | undefined {
    const now = this.clock.now();
    const limit = this.exchange.trading.conditions.rateLimits(now).wsConnections;
    if (limit && !this.exchange.limiter.charge(`ws-connect/${ip}`, 1, withDefaults(limit, WS_CONNECTION_LIMIT), now)) {
      return { status: 429, ...edgePage(429, 'cloudflare', rayId(this.rng), API_HOST), fired: [] };
    }
    const { actions, fired } = this.decideFired({ event: 'upgrade', path });
    const a = actions[0];
    return a?.do === 'refuse' ? { status: a.status, headers: a.headers, body: a.body, fired } : undefined;
  }

  /** A connection as it opens: the scenario may close or stall it at once. */
  opened(link: WsLink): void {
    this.links.add(link);
    link.socket.once('close', () => this.links.delete(link));
    this.meet(link);
  }

  /** After every market step: at a phase edge, the new phase's connection faults meet every open connection (of both API versions). */
  tick(now: number): void {
    const key = this.source?.phaseKey(now) ?? '';
    if (key === this.phase) return;
    this.phase = key;
    if (!this.source?.hasFaults(now)) return;
    for (const link of [...this.links]) this.meet(link);
  }

  /** Every open connection meets the connection faults in force now (after a rule is injected). */
  sweep(): void {
    for (const link of [...this.links]) this.meet(link);
  }

  private meet(link: WsLink): void {
    for (const a of this.decide({ event: 'open', path: link.path })) {
      if (a.do === 'stall') link.stalled = true;
      else if (a.do === 'disconnect' && a.afterMs === 0) link.disconnect(a.code, a.reason);
      else if (a.do === 'disconnect') this.clock.schedule(this.clock.now() + a.afterMs, () => link.disconnect(a.code, a.reason));
    }
  }

  /** Whether a shared feed is frozen for this update (no update goes out; its state stays stale). */
  frozen(path: string, info: FrameInfo): boolean {
    return this.decide({ event: 'feed', path, channel: info.channel, op: channelOperation(info.channel), pair: info.pair }).some((a) => a.do === 'freeze');
  }

  /** The frame faults for one data frame on one connection. */
  frame(link: WsLink, info: FrameInfo): WsAction[] {
    return this.decide({ event: 'frame', path: link.path, channel: info.channel, op: channelOperation(info.channel), pair: info.pair });
  }

  /** A client message arrives: false when it is over the connection's message budget (answer "Exceeded msg rate"). */
  admit(link: WsLink): boolean {
    const now = this.clock.now();
    const limit = this.exchange.trading.conditions.rateLimits(now).wsMessages;
    return !limit || this.exchange.limiter.charge(`ws-msg/${link.id}`, 1, withDefaults(limit, WS_MESSAGE_LIMIT), now);
  }

  /**
   * A parsed client request: the error to answer instead of carrying it out, or undefined to go on.
   * An `expire-token` fault revokes the request's token first, so the session refuses it as Kraken does.
   */
  request(link: WsLink, req: { name: string; channel?: string | undefined; pair?: string | undefined; token?: unknown }): string | undefined {
    const account = typeof req.token === 'string' ? this.exchange.tokens.get(req.token)?.account : undefined;
    for (const a of this.decide({ event: 'request', path: link.path, request: req.name, op: wsOperation(req.name, account !== undefined), channel: req.channel, pair: req.pair, account })) {
      if (a.do === 'reject') return krakenErrorText(faultError(a.error));
      if (a.do === 'expire-token' && typeof req.token === 'string') this.exchange.tokens.delete(req.token);
    }
    return undefined;
  }

  private decide(t: Partial<WsTarget> & Pick<WsTarget, 'event' | 'path'>): WsAction[] {
    return this.decideFired(t).actions;
  }

  private decideFired(t: Partial<WsTarget> & Pick<WsTarget, 'event' | 'path'>): { actions: WsAction[]; fired: string[] } {
    const now = this.clock.now();
    if (!this.source?.hasFaults(now)) return { actions: [], fired: [] };
    const target: WsTarget = { transport: 'ws', channel: undefined, request: undefined, pair: undefined, account: undefined, host: API_HOST, ...endpointFacts(KRAKEN_WS_ENDPOINTS, t.path), ...t };
    const { outcomes, fired } = this.source.decide(target, now);
    return { actions: outcomes.flatMap((o) => (o.kind === 'ws' ? [o.action] : [])), fired };
  }
}
