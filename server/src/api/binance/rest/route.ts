import type { Effects } from '../../../control/journal.js';
import type { Account } from '../../../exchange/account.js';
import type { Exchange } from '../../../exchange/exchange.js';
import type { ApiError } from './errors.js';
import type { Params } from './params.js';

/**
 * A Binance REST route's id as scenarios name it: method and path as Binance's docs write them
 * (`GET /api/v3/depth`, `POST /api/v3/order`). Globs work on it (`DELETE /api/v3/*` is every
 * DELETE, `GET /api/v3/ticker/*` every ticker); `private/*` matches the SIGNED ones.
 */
export const routeId = (r: { method: string; path: string }): string => `${r.method} ${r.path}`;

/**
 * What a route answers: a bare JSON body (Binance has no success envelope), or an error; either
 * with what it did to orders (`effects`, for the journal: a fault may lose the reply, never this).
 */
export type Reply = { ok: true; body: unknown; effects?: Effects | undefined } | { ok: false; error: ApiError; effects?: Effects | undefined };

/** A success body, with the orders it created or cancelled when it did. */
export const success = (body: unknown, effects?: Effects): Reply => (effects ? { ok: true, body, effects } : { ok: true, body });

/** What a public route is called with: its parameters, the exchange (synced to `now`) and the time (ms). */
export interface PublicCall {
  params: Params;
  exchange: Exchange;
  now: number;
}

/** What a SIGNED route is called with: a public call and the account whose key signed it. */
export interface SignedCall extends PublicCall {
  account: Account;
}

interface RouteBase {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  weight(params: Params): number;
}

/**
 * One Binance REST endpoint, written once for every transport: method and path as Binance serves
 * them (`GET /api/v3/depth`), its request weight (which may depend on the parameters, and must not
 * throw: a request refused for bad parameters is still charged), its security type (`NONE`,
 * `SIGNED` for Binance's USER_DATA and TRADE: key, timestamp and HMAC checked first, or `API_KEY`
 * for the legacy USER_STREAM endpoints: the `X-MBX-APIKEY` header only) and the handler.
 */
export type Route =
  | (RouteBase & { security: 'NONE'; handle(call: PublicCall): Reply })
  | (RouteBase & { security: 'SIGNED' | 'API_KEY'; handle(call: SignedCall): Reply });
