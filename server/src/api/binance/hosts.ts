/** Binance Spot's REST API host: the host its edge (CloudFront/Cloudflare-style) error pages name. */
export const BINANCE_API_HOST = 'api.binance.com';

/**
 * Binance's own host names, as clients with hard-coded addresses dial them; the transparent proxy
 * answers for these (on any port: the market streams' 9443 too) and refuses every other host. All
 * serve the server's own paths unchanged (`/api/v3/…`, `/sapi/…`, `/ws`, `/stream`, `/ws-api/v3`):
 * - REST: api.binance.com, its alternates api1–api4 and api-gcp, the market-data-only
 *   data-api.binance.vision;
 * - market streams (and listenKey streams): stream.binance.com, the market-data-only
 *   data-stream.binance.vision; the WebSocket API: ws-api.binance.com;
 * - fapi/dapi.binance.com: ccxt's default loadMarkets asks futures' exchangeInfo there (the
 *   server's stubs answer at the same paths).
 */
export const BINANCE_HOSTS: readonly string[] = [
  BINANCE_API_HOST, 'api1.binance.com', 'api2.binance.com', 'api3.binance.com', 'api4.binance.com', 'api-gcp.binance.com',
  'data-api.binance.vision', 'stream.binance.com', 'data-stream.binance.vision', 'ws-api.binance.com',
  'fapi.binance.com', 'dapi.binance.com',
];
