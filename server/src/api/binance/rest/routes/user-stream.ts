import { listenKeysOf } from '../../user/listen-keys.js';
import { type ApiError, mandatory } from '../errors.js';
import type { Reply, Route, SignedCall } from '../route.js';
import { success } from '../route.js';

/** -1125: PUT or DELETE of a listenKey that does not exist (never made, closed, lapsed, or another account's). */
export const INVALID_LISTEN_KEY: ApiError = { code: -1125, msg: 'This listenKey does not exist.', status: 400 };

/** Weight of each legacy userDataStream call (2 since 2023-08-25). */
const WEIGHT = 2;

/** PUT (keepalive) or DELETE (close) of the `listenKey` parameter. */
function onKey(call: SignedCall, act: 'keepAlive' | 'close'): Reply {
  const key = call.params.str('listenKey');
  if (key === undefined) return { ok: false, error: mandatory('listenKey') };
  return listenKeysOf(call.exchange)[act](key, call.account.name, call.now) ? success({}) : { ok: false, error: INVALID_LISTEN_KEY };
}

/**
 * The legacy listenKey endpoints (USER_STREAM: the API-key header only, no signature): POST opens
 * the account's key (or returns and extends its live one), PUT extends it to 60 minutes from now,
 * DELETE closes it. Retired by Binance on 2026-02-20 but still what older clients call; served
 * here so their user streams (and fault rules naming these routes) can be tested.
 */
export const userStreamRoutes: Route[] = [
  {
    security: 'API_KEY', method: 'POST', path: '/api/v3/userDataStream', weight: () => WEIGHT,
    handle: ({ exchange, account, now }) => success({ listenKey: listenKeysOf(exchange).open(account.name, now).key }),
  },
  { security: 'API_KEY', method: 'PUT', path: '/api/v3/userDataStream', weight: () => WEIGHT, handle: (call) => onKey(call, 'keepAlive') },
  { security: 'API_KEY', method: 'DELETE', path: '/api/v3/userDataStream', weight: () => WEIGHT, handle: (call) => onKey(call, 'close') },
];
