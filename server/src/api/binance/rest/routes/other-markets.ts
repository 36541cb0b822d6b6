import { success, type Route } from '../route.js';

/** An `exchangeInfo` of a venue served with nothing listed. */
const emptyInfo = (now: number, extra: Record<string, unknown> = {}): Record<string, unknown> =>
  ({ timezone: 'UTC', serverTime: now, rateLimits: [], exchangeFilters: [], ...extra, symbols: [] });

/**
 * The futures and margin listings ccxt's `loadMarkets` asks for with its default options, answered
 * the smallest faithful way: this exchange is spot only, so USDⓈ-M and COIN-M futures list no
 * symbol and no pair is marginable (cross or isolated). Served on the same host as the spot API
 * (a client points its `fapi`/`dapi`/`sapi` URLs here).
 */
export const otherMarketRoutes: Route[] = [
  {
    security: 'NONE', method: 'GET', path: '/fapi/v1/exchangeInfo', weight: () => 1,
    handle: ({ now }) => success(emptyInfo(now, { futuresType: 'U_MARGINED', assets: [] })),
  },
  { security: 'NONE', method: 'GET', path: '/dapi/v1/exchangeInfo', weight: () => 1, handle: ({ now }) => success(emptyInfo(now)) },
  // MARKET_DATA on Binance (key only): served without a signature check, a key or signature sent is ignored.
  { security: 'NONE', method: 'GET', path: '/sapi/v1/margin/allPairs', weight: () => 1, handle: () => success([]) },
  { security: 'SIGNED', method: 'GET', path: '/sapi/v1/margin/isolated/allPairs', weight: () => 10, handle: () => success([]) },
];
