import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Clock } from '../../../clock/clock.js';
import type { WsFaults } from './ws-faults.js';
import type { Refusal } from '../../ws-connection-faults.js';
import type { WsJournal } from './ws-journal.js';
import { wsPathFor } from '../hosts.js';

/** One WebSocket API version: takes a new connection on one of its paths. */
export interface WsApi {
  open(socket: WebSocket, path: string, ip: string): void;
}

/** Client frames larger than this are refused by closing with 1009 (Kraken's own limit is unpublished). */
export const MAX_CLIENT_FRAME = 64 * 1024;

/** How long (ms on the clock given to `close`, real time at shutdown) clients get to answer the server's 1001 close frame before they are dropped. */
export const CLOSE_GRACE_MS = 2_000;

/** The close reason every client gets when the server shuts down (code 1001, going away). */
export const SHUTDOWN_REASON = 'Server shutting down';

const httpReply = (r: Refusal): string => {
  const headers = { ...r.headers, 'content-length': String(Buffer.byteLength(r.body)), connection: 'close' };
  return `HTTP/1.1 ${r.status} ${STATUS_CODES[r.status] ?? 'Error'}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${r.body}`;
};

/**
 * Takes over HTTP upgrades on `server` while `current()` gives Kraken's side (else leaves them to
 * another dialect's listener): `/v2` and `/v2-auth` go to the current run's v2 API, `/`
 * and `/auth` to v1, anything else gets 404. Before the upgrade the scenario may refuse it (a `refuse` fault, or
 * too many attempts from one IP), with an HTTP error page as an edge would send. `close` is the
 * shutdown: every connection gets a close frame 1001 (SHUTDOWN_REASON); it resolves once all have
 * closed, dropping those that have not answered within CLOSE_GRACE_MS on `clock`. The `ws` module
 * is loaded on the first upgrade, so a server that never sees one does not pay for it at start-up.
 * Each connection's messages come one per turn of the event loop, so one client's flood cannot hold
 * the loop while other clients wait.
 */
export function attachKrakenWs(server: Server, current: () => { v2: WsApi; v1: WsApi; faults: WsFaults; journal: WsJournal } | undefined): { close(clock: Clock): Promise<void> } {
  let wss: WebSocketServer | undefined;
  let loading: Promise<WebSocketServer> | undefined;
  // allowSynchronousEvents off: `ws` hands over one message per connection per turn of the event
  // loop (a flooding client's socket is paused meanwhile), not every frame of a 64 KiB read at once.
  const load = (): Promise<WebSocketServer> => loading ??= import('ws').then(({ WebSocketServer }) =>
    wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME, allowSynchronousEvents: false }));
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Through the transparent proxy a client dials Kraken's own hosts: their paths map to ours.
    const side = current();
    // Another dialect's run: its own upgrade listener answers.
    if (!side) return;
    const path = wsPathFor(req.headers.host, (req.url ?? '').split('?')[0] ?? '');
    const { faults, journal, ...apis } = side;
    const api = path === '/v2' || path === '/v2-auth' ? apis.v2 : path === '/' || path === '/auth' ? apis.v1 : undefined;
    if (!api) return void socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    const ip = req.socket.remoteAddress ?? 'unknown';
    const refusal = faults.upgrade(path, ip);
    journal.connect(path, ip, refusal?.status, refusal?.fired);
    if (refusal) return void socket.end(httpReply(refusal));
    if (wss) return void wss.handleUpgrade(req, socket, head, (ws) => api.open(ws, path, ip));
    // First upgrade: the socket has no error listener of its own until `ws` takes it over.
    const ignore = (): void => undefined;
    socket.on('error', ignore);
    void load().then((loaded) => {
      socket.off('error', ignore);
      if (socket.destroyed) return;
      loaded.handleUpgrade(req, socket, head, (ws) => api.open(ws, path, ip));
    });
  });
  return {
    close: async (clock) => {
      const open = await loading;
      if (!open) return;
      open.close();
      const goodbyes = [...open.clients].map((ws) => new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.close(1001, SHUTDOWN_REASON);
      }));
      return new Promise<void>((resolve) => {
        const grace = clock.schedule(clock.now() + CLOSE_GRACE_MS, () => {
          for (const ws of open.clients) ws.terminate();
        });
        void Promise.all(goodbyes).then(() => {
          grace.cancel();
          resolve();
        });
      });
    },
  };
}
