import type { Dialect } from '../dialect.js';
import { KRAKEN_HOSTS } from './hosts.js';
import { ROUTES } from './rest/routes/index.js';
import { isKrakenError, krakenProblem } from './error-words.js';
import { KRAKEN_ASSET_ALIASES, KRAKEN_PAIR_ALIASES } from './names.js';
import { REST_OPERATION_SET, WS_OPERATION_SET } from './operations.js';
import { WS_CHANNELS, WS_REQUESTS } from './ws/names.js';
import { KRAKEN_WS_ENDPOINTS } from './ws/endpoints.js';

/** Kraken as the core sees it: its REST methods, WebSocket channels and requests, its hosts, and its names for pairs and assets. */
export const krakenDialect: Dialect = {
  name: 'kraken',
  title: 'Kraken',
  routes: ROUTES,
  wsChannels: WS_CHANNELS,
  wsEndpoints: KRAKEN_WS_ENDPOINTS,
  wsRequests: WS_REQUESTS,
  operations: { rest: REST_OPERATION_SET, ws: WS_OPERATION_SET },
  errors: { owns: isKrakenError, problemOf: krakenProblem },
  hosts: KRAKEN_HOSTS,
  pairAliases: KRAKEN_PAIR_ALIASES,
  assetAliases: KRAKEN_ASSET_ALIASES,
};
