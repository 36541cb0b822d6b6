/** Binance Spot's REST API host: the host its edge (CloudFront/Cloudflare-style) error pages name. */
export const BINANCE_API_HOST = 'api.binance.com';
