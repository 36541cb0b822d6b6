import type { Exchange } from '../../../exchange/exchange.js';
import type { ApiError } from './errors.js';
import type { Params } from './params.js';

/** What a route answers: a bare JSON body (Binance has no success envelope), or an error. */
export type Reply = { ok: true; body: unknown } | { ok: false; error: ApiError };

/** A success body. */
export const success = (body: unknown): Reply => ({ ok: true, body });

/** What a public route is called with: its parameters, the exchange (synced to `now`) and the time (ms). */
export interface PublicCall {
  params: Params;
  exchange: Exchange;
  now: number;
}

/**
 * One Binance REST endpoint, written once for every transport: method and path as Binance serves
 * them (`GET /api/v3/depth`), its request weight (which may depend on the parameters, and must not
 * throw: a request refused for bad parameters is still charged), and the handler.
 */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  weight(params: Params): number;
  handle(call: PublicCall): Reply;
}
