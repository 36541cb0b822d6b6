import type { Dialect } from '../dialect.js';
import { binanceLiteralProblem, isBinanceError } from './error-words.js';
import { BINANCE_HOSTS } from './hosts.js';
import { BINANCE_ASSET_ALIASES, BINANCE_PAIR_ALIASES } from './names.js';
import { KLINE_INTERVALS } from './rest/klines.js';
import { routeId } from './rest/route.js';
import { ROUTES } from './rest/routes/index.js';
import { METHODS } from './ws/control.js';
import { BINANCE_WS_ENDPOINTS } from './ws/endpoints.js';
import { METHODS as API_METHODS } from './ws-api/methods.js';
import { channelOperation, controlOperation, REST_OPERATION_SET, USER_EVENT_CHANNELS } from './operations.js';

export { routeId } from './rest/route.js';

/**
 * The market streams' channels as fault rules name them: a stream name without its symbol and
 * speed (`btcusdt@depth@100ms` → `depth`, `btcusdt@kline_1m` → `kline_1m`).
 */
const STREAM_CHANNELS = ['trade', 'aggTrade', 'ticker', 'miniTicker', 'bookTicker', 'depth', 'depth5', 'depth10', 'depth20', ...Object.keys(KLINE_INTERVALS).map((i) => `kline_${i}`)];

/** Every operation a stream channel (market or user data), a control method or a WebSocket API method maps to. */
const WS_OPERATION_SET = [...new Set([
  ...STREAM_CHANNELS.map(channelOperation), ...USER_EVENT_CHANNELS.map(channelOperation), ...METHODS.map(controlOperation), ...Object.values(API_METHODS).map((m) => m.op),
].filter((op) => op !== undefined))];

/**
 * Binance Spot as the core sees it: its REST routes (SIGNED ones private), its market streams'
 * channels and user-data events (`executionReport`…), and as request names the control methods a stream connection accepts (`SUBSCRIBE`…)
 * and the WebSocket API's methods (`order.place`…); its hosts for the transparent proxy.
 */
export const binanceDialect: Dialect = {
  name: 'binance',
  title: 'Binance',
  routes: ROUTES.map((r) => ({ id: routeId(r), visibility: r.security === 'NONE' ? 'public' : 'private' })),
  wsChannels: [...STREAM_CHANNELS, ...USER_EVENT_CHANNELS],
  wsEndpoints: BINANCE_WS_ENDPOINTS,
  wsRequests: [...METHODS, ...Object.keys(API_METHODS)],
  operations: { rest: REST_OPERATION_SET, ws: WS_OPERATION_SET },
  errors: { owns: isBinanceError, problemOf: binanceLiteralProblem },
  hosts: BINANCE_HOSTS,
  pairAliases: BINANCE_PAIR_ALIASES,
  assetAliases: BINANCE_ASSET_ALIASES,
};
