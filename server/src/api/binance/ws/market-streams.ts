import type { WebSocket } from 'ws';
import type { Clock } from '../../../clock/clock.js';
import type { Exchange } from '../../../exchange/exchange.js';
import { readControl, type Control, type ControlReply } from './control.js';
import { ConnectionLimits } from './connection-limits.js';
import { StreamFeed } from './stream-feed.js';
import { StreamFaults, channelOf } from './stream-faults.js';
import { StreamJournal } from './stream-journal.js';
import { StreamLink } from './stream-link.js';
import { parseStream } from './stream-names.js';

/** Streams one connection may hold (§6.1); a SUBSCRIBE beyond it is refused. */
export const MAX_STREAMS = 1024;

interface Connection {
  link: StreamLink;
  streams: Set<string>;
  combined: boolean;
  limits: ConnectionLimits;
}

/**
 * Binance's market streams over one exchange: connections on `/ws…` (raw payloads) and `/stream`
 * (combined `{stream,data}`), SUBSCRIBE/UNSUBSCRIBE/LIST_SUBSCRIPTIONS and the combined property,
 * the connection limits (ConnectionLimits), the stream count, and the scenario's WebSocket faults
 * (StreamFaults, through each connection's StreamLink). `publish` runs after each market step and
 * computes each stream's payloads once for all its subscribers. A name that is no stream served
 * here is accepted and listed but carries nothing (UNCONFIRMED: the reference thinks Binance
 * answers `result: null` to it too).
 */
export class BinanceStreams {
  private readonly connections = new Set<Connection>();
  private readonly feeds = new Map<string, { feed: StreamFeed; subscribers: Set<Connection> }>();

  constructor(
    private readonly exchange: Exchange, private readonly clock: Clock,
    readonly faults = new StreamFaults(undefined, clock, exchange.rng.fork('binance-streams')),
    readonly journal = new StreamJournal(undefined, clock),
  ) {}

  /** Takes a new connection: `/ws/<stream>` subscribes to that stream, `/stream?streams=a/b` to each and combines. */
  open(socket: WebSocket, path: string, query: URLSearchParams, ip = 'unknown'): void {
    const kind = path === '/stream' ? '/stream' : '/ws';
    const link = new StreamLink(socket, kind, ip, this.clock, this.faults);
    const c: Connection = { link, streams: new Set(), combined: kind === '/stream', limits: new ConnectionLimits(this.clock.now()) };
    this.connections.add(c);
    const named = kind === '/stream' ? (query.get('streams') ?? '').split('/') : [decodeURIComponent(path.slice('/ws/'.length))];
    this.subscribe(c, named.filter((n) => n !== '' && n.includes('@')).slice(0, MAX_STREAMS));
    socket.on('message', (data, binary) => {
      if (!this.counted(c)) return;
      if (!binary) this.answer(c, String(data));
    });
    socket.on('ping', () => void this.counted(c));
    socket.on('pong', () => {
      if (this.counted(c)) c.limits.ponged(this.clock.now());
    });
    socket.on('close', (code, reason) => {
      this.journal.closed(kind, ip, code, reason.toString());
      this.drop(c);
    });
    this.faults.opened(link);
  }

  /** One round after a market step: every subscribed stream's payloads (unless frozen), then pings, pong timeouts and the 24-hour lifetime. */
  publish(now: number): void {
    for (const [name, { feed, subscribers }] of this.feeds) {
      if (subscribers.size === 0) continue;
      const info = { channel: channelOf(name), pair: feed.spec.market.spec.symbol };
      if (this.faults.frozen('/ws', info)) continue;
      for (const data of feed.poll(now)) {
        const raw = JSON.stringify(data);
        const combined = `{"stream":${JSON.stringify(name)},"data":${raw}}`;
        for (const c of subscribers) c.link.data(c.combined ? combined : raw, info);
      }
    }
    for (const c of this.connections) c.limits.round(c.link, now);
  }

  /** Drops every connection (server shutdown without a goodbye). */
  close(): void {
    for (const c of this.connections) c.link.socket.terminate();
  }

  /** Counts an incoming message; false (and the socket closed with 1008) when it is one too many this second. */
  private counted(c: Connection): boolean {
    if (c.limits.admit(this.clock.now())) return true;
    c.link.socket.close(1008, 'Too many requests');
    return false;
  }

  /** Answers one text frame, journaled by its method; a `reject` fault answers Binance's `{code,msg}` instead. */
  private answer(c: Connection, text: string): void {
    const m = readControl(text);
    if (!('method' in m)) {
      this.journal.request(c.link.ip, 'invalid', 'msg' in m ? m.msg : undefined);
      return this.send(c, m);
    }
    const rejected = this.faults.request(c.link, m.method);
    if (rejected) {
      this.journal.request(c.link.ip, m.method, `${rejected.code}: ${rejected.msg}`, rejected.fired);
      return this.send(c, { code: rejected.code, msg: rejected.msg, id: m.id });
    }
    const reply = this.run(c, m);
    this.journal.request(c.link.ip, m.method, 'code' in reply ? `${reply.code}: ${reply.msg}` : undefined);
    this.send(c, reply);
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
    c.link.send(JSON.stringify(reply));
  }
}
