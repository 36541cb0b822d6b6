/**
 * The variables that tell a bot's Node.js processes (through the route preload) to send their
 * TLS connections to some hosts through the exchange's proxy: the proxy's URL and the hosts, comma
 * separated. Dialect-free: the server that starts the bot names the hosts.
 */
export const ROUTE_ENV = {
  proxy: 'CHAOS_EXCHANGE_ROUTE_PROXY',
  hosts: 'CHAOS_EXCHANGE_ROUTE_HOSTS',
} as const;

/** Where the route preload sends connections, as read from the environment. */
export interface RouteSpec {
  proxyHost: string;
  proxyPort: number;
  hosts: ReadonlySet<string>;
}

/** The ROUTE_ENV variables for a proxy URL and its hosts. */
export function routeEnv(proxyUrl: string, hosts: readonly string[]): Record<string, string> {
  return { [ROUTE_ENV.proxy]: proxyUrl, [ROUTE_ENV.hosts]: hosts.join(',') };
}

/**
 * The RouteSpec in `env`, or undefined when ROUTE_ENV.proxy is unset. Throws, naming the variable,
 * on a proxy that is not an `http://host:port` URL: a bot half set up must fail at start rather
 * than reach the real exchange.
 */
export function readRouteEnv(env: Record<string, string | undefined>): RouteSpec | undefined {
  const text = env[ROUTE_ENV.proxy];
  if (text === undefined || text.trim() === '') return undefined;
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'http:' || url.port === '') {
    throw new Error(`chaos-exchange route: ${ROUTE_ENV.proxy} must be an http://host:port URL, got ${JSON.stringify(text)}`);
  }
  const hosts = new Set((env[ROUTE_ENV.hosts] ?? '').split(',').map((h) => h.trim().toLowerCase()).filter((h) => h !== ''));
  return { proxyHost: url.hostname.replace(/^\[|\]$/g, ''), proxyPort: Number(url.port), hosts };
}
