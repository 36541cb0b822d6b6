import { INTERVALS, type Interval } from '../../../exchange/candles.js';
import type { Exchange } from '../../../exchange/exchange.js';
import type { Market } from '../../../exchange/market.js';
import type { Rng } from '../../../clock/rng.js';
import type { Feed } from './feeds.js';
import { connectionId, nestsTooDeep, parseObject, textOf } from './wire.js';
import type { Clock } from '../../../clock/clock.js';
import { Fanout, type FeedEntry } from './fanout.js';

/** A v1 feed: Kraken's channel id and name (`book-10`) are part of every frame. */
interface FeedEntryV1 extends FeedEntry {
  channelId: number;
  channelName: string;
}
import { openLink, WsLink } from './link.js';
import type { WsFaults } from './ws-faults.js';
import type { WsJournal } from './ws-journal.js';
import type { WsSocket } from './ws-socket.js';
import { BookFeedV1 } from './book-feed-v1.js';
import { OhlcFeedV1, SpreadFeedV1, TickerFeedV1, TradeFeedV1 } from './feeds-v1.js';
import { PrivateSessionV1 } from './private-v1.js';
import type { Steps } from './backlog.js';
import { EXCEEDED_MSG_RATE } from './message-budget.js';
import { distinct, overCap } from './subscription-caps.js';
import { krakenPairOf, pairByKrakenName } from '../names.js';

const DEPTHS = [10, 25, 100, 500, 1000];

/**
 * Kraken's WebSocket API v1 (public) on `/`, for older clients such as node-kraken-api:
 * `systemStatus` on connect and on mode changes, ping/pong with `reqid`, heartbeats, and
 * `subscriptionStatus` replies; ticker, trade, spread, ohlc-N and book-N as array frames
 * `[channelID, payload, channelName, pair]`, pairs named by their v1 wsname (`XBT/USD`).
 */
export class KrakenWsV1 {
  /** Connections, with the private session of an `/auth` connection. */
  private readonly connections = new Map<WsLink, PrivateSessionV1 | undefined>();
  private readonly fanout: Fanout;
  private nextChannel = 100;

  constructor(private readonly exchange: Exchange, private readonly clock: Clock, private readonly rng: Rng, private readonly faults: WsFaults, private readonly journal: WsJournal) {
    this.fanout = new Fanout('/', faults, exchange.trading.conditions.mode(undefined, clock.now()));
  }

  /** A new connection: public (`/`) or private (`/auth`). */
  open(socket: WsSocket, path: string, ip: string): void {
    const link = new WsLink(socket, path, ip, connectionId(this.rng), this.clock, this.faults);
    const session = path === '/auth' ? new PrivateSessionV1(this.exchange, link, () => this.clock.now()) : undefined;
    this.connections.set(link, session);
    openLink(link, this.journal, this.faults, this.status(link), {
      onText: (text, admitted) => this.receive(link, session, text, admitted),
      onGone: () => {
        session?.close();
        this.connections.delete(link);
        this.fanout.drop(link);
      },
    });
  }

  /** After a market step: systemStatus on a mode change, feed updates, heartbeats to subscribed connections that got nothing. */
  publish(now: number, mode: string): void {
    this.fanout.round(now, mode, this.connections.keys(), {
      status: (link) => this.status(link), heartbeat: '{"event":"heartbeat"}', subscribed: (link) => link.feeds.size > 0,
    });
  }

  close(): void {
    for (const link of this.connections.keys()) link.socket.terminate();
  }

  private status(link: WsLink): string {
    return `{"connectionID":${link.id},"event":"systemStatus","status":"${this.exchange.trading.conditions.mode(undefined, this.clock.now())}","version":"1.9.2"}`;
  }

