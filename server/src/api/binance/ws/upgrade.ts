import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Clock } from '../../../clock/clock.js';
import type { UserSocketHandler } from '../user/upgrade-routes.js';
import type { BinanceStreams } from './market-streams.js';
import type { StreamFaults } from './stream-faults.js';
import type { Refusal } from '../../ws-connection-faults.js';
import type { StreamJournal } from './stream-journal.js';
import { USER_STREAM } from './endpoints.js';
import { serverShutdownFrame } from './server-shutdown.js';

/** Client frames larger than this are refused (close 1009); control messages are small. */
export const MAX_CLIENT_FRAME = 64 * 1024;

/** How long (ms on the clock given to `close`) clients get to answer the shutdown's 1001 close frame before they are dropped. */
export const CLOSE_GRACE_MS = 2_000;

/** What the current run offers the upgrade: its market streams, with their fault layer and journal. */
export interface StreamSide {
  streams: BinanceStreams;
  faults: StreamFaults;
  journal: StreamJournal;
  /** User data (the WebSocket API, listenKey streams): the handler of a path it takes, asked before the market streams. */
  user?: ((path: string, query: URLSearchParams) => UserSocketHandler | undefined) | undefined;
  /** The run's time (ms), stamped on the `serverShutdown` event; absent: the clock given to `close`. */
  now?: (() => number) | undefined;
}

/** A connection request as an endpoint sees it. */
interface Dialed {
  path: string;
  query: URLSearchParams;
  ip: string;
}

/**
 * One kind of WebSocket endpoint: `claims` gives the endpoint name its faults name it by
 * (`/ws`, `/stream`, `user-stream`: see endpoints.ts), or undefined when the request path is not this endpoint's.
 */
interface Endpoint {
  claims(path: string, query: URLSearchParams): string | undefined;
  open(socket: WebSocket, dialed: Dialed): void;
}

/**
 * Binance's WebSocket endpoints, first claim wins. User data (`/ws/<listenKey>`) and the WebSocket
 * API (`/ws-api/v3`) belong before the market streams, whose `/ws/<anything>` takes every other `/ws/` path.
 */
function endpoints(side: StreamSide): Endpoint[] {
  const user = side.user;
  return [
    ...(user ? [{
      claims: (p: string, q: URLSearchParams) => (user(p, q) ? (p === '/ws-api/v3' ? p : USER_STREAM) : undefined),
      open: (socket: WebSocket, d: Dialed) => user(d.path, d.query)?.(socket, d.ip),
    }] : []),
    {
      claims: (p) => (p === '/stream' ? '/stream' : p === '/ws' || p.startsWith('/ws/') ? '/ws' : undefined),
      open: (socket, d) => side.streams.open(socket, d.path === '/ws' ? '/ws/' : d.path, d.query, d.ip),
    },
  ];
}

const httpReply = (r: Refusal): string => {
  const headers = { ...r.headers, 'content-length': String(Buffer.byteLength(r.body)), connection: 'close' };
  return `HTTP/1.1 ${r.status} ${STATUS_CODES[r.status] ?? 'Error'}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${r.body}`;
};

/**
 * Takes over HTTP upgrades on `server` for Binance while `current()` gives a stream side (else it
 * leaves them to another listener): a path no endpoint claims gets 404; the scenario (or the
 * per-IP connection limit) may refuse the upgrade with an HTTP page; each attempt is journaled.
 * The `ws` module loads on the first upgrade. `close` is the shutdown: every client gets Binance's
 * `serverShutdown` event (server-shutdown.ts, sent straight on the socket, past any fault) and a close
 * frame 1001, and those that have not answered within CLOSE_GRACE_MS on `clock` are dropped.
 */
export function attachBinanceStreams(server: Server, current: () => StreamSide | undefined): { close(clock: Clock): Promise<void> } {
  let loading: Promise<WebSocketServer> | undefined;
  // How each open connection is told of the shutdown, by the endpoint it dialled.
  const goodbye = new WeakMap<WebSocket, (closing: number) => string>();
  // allowSynchronousEvents off: one message per connection per turn of the event loop, so a flood cannot hold it.
  const load = (): Promise<WebSocketServer> => loading ??= import('ws').then(({ WebSocketServer }) =>
    new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME, allowSynchronousEvents: false }));
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const side = current();
    if (!side) return;
    const url = new URL(req.url ?? '/', 'http://stream.local');
    const endpoint = endpoints(side).find((e) => e.claims(url.pathname, url.searchParams) !== undefined);
    if (!endpoint) return void socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    const named = endpoint.claims(url.pathname, url.searchParams)!;
    const ip = req.socket.remoteAddress ?? 'unknown';
    const refusal = side.faults.upgrade(named, ip);
    // The journal names a listen-key stream by its path's start (the key itself stays out of it).
    side.journal.connect(named !== USER_STREAM ? named : url.pathname === '/stream' ? '/stream' : '/ws', ip, refusal?.status, refusal?.fired);
    if (refusal) return void socket.end(httpReply(refusal));
    const ignore = (): void => undefined;
    socket.on('error', ignore);
    void load().then((wss) => {
      socket.off('error', ignore);
      if (socket.destroyed) return;
      wss.handleUpgrade(req, socket, head, (ws) => {
        goodbye.set(ws, (closing) => serverShutdownFrame(named, url.pathname, side.now?.() ?? closing));
        endpoint.open(ws, { path: url.pathname, query: url.searchParams, ip });
      });
    });
  });
  return {
    close: async (clock) => {
      const wss = await loading;
      if (!wss) return;
      wss.close();
      const now = clock.now();
      const goodbyes = [...wss.clients].map((ws) => new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        const frame = goodbye.get(ws);
        if (frame && ws.readyState === ws.OPEN) ws.send(frame(now));
        ws.close(1001, 'Server shutting down');
      }));
      await new Promise<void>((resolve) => {
        const grace = clock.schedule(clock.now() + CLOSE_GRACE_MS, () => {
          for (const ws of wss.clients) ws.terminate();
        });
        void Promise.all(goodbyes).then(() => {
          grace.cancel();
          resolve();
        });
      });
    },
  };
}
