import type { Clock } from '../../../clock/clock.js';
import type { Rng } from '../../../clock/rng.js';
import type { Exchange } from '../../../exchange/exchange.js';
import { BookFeed } from './book-feed.js';
import { InstrumentFeed } from './feeds.js';
import { Fanout } from './fanout.js';
import { openLink, WsLink } from './link.js';
import type { WsFaults } from './ws-faults.js';
import type { WsJournal } from './ws-journal.js';
import type { WsSocket } from './ws-socket.js';
import { connectionId, iso, nestsTooDeep, parseObject } from './wire.js';
import { PrivateSession } from './private-v2.js';
import { CHANNELS } from './channels-v2.js';
import type { Steps } from './backlog.js';
import { EXCEEDED_MSG_RATE } from './message-budget.js';
import { distinct, overCap } from './subscription-caps.js';
import { pairByKrakenName } from '../names.js';

/** A v2 connection: its link, and the authenticated side of a `/v2-auth` connection. */
interface Connection {
  link: WsLink;
  session: PrivateSession | undefined;
}

/**
 * Kraken's WebSocket API v2 on `/v2` (public) and `/v2-auth` (private): the status frame on
 * connect and on every mode change, ping/pong, subscribe/unsubscribe with Kraken's acks and
 * errors, heartbeats, and channels fed by the same simulated market as REST, each frame computed
 * once for all subscribers. Every frame goes through the connection's WsLink, where the
 * scenario's WebSocket faults act.
 */
export class KrakenWsV2 {
  private readonly connections = new Map<WsLink, Connection>();
  private readonly fanout: Fanout;

  constructor(private readonly exchange: Exchange, private readonly clock: Clock, private readonly rng: Rng, private readonly faults: WsFaults, private readonly journal: WsJournal) {
    this.fanout = new Fanout('/v2', faults, exchange.trading.conditions.mode(undefined, clock.now()));
  }

  /** After a market step: status on a mode change, feed updates, heartbeats to subscribed connections that got nothing. */
  publish(now: number, mode: string): void {
    this.fanout.round(now, mode, this.connections.keys(), {
      status: (link) => this.status(link), heartbeat: '{"channel":"heartbeat"}',
      subscribed: (link) => link.feeds.size > 0 || this.connections.get(link)?.session?.subscribed === true,
    });
  }

  /** Closes every connection (server shutdown). */
  close(): void {
    for (const link of this.connections.keys()) link.socket.terminate();
  }

  /** A new connection on `/v2` or `/v2-auth`. */
  open(socket: WsSocket, path: string, ip: string): void {
    const link = new WsLink(socket, path, ip, connectionId(this.rng), this.clock, this.faults);
    const c: Connection = { link, session: undefined };
    if (path === '/v2-auth') c.session = new PrivateSession(this.exchange, link, () => this.clock.now());
    this.connections.set(link, c);
    openLink(link, this.journal, this.faults, this.status(link), {
      onText: (text, admitted) => this.receive(c, text, admitted),
      onGone: () => {
        c.session?.close();
        this.connections.delete(link);
        this.fanout.drop(link);
      },
    });
  }

  /** The status frame: the engine's mode as SystemStatus reports it. */
  private status(link: WsLink): string {
    const system = this.exchange.trading.conditions.mode(undefined, this.clock.now());
    return `{"channel":"status","type":"update","data":[{"api_version":"v2","connection_id":${link.id},"system":"${system}","version":"2.0.0"}]}`;
  }

  /** One client message; a subscribe's per-symbol steps are returned for the connection's Backlog to take. */
  private receive(c: Connection, text: string, admitted: boolean): Steps | void {
    const { link } = c;
    if (link.stalled) return;
    const timeIn = iso(this.clock.now());
    const times = (): { time_in: string; time_out: string } => ({ time_in: timeIn, time_out: iso(this.clock.now()) });
    const msg = parseObject(text) as { method?: unknown; params?: Record<string, unknown>; req_id?: unknown } | undefined;
    const method = typeof msg?.method === 'string' ? msg.method : 'error';
    // Only a finite number is echoed: 1e400 parses to Infinity, which JSON would write as null.
    const reqId = typeof msg?.req_id === 'number' && Number.isFinite(msg.req_id) ? { req_id: msg.req_id } : {};
    const fail = (error: string): void => this.reply(link, { error, method, success: false, ...reqId, ...times() });
    const params = msg?.params && typeof msg.params === 'object' ? msg.params : {};
    // The connection's own budget first; the scenario's message limit, when on, counts what gets past it.
    if (!admitted || !this.faults.admit(link)) {
      this.journal.request(link, method, params.token, 'refused', EXCEEDED_MSG_RATE);
      return fail(EXCEEDED_MSG_RATE);
    }
    if (!msg) {
      this.journal.request(link, method, undefined, 'error', 'Malformed request');
      return this.reply(link, { error: 'Malformed request', method: 'error', success: false, ...times() });
    }
    if (nestsTooDeep(msg)) {
      this.journal.request(link, method, undefined, 'error', 'Malformed request');
      return fail('Malformed request');
    }
    const symbols = Array.isArray(params.symbol) ? params.symbol : [];
    const refused = this.faults.request(link, {
      name: method, channel: typeof params.channel === 'string' ? params.channel : undefined,
      pair: typeof symbols[0] === 'string' ? pairByKrakenName(symbols[0])?.symbol : undefined, token: params.token,
    });
    if (refused) {
      this.journal.request(link, method, params.token, 'fault', refused);
      return fail(refused);
    }
    // A private request is journaled once answered: with its first error and the orders it touched.
    const answered = c.session?.handle(method, params, reqId, times);
    if (answered) return this.journal.answered(link, method, params.token, answered);
    this.journal.request(link, method, params.token);
    if (msg.method === 'ping') return this.reply(link, { method: 'pong', ...reqId, ...times() });
    if (c.session) return fail('Method not found');
    if (method !== 'subscribe' && method !== 'unsubscribe') return fail('Method not found');
    return this.subscription(link, method, params, reqId, times);
  }