  /** One client message; a subscribe's per-pair steps are returned for the connection's Backlog to take. */
  private receive(link: WsLink, session: PrivateSessionV1 | undefined, text: string, admitted: boolean): Steps | void {
    if (link.stalled) return;
    const msg = parseObject(text) as { event?: unknown; reqid?: unknown; pair?: unknown; subscription?: Record<string, unknown>; token?: unknown } | undefined;
    const sub = msg?.subscription && typeof msg.subscription === 'object' ? msg.subscription : undefined;
    const name = typeof msg?.event === 'string' ? msg.event : 'error';
    // Kraken's reply to a flood, as clients have logged it: the connection's own budget first, then the scenario's limit.
    if (!admitted || !this.faults.admit(link)) {
      this.journal.request(link, name, msg?.token ?? sub?.token, 'refused', EXCEEDED_MSG_RATE);
      return link.send(`{"Error":"${EXCEEDED_MSG_RATE}"}`);
    }
    if (!msg) {
      this.journal.request(link, name, undefined, 'error', 'Malformed request');
      return this.reply(link, { errorMessage: 'Malformed request', event: 'error', status: 'error' });
    }
    const reqid = typeof msg.reqid === 'number' && Number.isFinite(msg.reqid) ? { reqid: msg.reqid } : {};
    if (nestsTooDeep(msg)) {
      this.journal.request(link, name, undefined, 'error', 'Malformed request');
      return this.reply(link, { errorMessage: 'Malformed request', event: 'error', status: 'error', ...reqid });
    }
    const refused = this.faults.request(link, {
      name, channel: typeof sub?.name === 'string' ? sub.name : undefined,
      pair: Array.isArray(msg.pair) ? pairByKrakenName(textOf(msg.pair[0]))?.symbol : undefined, token: msg.token ?? sub?.token,
    });
    const token = msg.token ?? sub?.token;
    if (refused) {
      this.journal.request(link, name, token, 'fault', refused);
      const event = msg.event === 'subscribe' || msg.event === 'unsubscribe' ? 'subscriptionStatus' : typeof msg.event === 'string' ? `${msg.event}Status` : 'error';
      return this.reply(link, { errorMessage: refused, event, status: 'error', ...reqid });
    }
    // A private event is journaled once answered: with its first error and the orders it touched.
    const answered = session?.handle(msg as Record<string, unknown>, reqid);
    if (answered) return this.journal.answered(link, name, token, answered);
    this.journal.request(link, name, token);
    if (msg.event === 'ping') return this.reply(link, { event: 'pong', ...reqid });
    if (session) return this.reply(link, { errorMessage: 'Unsupported event', event: 'error', status: 'error', ...reqid });
    if (msg.event !== 'subscribe' && msg.event !== 'unsubscribe') return this.reply(link, { errorMessage: 'Unsupported event', event: 'error', status: 'error', ...reqid });
    if (!sub) return this.reply(link, { errorMessage: 'Subscription field must be an object', event: 'subscriptionStatus', status: 'error', ...reqid });
    const problem = this.check(sub);
    if (problem) return this.reply(link, { errorMessage: problem, event: 'subscriptionStatus', status: 'error', subscription: sub, ...reqid });
    if (!Array.isArray(msg.pair)) return this.reply(link, { errorMessage: 'Pair field must be an array', event: 'subscriptionStatus', status: 'error', subscription: sub, ...reqid });
    // One reply per pair: an empty list would get none.
    if (msg.pair.length === 0) return this.reply(link, { errorMessage: 'Pair field must be a non-empty array', event: 'subscriptionStatus', status: 'error', subscription: sub, ...reqid });
    return this.subscription(link, msg.event, distinct(msg.pair.map(textOf)), sub, reqid);
  }

