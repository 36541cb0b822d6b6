import type { Dialect } from '../dialect.js';
import { binanceLiteralProblem, isBinanceError } from './error-words.js';
import { ROUTES } from './rest/routes/index.js';

/**
 * A Binance REST route's id as scenarios name it: method and path as Binance's docs write them
 * (`GET /api/v3/depth`, `POST /api/v3/order`). Globs work on it (`DELETE /api/v3/*` is every
 * DELETE, `GET /api/v3/ticker/*` every ticker); `private/*` matches the SIGNED ones.
 */
export const routeId = (r: { method: string; path: string }): string => `${r.method} ${r.path}`;

/**
 * Binance Spot as the core sees it: its REST routes (SIGNED ones private). Streams and the
 * WebSocket API are not served yet, so no channel or request name is known.
 */
export const binanceDialect: Dialect = {
  name: 'binance',
  title: 'Binance',
  routes: ROUTES.map((r) => ({ id: routeId(r), visibility: r.security === 'NONE' ? 'public' : 'private' })),
  wsChannels: [],
  wsRequests: [],
  errors: { owns: isBinanceError, problemOf: binanceLiteralProblem },
};
