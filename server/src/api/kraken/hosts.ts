/**
 * Kraken's own host names, as clients with hard-coded addresses dial them: the REST API, the
 * public and private WebSockets (and their beta hosts) and the status page. The transparent proxy
 * answers for these and refuses every other host.
 */
export const KRAKEN_HOSTS: readonly string[] = [
  'api.kraken.com', 'ws.kraken.com', 'ws-auth.kraken.com', 'beta-ws.kraken.com', 'beta-ws-auth.kraken.com', 'status.kraken.com',
];

/** Kraken's REST API host: the host its edge (Cloudflare) error pages name. */
export const API_HOST = 'api.kraken.com';

/** The private WebSocket hosts: their `/` is the v1 private socket, `/v2` the v2 private one. */
const PRIVATE_WS = new Set(['ws-auth.kraken.com', 'beta-ws-auth.kraken.com']);

/** The host name of a Host header, lower case, without port. */
const hostName = (host: string | undefined): string => (host ?? '').toLowerCase().replace(/:\d+$/, '');

/**
 * The server's own WebSocket path for an upgrade to `path` with Host `host`: on Kraken's hosts
 * their paths (`ws.kraken.com/` → `/`, `/v2` → `/v2`; `ws-auth.kraken.com/` → `/auth`,
 * `/v2` → `/v2-auth`); on any other host (the server's own address) the path as it is.
 */
export function wsPathFor(host: string | undefined, path: string): string {
  const name = hostName(host);
  if (!PRIVATE_WS.has(name)) return path;
  if (path === '/' || path === '') return '/auth';
  if (path === '/v2' || path === '/v2/') return '/v2-auth';
  return path;
}
