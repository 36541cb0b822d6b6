import type { Account, Permission } from '../../../exchange/account.js';
import type { Exchange } from '../../../exchange/exchange.js';
import type { Params } from './params.js';

/** What a route returns: a Kraken `result`, or Kraken error strings (sent as HTTP 200). */
export type Reply = { ok: true; result: unknown } | { ok: false; errors: string[] };

export const success = (result: unknown): Reply => ({ ok: true, result });

/**
 * A result already serialized as JSON, for a route that keeps the text of its last answer: the
 * envelope splices it in as it is (the same bytes JSON.stringify would give), not serializing it again.
 */
export class JsonText {
  constructor(readonly text: string) {}
}
export const failure = (...errors: string[]): Reply => ({ ok: false, errors });

export interface PublicCall {
  params: Params;
  exchange: Exchange;
  now: number;
}

export interface PrivateCall extends PublicCall {
  account: Account;
}

/**
 * One Kraken REST method, written once and served by every transport (node:http, msw). `id` is
 * Kraken's method name, the last segment of `/0/public/<id>` or `/0/private/<id>`.
 */
export type Route =
  | { id: string; visibility: 'public'; handle(call: PublicCall): Reply }
  | { id: string; visibility: 'private'; permission: Permission; handle(call: PrivateCall): Reply };
