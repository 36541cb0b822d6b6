import type { WebSocket } from 'ws';
import type { Clock } from '../../../clock/clock.js';
import type { Exchange } from '../../../exchange/exchange.js';
import { readControl, type Control, type ControlReply } from './control.js';
import { StreamFeed } from './stream-feed.js';
import { parseStream } from './stream-names.js';

/** Streams one connection may hold (§6.1); a SUBSCRIBE beyond it is refused. */
export const MAX_STREAMS = 1024;
/** Incoming messages (text, ping, pong) one connection may send per second; the next closes it with 1008. */
export const MAX_MESSAGES_PER_SECOND = 5;
/** The server pings every this many ms and drops a connection whose last pong is older than PONG_TIMEOUT_MS. */
export const PING_EVERY_MS = 20_000;
/** See PING_EVERY_MS. */
export const PONG_TIMEOUT_MS = 60_000;

interface Connection {
  socket: WebSocket;
  streams: Set<string>;
  combined: boolean;
  windowStart: number;
  inWindow: number;
  lastPong: number;
  lastPing: number;
}

/**
 * Binance's market streams over one exchange: connections on `/ws…` (raw payloads) and `/stream`
 * (combined `{stream,data}`), SUBSCRIBE/UNSUBSCRIBE/LIST_SUBSCRIPTIONS and the combined property,
 * the message-rate and stream-count limits, and server pings. `publish` runs after each market step
 * and sends each stream's payloads, computed once for all its subscribers. A name that is no stream
 * served here is accepted and listed but carries nothing (UNCONFIRMED: the reference thinks Binance
 * answers `result: null` to it too).
 */
export class BinanceStreams {
  private readonly connections = new Set<Connection>();
  private readonly feeds = new Map<string, { feed: StreamFeed; subscribers: Set<Connection> }>();

  constructor(private readonly exchange: Exchange, private readonly clock: Clock) {}

  /** Takes a new connection: `/ws/<stream>` subscribes to that stream, `/stream?streams=a/b` to each and combines. */
  open(socket: WebSocket, path: string, query: URLSearchParams): void {
    const now = this.clock.now();
    const c: Connection = { socket, streams: new Set(), combined: path === '/stream', windowStart: now, inWindow: 0, lastPong: now, lastPing: now };
    this.connections.add(c);
    const named = path === '/stream' ? (query.get('streams') ?? '').split('/') : [decodeURIComponent(path.slice('/ws/'.length))];
    this.subscribe(c, named.filter((n) => n !== '' && n.includes('@')).slice(0, MAX_STREAMS));
    socket.on('message', (data, binary) => {
      if (!this.counted(c)) return;
      if (!binary) this.send(c, this.control(c, String(data)));
    });
    socket.on('ping', () => void this.counted(c));
    socket.on('pong', () => {
      if (this.counted(c)) c.lastPong = this.clock.now();
    });
    socket.on('close', () => this.drop(c));
  }

  /** One round after a market step: every subscribed stream's payloads, then pings and pong timeouts. */
  publish(now: number): void {
    for (const [name, { feed, subscribers }] of this.feeds) {
      if (subscribers.size === 0) continue;
      for (const data of feed.poll(now)) {
        const raw = JSON.stringify(data);
        const combined = `{"stream":${JSON.stringify(name)},"data":${raw}}`;
        for (const c of subscribers) c.socket.send(c.combined ? combined : raw);
      }
    }
    for (const c of this.connections) {
      if (now - c.lastPong > PONG_TIMEOUT_MS) c.socket.terminate();
      else if (now - c.lastPing >= PING_EVERY_MS) {
        c.lastPing = now;
        c.socket.ping(String(now));
      }
    }
  }

  /** Drops every connection (server shutdown). */
  close(): void {
    for (const c of this.connections) c.socket.terminate();
  }

  /** Counts an incoming message; false (and the socket closed with 1008) when it is one too many this second. */
  private counted(c: Connection): boolean {
    const now = this.clock.now();
    if (now - c.windowStart >= 1000) {
      c.windowStart = now;
      c.inWindow = 0;
    }
    c.inWindow += 1;
    if (c.inWindow <= MAX_MESSAGES_PER_SECOND) return true;
    c.socket.close(1008, 'Too many requests');
    return false;
  }

  private control(c: Connection, text: string): ControlReply {
    const m = readControl(text);
    if (!('method' in m)) return m;
    return this.run(c, m);
  }

  private run(c: Connection, { method, params, id }: Control): ControlReply {
    const names = params.filter((p): p is string => typeof p === 'string');
    if ((method === 'SUBSCRIBE' || method === 'UNSUBSCRIBE') && names.length !== params.length) return { code: 2, msg: 'Invalid request: invalid type: expected a string in `params`', id };
    switch (method) {
      case 'SUBSCRIBE':
        if (new Set([...c.streams, ...names]).size > MAX_STREAMS) return { code: 2, msg: 'Invalid request: too many parameters', id };
        this.subscribe(c, names);
        return { result: null, id };
      case 'UNSUBSCRIBE':
        for (const n of names) this.unsubscribe(c, n);
        return { result: null, id };
      case 'LIST_SUBSCRIPTIONS':
        return { result: [...c.streams], id };
      case 'GET_PROPERTY':
        return params[0] === 'combined' ? { result: c.combined, id } : { code: 0, msg: 'Unknown property', id };
      case 'SET_PROPERTY':
        if (params[0] !== 'combined') return { code: 0, msg: 'Unknown property', id };
        if (typeof params[1] !== 'boolean') return { code: 1, msg: 'Invalid value type: expected Boolean', id };
        c.combined = params[1];
        return { result: null, id };
    }
  }

  private subscribe(c: Connection, names: readonly string[]): void {
    for (const name of names) {
      c.streams.add(name);
      let entry = this.feeds.get(name);
      if (!entry) {
        const spec = parseStream(this.exchange, name);
        if (!spec) continue;
        this.exchange.sync(this.clock.now());
        entry = { feed: new StreamFeed(spec), subscribers: new Set() };
        this.feeds.set(name, entry);
      }
      entry.subscribers.add(c);
    }
  }

  private unsubscribe(c: Connection, name: string): void {
    c.streams.delete(name);
    const entry = this.feeds.get(name);
    entry?.subscribers.delete(c);
    // A stream nobody hears is forgotten, so a later subscriber starts from the market as it is then.
    if (entry && entry.subscribers.size === 0) this.feeds.delete(name);
  }

  private drop(c: Connection): void {
    this.connections.delete(c);
    for (const name of [...c.streams]) this.unsubscribe(c, name);
  }

  private send(c: Connection, reply: ControlReply): void {
    if (c.socket.readyState === c.socket.OPEN) c.socket.send(JSON.stringify(reply));
  }
}
