import type { Account, Permission } from '../../../exchange/account.js';
import type { Exchange } from '../../../exchange/exchange.js';
import type { Params } from './params.js';
import type { Effects } from '../../../control/journal.js';

/**
 * What a route returns: a Kraken `result`, or Kraken error strings (sent as HTTP 200); either way
 * with the orders and withdrawals it touched, which the journal records whatever becomes of the reply.
 */
export type Reply = { ok: true; result: unknown; effects?: Effects | undefined } | { ok: false; errors: string[]; effects?: Effects | undefined };

/** A result, and what the call changed (undefined: nothing). */
export const success = (result: unknown, effects?: Effects): Reply => ({ ok: true, result, effects });

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
