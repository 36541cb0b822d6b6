import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Clock } from '../../../clock/clock.js';
import type { Rng } from '../../../clock/rng.js';
import type { Exchange } from '../../../exchange/exchange.js';
import type { Market } from '../../../exchange/market.js';
import { BOOK_DEPTHS, BookFeed } from './book-feed.js';
import { InstrumentFeed, OhlcFeed, TickerFeed, TradeFeed, type Feed } from './feeds.js';
import { connectionId, iso } from './wire.js';
import { PrivateSession } from './private-v2.js';
import { INTERVALS, type Interval } from '../../../exchange/candles.js';

interface Connection {
  socket: WebSocket;
  /** Kraken's uint64 connection id, repeated in every status frame. */
  id: bigint;
  /** Feed keys this connection listens to (`book/BTC/USD/10`). */
  feeds: Set<string>;
  /** The authenticated side of a `/v2-auth` connection. */
  session: PrivateSession | undefined;
  sentThisStep: boolean;
}

/** A public channel: its parameters, the key part they add, its ack fields and how to feed it. */
interface Channel {
  snapshot: boolean;
  check(params: Record<string, unknown>): string | undefined;
  keyPart(params: Record<string, unknown>): string;
  ack(params: Record<string, unknown>): Record<string, unknown>;
  make(market: Market, params: Record<string, unknown>): Feed;
}

const depthOf = (p: Record<string, unknown>): number => (p.depth === undefined ? 10 : (p.depth as number));

const CHANNELS: Record<'book' | 'ticker' | 'trade' | 'ohlc', Channel> = {
  book: {
    snapshot: true,
    check: (p) => ((BOOK_DEPTHS as readonly unknown[]).includes(depthOf(p)) ? undefined : 'Subscription depth not supported'),
    keyPart: (p) => String(depthOf(p)),
    ack: (p) => ({ depth: depthOf(p) }),
    make: (m, p) => new BookFeed(m, depthOf(p)),
  },
  ticker: { snapshot: true, check: () => undefined, keyPart: () => '', ack: () => ({}), make: (m) => new TickerFeed(m) },
  trade: { snapshot: false, check: () => undefined, keyPart: () => '', ack: () => ({}), make: (m) => new TradeFeed(m) },
  ohlc: {
    snapshot: true,
    check: (p) => p.interval === undefined ? 'Subscription ohlc requires interval'
      : !Number.isInteger(p.interval) ? 'Subscription ohlc interval must be an integer'
      : (INTERVALS as readonly unknown[]).includes(p.interval) ? undefined : 'Subscription ohlc interval not supported',
    keyPart: (p) => String(p.interval),
    ack: (p) => ({ interval: p.interval }),
    make: (m, p) => new OhlcFeed(m, p.interval as Interval),
  },
};

/**
 * Kraken's WebSocket API v2 (public part) on `/v2`: the status frame on connect, ping/pong,
 * subscribe/unsubscribe with Kraken's acks and errors, heartbeats, and book channels fed by the
 * same simulated market as REST. Each book frame is computed once per symbol and depth and sent
 * to every subscriber.
 */
export class KrakenWsV2 {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly connections = new Set<Connection>();
  private readonly feeds = new Map<string, { feed: Feed; subscribers: Set<Connection> }>();
  /** The engine mode last announced, to push a status frame whenever it changes. */
  private mode: string;

  constructor(private readonly exchange: Exchange, private readonly clock: Clock, private readonly rng: Rng) {
    this.mode = exchange.trading.conditions.mode(undefined, clock.now());
  }

