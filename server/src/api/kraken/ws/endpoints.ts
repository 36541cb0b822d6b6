import type { WsEndpoint } from '../../dialect.js';

/** Kraken's WebSocket endpoints: v2 public and private (`/v2`, `/v2-auth`), v1 public and private (`/`, `/auth`). */
export const KRAKEN_WS_ENDPOINTS: readonly WsEndpoint[] = [
  { path: '/v2', visibility: 'public', version: 'v2' },
  { path: '/v2-auth', visibility: 'private', version: 'v2' },
  { path: '/', visibility: 'public', version: 'v1' },
  { path: '/auth', visibility: 'private', version: 'v1' },
];
