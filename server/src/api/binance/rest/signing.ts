import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Account } from '../../../exchange/account.js';
import type { Exchange } from '../../../exchange/exchange.js';
import {
  type ApiError, BAD_KEY_FORMAT, BAD_RECV_WINDOW, BAD_SIGNATURE, invalidValue, mandatory, OUTSIDE_RECV_WINDOW, REJECTED_KEY, TIMESTAMP_AHEAD,
} from './errors.js';
import type { Params } from './params.js';

/** `recvWindow` when the request names none, and the largest accepted (ms). */
export const DEFAULT_RECV_WINDOW = 5000;
export const MAX_RECV_WINDOW = 60_000;

/** Binance's HMAC-SHA256 signature: lower-case hex, keyed by the secret's text as the account holds it. */
export const signPayload = (payload: string, secret: string): string => createHmac('sha256', secret).update(payload).digest('hex');

/** A raw `a=1&b=2` string without its `signature` field(s), byte for byte otherwise. */
const withoutSignature = (raw: string): string => raw.split('&').filter((part) => part.split('=')[0] !== 'signature').join('&');

/**
 * The signed payload ("totalParams"): the raw query string, then the raw body with no separator,
 * each without `signature`; never re-serialised, since clients order parameters differently.
 */
export const totalParams = (query: string, body: string): string => withoutSignature(query) + withoutSignature(body);

/**
 * A key Binance could take: printable ASCII without spaces, at most 256 characters. UNCONFIRMED:
 * Binance's keys are 64 alphanumerics, but the exchange's accounts carry base64 keys (shared with
 * the Kraken dialect), so only keys no client could have been given count as malformed (`-2014`).
 */
const KEY_FORMAT = /^[\x21-\x7e]{1,256}$/;

/** A signed request as signing sees it: its API-key header and the raw query and body. */
export interface SignedRequest {
  key: string | undefined;
  query: string;
  body: string;
}

export type Verified = { ok: true; account: Account } | { ok: false; error: ApiError };

/** The account an API key belongs to: `-2014` for a missing or malformed key, `-2015` for one no account has. */
export function keyOwner(ex: Exchange, key: string | undefined): Verified {
  if (key === undefined || !KEY_FORMAT.test(key)) return { ok: false, error: BAD_KEY_FORMAT };
  const account = ex.byKey.get(key);
  return account ? { ok: true, account } : { ok: false, error: REJECTED_KEY };
}

/**
 * Checks a SIGNED request at server time `now` (ms): key format (`-2014`) and owner (`-2015`), the
 * mandatory `timestamp` and `signature` (`-1102`), `recvWindow` (default 5000, over 60000 refused),
 * the signature (`-1022`, compared case-insensitively in constant time), then the time window
 * (`-1021`: 1000 ms or more ahead, or older than recvWindow). UNCONFIRMED order: the signature is
 * checked before the time, since a request with a bad signature says nothing trustworthy about its time.
 */
export function verifySigned(ex: Exchange, req: SignedRequest, params: Params, now: number): Verified {
  const owner = keyOwner(ex, req.key);
  if (!owner.ok) return owner;
  const account = owner.account;
  const timestamp = params.str('timestamp');
  if (timestamp === undefined || !/^\d{1,16}$/.test(timestamp)) return { ok: false, error: mandatory('timestamp') };
  const signature = params.str('signature');
  if (signature === undefined) return { ok: false, error: mandatory('signature') };
  const windowText = params.str('recvWindow');
  if (windowText !== undefined && !/^\d{1,10}(\.\d{1,3})?$/.test(windowText)) return { ok: false, error: invalidValue('recvWindow') };
  const recvWindow = windowText === undefined ? DEFAULT_RECV_WINDOW : Number(windowText);
  if (recvWindow > MAX_RECV_WINDOW) return { ok: false, error: BAD_RECV_WINDOW };
  const expected = Buffer.from(signPayload(totalParams(req.query, req.body), account.spec.secret));
  const given = Buffer.from(signature.toLowerCase());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, error: BAD_SIGNATURE };
  const ts = Number(timestamp);
  if (ts >= now + 1000) return { ok: false, error: TIMESTAMP_AHEAD };
  if (now - ts > recvWindow) return { ok: false, error: OUTSIDE_RECV_WINDOW };
  return { ok: true, account };
}
