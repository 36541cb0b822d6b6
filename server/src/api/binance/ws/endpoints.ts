import type { WsEndpoint } from '../../dialect.js';

/** The name fault rules give the listen-key streams (`/ws/<listenKey>`, `/stream?streams=<listenKey>`): one per key, so no fixed path. */
export const USER_STREAM = 'user-stream';

/**
 * Binance's WebSocket endpoints as fault rules name them: the market streams, raw (`/ws`, also
 * `/ws/<streams>`) and combined (`/stream`), public; the WebSocket API (`/ws-api/v3`) and the
 * listen-key streams (`user-stream`), private. One shared feed serves `/ws` and `/stream`: its
 * updates are decided under `/ws`, so a `freeze` names `/ws` (or `public`) and freezes both.
 */
export const BINANCE_WS_ENDPOINTS: readonly WsEndpoint[] = [
  { path: '/ws', visibility: 'public' },
  { path: '/stream', visibility: 'public', feedUnder: '/ws' },
  { path: '/ws-api/v3', visibility: 'private' },
  { path: USER_STREAM, visibility: 'private' },
];