  /**
   * Takes over HTTP upgrades on `server`: `/v2` and `/v2-auth` here, `/` and `/auth` to the v1 API when given;
   * other paths are refused with 404.
   */
  attach(server: Server, v1?: { open(ws: WebSocket, authenticated?: boolean): void }): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = (req.url ?? '').split('?')[0];
      if (path === '/v2' || path === '/v2-auth') this.wss.handleUpgrade(req, socket, head, (ws) => this.open(ws, path === '/v2-auth'));
      else if ((path === '/' || path === '/auth') && v1) this.wss.handleUpgrade(req, socket, head, (ws) => v1.open(ws, path === '/auth'));
      else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    });
  }

  /** After a market step: book updates to subscribers, heartbeats to subscribed connections that got nothing. */
  publish(now: number): void {
    const mode = this.exchange.trading.conditions.mode(undefined, now);
    if (mode !== this.mode) {
      this.mode = mode;
      for (const c of this.connections) this.send(c, this.status(c));
    }
    for (const { feed, subscribers } of this.feeds.values()) {
      if (subscribers.size === 0) continue;
      const frame = feed.update(now);
      if (!frame) continue;
      for (const c of subscribers) this.send(c, frame);
    }
    for (const c of this.connections) {
      if ((c.feeds.size > 0 || c.session?.subscribed) && !c.sentThisStep) this.send(c, '{"channel":"heartbeat"}');
      c.sentThisStep = false;
    }
  }

  /** Closes every connection (server shutdown). */
  close(): void {
    for (const c of this.connections) c.socket.terminate();
    this.wss.close();
  }

  private open(socket: WebSocket, authenticated: boolean): void {
    const id = connectionId(this.rng);
    const c: Connection = { socket, id, feeds: new Set(), sentThisStep: false, session: undefined };
    if (authenticated) c.session = new PrivateSession(this.exchange, { send: (text) => this.send(c, text) }, () => this.clock.now());
    this.connections.add(c);
    socket.on('close', () => this.drop(c));
    socket.on('error', () => this.drop(c));
    socket.on('message', (data, isBinary) => this.receive(c, isBinary ? '' : data.toString()));
    this.send(c, this.status(c));
  }

  /** The status frame: the engine's mode as SystemStatus reports it. */
  private status(c: Connection): string {
    const system = this.exchange.trading.conditions.mode(undefined, this.clock.now());
    return `{"channel":"status","type":"update","data":[{"api_version":"v2","connection_id":${c.id},"system":"${system}","version":"2.0.0"}]}`;
  }

  private drop(c: Connection): void {
    c.session?.close();
    this.connections.delete(c);
    for (const key of c.feeds) this.feeds.get(key)?.subscribers.delete(c);
  }

  private receive(c: Connection, text: string): void {
    const timeIn = iso(this.clock.now());
    let msg: { method?: unknown; params?: Record<string, unknown>; req_id?: unknown };
    try {
      msg = JSON.parse(text) as typeof msg;
      if (!msg || typeof msg !== 'object' || Array.isArray(msg)) throw new Error('not an object');
    } catch {
      return this.reply(c, { error: 'Malformed request', method: 'error', success: false, time_in: timeIn, time_out: iso(this.clock.now()) });
    }
    const reqId = typeof msg.req_id === 'number' ? { req_id: msg.req_id } : {};
    const times = (): { time_in: string; time_out: string } => ({ time_in: timeIn, time_out: iso(this.clock.now()) });
    if (msg.method === 'ping') return this.reply(c, { method: 'pong', ...reqId, ...times() });
    if (c.session) {
      if (typeof msg.method === 'string' && c.session.handle(msg.method, msg.params ?? {}, reqId, times)) return;
      return this.reply(c, { error: 'Method not found', method: typeof msg.method === 'string' ? msg.method : 'error', success: false, ...reqId, ...times() });
    }
    if (msg.method !== 'subscribe' && msg.method !== 'unsubscribe') {
      return this.reply(c, { error: 'Method not found', method: typeof msg.method === 'string' ? msg.method : 'error', success: false, ...reqId, ...times() });
    }
    const method = msg.method;
    const params = msg.params ?? {};
    if (params.channel === 'instrument') return this.instrument(c, method, reqId, times);
    const channel = CHANNELS[params.channel as keyof typeof CHANNELS] as Channel | undefined;
    if (!channel) return this.reply(c, { error: 'Subscription name invalid', method, success: false, ...reqId, ...times() });
    const problem = channel.check(params);
    if (problem) return this.reply(c, { error: problem, method, success: false, ...reqId, ...times() });
    const symbols = params.symbol;
    if (!Array.isArray(symbols) || symbols.length === 0 || !symbols.every((s) => typeof s === 'string')) {
      return this.reply(c, { error: 'Malformed request', method: 'error', success: false, ...reqId, ...times() });
    }
    const wantSnapshot = typeof params.snapshot === 'boolean' ? params.snapshot : channel.snapshot;
    const now = this.clock.now();
    this.exchange.sync(now);
    for (const symbol of symbols as string[]) {
      const market = this.exchange.markets.get(symbol);
      if (!market) {
        this.reply(c, { error: `Currency pair not supported ${symbol}`, method, success: false, symbol, ...reqId, ...times() });
        continue;
      }
      const key = `${params.channel as string}/${symbol}/${channel.keyPart(params)}`;
      const result = { channel: params.channel, ...channel.ack(params), ...(method === 'subscribe' ? { snapshot: wantSnapshot } : {}), symbol };
      if (method === 'unsubscribe') {
        c.feeds.delete(key);
        this.feeds.get(key)?.subscribers.delete(c);
        this.reply(c, { method, result, success: true, ...reqId, ...times() });
        continue;
      }
      let entry = this.feeds.get(key);
      if (!entry) {
        entry = { feed: channel.make(market, params), subscribers: new Set() };
        this.feeds.set(key, entry);
      }
      entry.subscribers.add(c);
      c.feeds.add(key);
      this.reply(c, { method, result, success: true, ...reqId, ...times() });
      // The snapshot comes from a fresh feed: the shared one keeps its state for everyone's updates.
      const snap = wantSnapshot ? channel.make(market, params).snapshot(now) : undefined;
      if (snap) this.send(c, snap);
    }
  }

  /** The instrument channel: one feed for the whole exchange, no symbol parameter. */
  private instrument(c: Connection, method: 'subscribe' | 'unsubscribe', reqId: object, times: () => object): void {
    const key = 'instrument';
    if (method === 'unsubscribe') {
      c.feeds.delete(key);
      this.feeds.get(key)?.subscribers.delete(c);
      return this.reply(c, { method, result: { channel: key }, success: true, ...reqId, ...times() });
    }
    let entry = this.feeds.get(key);
    if (!entry) {
      entry = { feed: new InstrumentFeed(this.exchange), subscribers: new Set() };
      this.feeds.set(key, entry);
    }
    entry.subscribers.add(c);
    c.feeds.add(key);
    this.reply(c, { method, result: { channel: key, snapshot: true }, success: true, ...reqId, ...times() });
    this.send(c, new InstrumentFeed(this.exchange).snapshot(this.clock.now()));
  }

  private reply(c: Connection, body: Record<string, unknown>): void {
    this.send(c, JSON.stringify(body));
  }

  private send(c: Connection, text: string): void {
    if (c.socket.readyState !== c.socket.OPEN) return;
    c.sentThisStep = true;
    c.socket.send(text);
  }
}
