import type { WebSocket } from 'ws';
import { INTERVALS, type Interval } from '../../../exchange/candles.js';
import type { Exchange } from '../../../exchange/exchange.js';
import type { Market } from '../../../exchange/market.js';
import { findPair } from '../../../exchange/pairs.js';
import type { Rng } from '../../../clock/rng.js';
import type { Feed } from './feeds.js';
import { connectionId } from './wire.js';
import { BookFeedV1, OhlcFeedV1, SpreadFeedV1, TickerFeedV1, TradeFeedV1 } from './feeds-v1.js';
import { PrivateSessionV1 } from './private-v1.js';

const DEPTHS = [10, 25, 100, 500, 1000];

interface ConnectionV1 {
  socket: WebSocket;
  session: PrivateSessionV1 | undefined;
  id: bigint;
  feeds: Set<string>;
  sentThisStep: boolean;
}

interface FeedEntry {
  feed: Feed;
  channelId: number;
  channelName: string;
  pair: string;
  subscribers: Set<ConnectionV1>;
}

/**
 * Kraken's WebSocket API v1 (public) on `/`, for older clients such as node-kraken-api:
 * `systemStatus` on connect and on mode changes, ping/pong with `reqid`, heartbeats, and
 * `subscriptionStatus` replies; ticker, trade, spread, ohlc-N and book-N as array frames
 * `[channelID, payload, channelName, pair]`, pairs named by their v1 wsname (`XBT/USD`).
 */
export class KrakenWsV1 {
  private readonly connections = new Set<ConnectionV1>();
  private readonly feeds = new Map<string, FeedEntry>();
  private nextChannel = 100;
  private mode: string;

  constructor(private readonly exchange: Exchange, private readonly now: () => number, private readonly rng: Rng) {
    this.mode = exchange.trading.conditions.mode(undefined, now());
  }

  /** A new connection: public (`/`) or private (`/auth`). */
  open(socket: WebSocket, authenticated = false): void {
    const id = connectionId(this.rng);
    const c: ConnectionV1 = { socket, id, feeds: new Set(), sentThisStep: false, session: undefined };
    if (authenticated) c.session = new PrivateSessionV1(this.exchange, (text) => this.send(c, text), this.now);
    this.connections.add(c);
    const drop = (): void => {
      c.session?.close();
      this.connections.delete(c);
      for (const k of c.feeds) this.feeds.get(k)?.subscribers.delete(c);
    };
    socket.on('close', drop);
    socket.on('error', drop);
    socket.on('message', (data, isBinary) => this.receive(c, isBinary ? '' : data.toString()));
    this.send(c, this.status(c));
  }

  publish(now: number): void {
    const mode = this.exchange.trading.conditions.mode(undefined, now);
    if (mode !== this.mode) {
      this.mode = mode;
      for (const c of this.connections) this.send(c, this.status(c));
    }
    for (const e of this.feeds.values()) {
      if (e.subscribers.size === 0) continue;
      const payload = e.feed.update(now);
      if (payload === undefined) continue;
      const frame = `[${e.channelId},${payload},"${e.channelName}","${e.pair}"]`;
      for (const c of e.subscribers) this.send(c, frame);
    }
    for (const c of this.connections) {
      if (c.feeds.size > 0 && !c.sentThisStep) this.send(c, '{"event":"heartbeat"}');
      c.sentThisStep = false;
    }
  }

  close(): void {
    for (const c of this.connections) c.socket.terminate();
  }

  private status(c: ConnectionV1): string {
    return `{"connectionID":${c.id},"event":"systemStatus","status":"${this.exchange.trading.conditions.mode(undefined, this.now())}","version":"1.9.2"}`;
  }

  private receive(c: ConnectionV1, text: string): void {
    let msg: { event?: unknown; reqid?: unknown; pair?: unknown; subscription?: Record<string, unknown> };
    try {
      msg = JSON.parse(text) as typeof msg;
      if (!msg || typeof msg !== 'object' || Array.isArray(msg)) throw new Error('not an object');
    } catch {
      return this.reply(c, { errorMessage: 'Malformed request', event: 'error', status: 'error' });
    }
    const reqid = typeof msg.reqid === 'number' ? { reqid: msg.reqid } : {};
    if (msg.event === 'ping') return this.reply(c, { event: 'pong', ...reqid });
    if (c.session) {
      if (c.session.handle(msg as Record<string, unknown>, reqid)) return;
      return this.reply(c, { errorMessage: 'Unsupported event', event: 'error', status: 'error', ...reqid });
    }
    if (msg.event !== 'subscribe' && msg.event !== 'unsubscribe') return this.reply(c, { errorMessage: 'Unsupported event', event: 'error', status: 'error', ...reqid });
    const sub = msg.subscription;
    if (!sub || typeof sub !== 'object') return this.reply(c, { errorMessage: 'Subscription field must be an object', event: 'subscriptionStatus', status: 'error', ...reqid });
    const problem = this.check(sub);
    if (problem) return this.reply(c, { errorMessage: problem, event: 'subscriptionStatus', status: 'error', subscription: sub, ...reqid });
    if (!Array.isArray(msg.pair)) return this.reply(c, { errorMessage: 'Pair field must be an array', event: 'subscriptionStatus', status: 'error', subscription: sub, ...reqid });
    this.exchange.sync(this.now());
    for (const pair of msg.pair.map(String)) {
      const spec = findPair(pair);
      const market = spec && spec.kraken.wsname === pair ? this.exchange.markets.get(spec.symbol) : undefined;
      if (!market) {
        const why = /^[A-Z0-9]{2,6}\/[A-Z0-9]{2,6}$/.test(pair) ? `Currency pair not supported ${pair}` : `Currency pair not in ISO 4217-A3 format ${pair}`;
        this.reply(c, { errorMessage: why, event: 'subscriptionStatus', pair, status: 'error', subscription: sub, ...reqid });
        continue;
      }
      const entry = this.entry(market, sub);
      const status = msg.event === 'subscribe' ? 'subscribed' : 'unsubscribed';
      if (msg.event === 'subscribe') {
        entry.subscribers.add(c);
        c.feeds.add(`${entry.channelName}/${pair}`);
      } else {
        entry.subscribers.delete(c);
        c.feeds.delete(`${entry.channelName}/${pair}`);
      }
      this.reply(c, { channelID: entry.channelId, channelName: entry.channelName, event: 'subscriptionStatus', pair, ...reqid, status, subscription: sub });
      const snap = msg.event === 'subscribe' ? this.make(market, sub).snapshot(this.now()) : undefined;
      if (snap !== undefined) this.send(c, `[${entry.channelId},${snap},"${entry.channelName}","${pair}"]`);
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

  private entry(m: Market, sub: Record<string, unknown>): FeedEntry {
    const channelName = this.channelName(sub);
    const key = `${channelName}/${m.spec.kraken.wsname}`;
    let e = this.feeds.get(key);
    if (!e) {
      e = { feed: this.make(m, sub), channelId: this.nextChannel++, channelName, pair: m.spec.kraken.wsname, subscribers: new Set() };
      this.feeds.set(key, e);
    }
    return e;
  }

  private reply(c: ConnectionV1, body: Record<string, unknown>): void {
    this.send(c, JSON.stringify(body));
  }

  private send(c: ConnectionV1, text: string): void {
    if (c.socket.readyState !== c.socket.OPEN) return;
    c.sentThisStep = true;
    c.socket.send(text);
  }
}
