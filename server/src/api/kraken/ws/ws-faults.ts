import type { Clock } from '../../../clock/clock.js';
import type { Rng } from '../../../clock/rng.js';
import type { Exchange } from '../../../exchange/exchange.js';
import { WS_CONNECTION_LIMIT, WS_MESSAGE_LIMIT, type CounterLimit } from '../../../exchange/rate-limits.js';
import type { WsAction } from '../../../faults/outcome.js';
import { faultError } from '../../error-words.js';
import { krakenErrorText } from '../error-words.js';
import { API_HOST } from '../hosts.js';
import { KRAKEN_WS_ENDPOINTS } from './endpoints.js';
import { channelOperation, wsOperation } from '../operations.js';
import { ConnectionFaults, type ConnectionFaultSource, type Refusal } from '../../ws-connection-faults.js';
import type { FrameInfo, WsLink } from './link.js';

const withDefaults = (v: { max?: number | undefined; decay?: number | undefined }, d: CounterLimit): CounterLimit =>
  ({ max: v.max ?? d.max, decay: v.decay ?? d.decay });

/**
 * Kraken's WebSocket side of the fault pipeline (both API versions): turns connection attempts,
 * connections, shared feed updates, frames and client requests into WsTargets with Kraken's host,
 * asks the scenario, and says what to do. Also enforces the WebSocket rate limits when the scenario
 * turns them on (messages per connection, connection attempts per IP).
 */
export class WsFaults extends ConnectionFaults<WsLink> {
  constructor(source: ConnectionFaultSource | undefined, private readonly exchange: Exchange, clock: Clock, rng: Rng) {
    super(source, clock, rng, { host: API_HOST, endpoints: KRAKEN_WS_ENDPOINTS });
  }

  /** Before an upgrade: the refusal to send instead (connection limit, or a `refuse` fault), or undefined to accept. */
  upgrade(path: string, ip: string): Refusal | undefined {
    const now = this.clock.now();
    const limit = this.exchange.trading.conditions.rateLimits(now).wsConnections;
    if (limit && !this.exchange.limiter.charge(`ws-connect/${ip}`, 1, withDefaults(limit, WS_CONNECTION_LIMIT), now)) return this.overLimit();
    return this.refusal(path);
  }

  /** Whether a shared feed is frozen for this update (no update goes out; its state stays stale). */
  frozen(path: string, info: FrameInfo): boolean {
    return this.decide({ event: 'feed', path, channel: info.channel, op: channelOperation(info.channel), pair: info.pair }).actions.some((a) => a.do === 'freeze');
  }

  /** The frame faults for one data frame on one connection. */
  frame(link: WsLink, info: FrameInfo): WsAction[] {
    return this.decide({ event: 'frame', path: link.path, channel: info.channel, op: channelOperation(info.channel), pair: info.pair }).actions;
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
    for (const a of this.decide({ event: 'request', path: link.path, request: req.name, op: wsOperation(req.name, account !== undefined), channel: req.channel, pair: req.pair, account }).actions) {
      if (a.do === 'reject') return krakenErrorText(faultError(a.error));
      if (a.do === 'expire-token' && typeof req.token === 'string') this.exchange.tokens.delete(req.token);
    }
    return undefined;
  }
}
