import type { WebSocket } from 'ws';
import type { Clock } from '../../../clock/clock.js';
import type { Journal } from '../../../control/journal.js';
import type { Exchange } from '../../../exchange/exchange.js';
import type { BinanceLimits } from '../rest/limits.js';
import { WsApiSession, type SessionFaults } from '../ws-api/session.js';
import { listenKeysOf } from './listen-keys.js';
import { openListenKeyStream } from './listen-key-stream.js';

/** Takes an upgraded connection. */
export type UserSocketHandler = (socket: WebSocket, ip: string) => void;

/**
 * Which WebSocket paths belong to user data, for the Binance upgrade hook to ask before the market
 * streams: `/ws-api/v3` (the WebSocket API), `/ws/<listenKey>` and `/stream?streams=<listenKey>`
 * for a live key. Anything else is undefined (the market streams' to take). With `faults` (the
 * run's StreamFaults) their connections meet the scenario's WebSocket faults; with `limits` (the run's,
 * shared with REST) WebSocket API requests are charged to their IP's request weight.
 */
export function userUpgradeRoute(exchange: Exchange, clock: Clock, journal?: Journal, faults?: SessionFaults, limits?: BinanceLimits): (path: string, query: URLSearchParams) => UserSocketHandler | undefined {
  return (path, query) => {
    if (path === '/ws-api/v3') return (socket, ip) => void new WsApiSession(socket, exchange, clock, ip, journal, faults, limits);
    const key = path.startsWith('/ws/') ? decodeURIComponent(path.slice('/ws/'.length)) : path === '/stream' ? query.get('streams') ?? '' : '';
    if (key === '' || !listenKeysOf(exchange).live(key, clock.now())) return undefined;
    return (socket) => openListenKeyStream(socket, key, path === '/stream', exchange, clock, faults);
  };
}