  /** A public (un)subscribe of distinct pairs: checked whole against the caps, then one step per pair (its status, then its snapshot). */
  private *subscription(link: WsLink, event: 'subscribe' | 'unsubscribe', pairs: string[], sub: Record<string, unknown>, reqid: object): Steps {
    const markets = pairs.map((pair) => {
      const spec = pairByKrakenName(pair);
      return spec && krakenPairOf(spec).wsname === pair ? this.exchange.markets.get(spec.symbol) : undefined;
    });
    const adding = event === 'subscribe' ? markets.filter((m) => m && !link.feeds.has(this.keyOf(m, sub))).length : 0;
    const over = overCap('pairs', pairs.length, link.feeds.size, adding);
    if (over) return this.reply(link, { errorMessage: over, event: 'subscriptionStatus', status: 'error', subscription: sub, ...reqid });
    for (const [i, pair] of pairs.entries()) {
      const market = markets[i];
      if (!market) {
        const why = /^[A-Z0-9]{2,6}\/[A-Z0-9]{2,6}$/.test(pair) ? `Currency pair not supported ${pair}` : `Currency pair not in ISO 4217-A3 format ${pair}`;
        this.reply(link, { errorMessage: why, event: 'subscriptionStatus', pair, status: 'error', subscription: sub, ...reqid });
        yield;
        continue;
      }
      // Each step runs when the Backlog gets to it: the market as it is then.
      const now = this.clock.now();
      this.exchange.sync(now);
      const { key, entry } = this.entry(market, sub);
      const status = event === 'subscribe' ? 'subscribed' : 'unsubscribed';
      this.reply(link, { channelID: entry.channelId, channelName: entry.channelName, event: 'subscriptionStatus', pair, ...reqid, status, subscription: sub });
      if (event === 'unsubscribe') this.fanout.unsubscribe(link, key);
      else this.fanout.subscribe(link, key, entry, now, () => this.make(market, sub).snapshot(now));
      yield;
    }
  }

  private check(sub: Record<string, unknown>): string | undefined {
    const name = sub.name;
    if (!['ticker', 'trade', 'spread', 'ohlc', 'book'].includes(name as string)) return 'Subscription name invalid';
    if (name === 'book' && sub.depth !== undefined && !DEPTHS.includes(sub.depth as number)) return 'Subscription depth not supported';
    if (name === 'ohlc' && sub.interval !== undefined && !(INTERVALS as readonly unknown[]).includes(sub.interval)) return 'Subscription ohlc interval not supported';
    return undefined;
  }

  private channelName(sub: Record<string, unknown>): string {
    if (sub.name === 'book') return `book-${(sub.depth as number | undefined) ?? 10}`;
    if (sub.name === 'ohlc') return `ohlc-${(sub.interval as number | undefined) ?? 1}`;
    return sub.name as string;
  }

  private make(m: Market, sub: Record<string, unknown>): Feed {
    switch (sub.name) {
      case 'book': return new BookFeedV1(m, (sub.depth as number | undefined) ?? 10);
      case 'ohlc': return new OhlcFeedV1(m, ((sub.interval as number | undefined) ?? 1) as Interval);
      case 'trade': return new TradeFeedV1(m);
      case 'spread': return new SpreadFeedV1(m);
      default: return new TickerFeedV1(m);
    }
  }

  /** The feed key of a pair's subscription: its channel name (`book-10`) and v1 pair name. */
  private keyOf(m: Market, sub: Record<string, unknown>): string {
    return `${this.channelName(sub)}/${krakenPairOf(m.spec).wsname}`;
  }

  private entry(m: Market, sub: Record<string, unknown>): { key: string; entry: FeedEntryV1 } {
    const channelName = this.channelName(sub);
    const key = this.keyOf(m, sub);
    const entry = this.fanout.entry(key, () => {
      const feed = this.make(m, sub);
      const channelId = this.nextChannel++;
      const wrap = (payload: string): string => `[${channelId},${payload},"${channelName}","${krakenPairOf(m.spec).wsname}"]`;
      const stale = feed instanceof BookFeedV1 ? (t: number) => feed.stale(t) : undefined;
      return { feed, channelId, channelName, channel: sub.name as string, pair: m.spec.symbol, wrap, stale, subscribers: new Set() };
    }) as FeedEntryV1;
    return { key, entry };
  }

  private reply(link: WsLink, body: Record<string, unknown>): void {
    link.send(JSON.stringify(body));
  }
}
