import { readRouteEnv } from './route-env.js';
import { routeTls } from './route-tls.js';

/**
 * The bot's route to the exchange, preloaded into each of its Node.js processes by
 * `chaos-exchange run` (and printed by `chaos-exchange env`) through
 * `NODE_OPTIONS=--import <this file>`: when CHAOS_EXCHANGE_ROUTE_PROXY is set, TLS connections to
 * the hosts in CHAOS_EXCHANGE_ROUTE_HOSTS go through that proxy (routeTls), for the clients that
 * ignore HTTPS_PROXY (Node's `https`, the `ws` package). Without the variable it does nothing; a
 * second copy in the same process leaves the first one's route as it is.
 */
const INSTALLED = Symbol.for('chaos-exchange.route');

const spec = readRouteEnv(process.env);
const scope = globalThis as { [INSTALLED]?: true };
if (spec && !scope[INSTALLED]) {
  scope[INSTALLED] = true;
  routeTls(spec);
}
