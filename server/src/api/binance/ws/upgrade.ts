import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { UserSocketHandler } from '../user/upgrade-routes.js';
import type { BinanceStreams } from './market-streams.js';

/** Client frames larger than this are refused (close 1009); control messages are small. */
export const MAX_CLIENT_FRAME = 64 * 1024;

/**
 * Takes over HTTP upgrades on `server` for Binance's market streams: `/ws`, `/ws/<anything>` (raw)
 * and `/stream?streams=…` (combined) go to `streams`; any other path gets 404. `user` (user data:
 * the WebSocket API, listenKey streams) is asked first and takes the paths it names.
 */
export function attachBinanceStreams(server: Server, streams: BinanceStreams, user?: (path: string, query: URLSearchParams) => UserSocketHandler | undefined): { close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME, allowSynchronousEvents: false });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://stream.local');
    const path = url.pathname;
    const userSocket = user?.(path, url.searchParams);
    if (userSocket) return void wss.handleUpgrade(req, socket, head, (ws) => userSocket(ws, req.socket.remoteAddress ?? 'unknown'));
    if (path !== '/ws' && !path.startsWith('/ws/') && path !== '/stream') {
      return void socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    }
    wss.handleUpgrade(req, socket, head, (ws) => streams.open(ws, path === '/ws' ? '/ws/' : path, url.searchParams));
  });
  return {
    close: () => {
      streams.close();
      wss.close();
    },
  };
}
