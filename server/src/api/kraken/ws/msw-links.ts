import { ws, type WebSocketHandler } from 'msw';
import { MswSocket, refuseMsw } from './msw-socket.js';
import type { WsSocket } from './ws-socket.js';
import type { WsFaults } from './ws-faults.js';
import type { WsJournal } from './ws-journal.js';

/** One WebSocket API version (KrakenWsV2, KrakenWsV1), taking connections from any transport. */
export interface WsSocketApi {
  open(socket: WsSocket, path: string, ip: string): void;
}

/** The URL a client dials for each of the server's WebSocket paths (`/v2`, `/v2-auth`, `/`, `/auth`). */
export type WsUrls = Record<'/v2' | '/v2-auth' | '/' | '/auth', string>;

/** Kraken's production WebSocket URLs: v2 and v1, public and private. */
export const KRAKEN_WS_URLS: WsUrls = {
  '/v2': 'wss://ws.kraken.com/v2',
  '/v2-auth': 'wss://ws-auth.kraken.com/v2',
  '/': 'wss://ws.kraken.com',
  '/auth': 'wss://ws-auth.kraken.com',
};

/** The four paths on one origin, as a chaos-exchange server serves them (`ws://127.0.0.1:8080` → `ws://127.0.0.1:8080/v2`…). */
export function wsUrlsAt(origin: string): WsUrls {
  const base = origin.replace(/\/$/, '');
  return { '/v2': `${base}/v2`, '/v2-auth': `${base}/v2-auth`, '/': `${base}/`, '/auth': `${base}/auth` };
}

/** The address msw connections are journalled and rate-limited under (msw knows no peer address). */
export const IN_PROCESS_IP = 'in-process';

/**
 * Serves the Kraken WebSocket APIs as msw `ws.link` handlers, the in-process twin of
 * `attachKrakenWs`: each connection first meets the scenario's upgrade faults (a refusal becomes
 * `refuseMsw`), is journalled, then is handed to the v2 or v1 API through an MswSocket.
 */
export function krakenWsMswHandlers(urls: WsUrls, apis: { v2: WsSocketApi; v1: WsSocketApi; faults: WsFaults; journal: WsJournal }): WebSocketHandler[] {
  return (Object.entries(urls) as [keyof WsUrls, string][]).map(([path, url]) => {
    const api = path === '/v2' || path === '/v2-auth' ? apis.v2 : apis.v1;
    return ws.link(url).addEventListener('connection', ({ client }) => {
      const refusal = apis.faults.upgrade(path, IN_PROCESS_IP);
      apis.journal.connect(path, IN_PROCESS_IP, refusal?.status, refusal?.fired);
      if (refusal) return refuseMsw(client, refusal.status);
      api.open(new MswSocket(client), path, IN_PROCESS_IP);
    });
  });
}