  /** A public (un)subscribe: checked whole against the caps, then one step per distinct symbol (its ack, then its snapshot). */
  private *subscription(link: WsLink, method: 'subscribe' | 'unsubscribe', params: Record<string, unknown>, reqId: object, times: () => object): Steps {
    if (params.channel === 'instrument') return this.instrument(link, method, reqId, times);
    // Own keys only: a channel named `constructor` or `{"toString":1}` is just an unknown channel.
    const channel = typeof params.channel === 'string' && Object.hasOwn(CHANNELS, params.channel) ? CHANNELS[params.channel as keyof typeof CHANNELS] : undefined;
    if (!channel) return this.reply(link, { error: 'Subscription name invalid', method, success: false, ...reqId, ...times() });
    const problem = channel.check(params);
    if (problem) return this.reply(link, { error: problem, method, success: false, ...reqId, ...times() });
    const symbols = params.symbol;
    if (!Array.isArray(symbols) || symbols.length === 0 || !symbols.every((s) => typeof s === 'string')) {
      return this.reply(link, { error: 'Malformed request', method: 'error', success: false, ...reqId, ...times() });
    }
    const wantSnapshot = typeof params.snapshot === 'boolean' ? params.snapshot : channel.snapshot;
    const name = params.channel as string;
    const keyOf = (symbol: string): string => `${name}/${symbol}/${channel.keyPart(params)}`;
    const wanted = distinct(symbols as string[]);
    const adding = method === 'subscribe' ? wanted.filter((s) => this.exchange.markets.has(s) && !link.feeds.has(keyOf(s))).length : 0;
    const over = overCap('symbols', wanted.length, link.feeds.size, adding);
    if (over) return this.reply(link, { error: over, method, success: false, ...reqId, ...times() });
    for (const symbol of wanted) {
      // Each step runs when the Backlog gets to it: the market as it is then.
      const now = this.clock.now();
      this.exchange.sync(now);
      const market = this.exchange.markets.get(symbol);
      if (!market) {
        this.reply(link, { error: `Currency pair not supported ${symbol}`, method, success: false, symbol, ...reqId, ...times() });
        yield;
        continue;
      }
      const key = keyOf(symbol);
      const result = { channel: name, ...channel.ack(params), ...(method === 'subscribe' ? { snapshot: wantSnapshot } : {}), symbol };
      if (method === 'unsubscribe') {
        this.fanout.unsubscribe(link, key);
        this.reply(link, { method, result, success: true, ...reqId, ...times() });
        yield;
        continue;
      }
      const e = this.fanout.entry(key, () => {
        const feed = channel.make(market, params);
        return { feed, channel: name, pair: symbol, wrap: (p) => p, stale: feed instanceof BookFeed ? (t: number) => feed.stale(t) : undefined, subscribers: new Set() };
      });
      this.reply(link, { method, result, success: true, ...reqId, ...times() });
      // The snapshot comes from a fresh feed: the shared one keeps its state for everyone's updates.
      this.fanout.subscribe(link, key, e, now, wantSnapshot ? () => channel.make(market, params).snapshot(now) : undefined);
      yield;
    }
  }

  /** The instrument channel: one feed for the whole exchange, no symbol parameter. */
  private instrument(link: WsLink, method: 'subscribe' | 'unsubscribe', reqId: object, times: () => object): void {
    const key = 'instrument';
    const over = overCap('symbols', 0, link.feeds.size, method === 'subscribe' && !link.feeds.has(key) ? 1 : 0);
    if (over) return this.reply(link, { error: over, method, success: false, ...reqId, ...times() });
    if (method === 'unsubscribe') {
      this.fanout.unsubscribe(link, key);
      return this.reply(link, { method, result: { channel: key }, success: true, ...reqId, ...times() });
    }
    const e = this.fanout.entry(key, () => ({ feed: new InstrumentFeed(this.exchange), channel: key, pair: undefined, wrap: (p) => p, subscribers: new Set() }));
    this.reply(link, { method, result: { channel: key, snapshot: true }, success: true, ...reqId, ...times() });
    this.fanout.subscribe(link, key, e, this.clock.now(), () => new InstrumentFeed(this.exchange).snapshot(this.clock.now()));
  }

  private reply(link: WsLink, body: Record<string, unknown>): void {
    link.send(JSON.stringify(body));
  }
}
