import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Account } from '../../../exchange/account.js';
import type { Exchange } from '../../../exchange/exchange.js';

/**
 * Kraken's API-Sign: base64 HMAC-SHA512, keyed by the base64-decoded secret, over
 * `path ‖ SHA256(nonce ‖ body)` where body is the raw request body exactly as sent.
 */
export function sign(path: string, nonce: string, body: string, secret: string): string {
  const digest = createHash('sha256').update(nonce + body).digest();
  return createHmac('sha512', Buffer.from(secret, 'base64')).update(Buffer.concat([Buffer.from(path), digest])).digest('base64');
}

/** The nonce exactly as written in the raw body (form field, or JSON digits: a whole string or a number, so `"0}"` is no nonce). */
export function rawNonce(body: string, isJson: boolean): string | undefined {
  if (isJson) {
    const m = /"nonce"\s*:\s*(?:"(\d{1,20})"|(\d{1,20}))\s*[,}]/.exec(body);
    return m?.[1] ?? m?.[2];
  }
  for (const part of body.split('&')) {
    const [k, v] = part.split('=');
    if (k === 'nonce') return v !== undefined && /^\d{1,20}$/.test(v) ? v : undefined;
  }
  return undefined;
}

/**
 * The largest nonce taken: 2^63 - 1. Kraken asks for an increasing unsigned 64-bit integer and
 * documents no upper bound, but a key that took 2^64 - 1 could never take another nonce, and one
 * that took anything near it would refuse every clock-based nonce until a restart. Every nonce a
 * clock gives (seconds, ms, µs, or ns until the year 2262) is below 2^63, so larger ones are refused
 * as `EAPI:Invalid nonce` and the key's last nonce is left where it was.
 */
export const MAX_NONCE = 2n ** 63n - 1n;

/**
 * An API-Sign header decoded as a strict base64 decoder takes it, or undefined: the standard
 * alphabet with its padding and nothing else, so no junk after the padding, no URL-safe `-` `_`,
 * no whitespace and no second value (a duplicated header reaches us joined with ", ").
 */
export function decodeSignature(header: string | undefined): Buffer | undefined {
  if (header === undefined) return undefined;
  const bytes = Buffer.from(header, 'base64');
  // Node's decoder skips what it cannot read; only a header that is exactly the canonical text of its bytes is base64.
  return bytes.toString('base64') === header ? bytes : undefined;
}

export type AuthResult = { ok: true; account: Account } | { ok: false; error: string };

/**
 * Authenticates a private call: key, nonce format, signature (compared in constant time), nonce
 * order (with the account's nonce window) and two-factor password, in that order.
 */
export function authenticate(
  ex: Exchange, path: string, headers: { key: string | undefined; sign: string | undefined },
  body: string, isJson: boolean, otp: string | undefined,
): AuthResult {
  const account = headers.key ? ex.byKey.get(headers.key) : undefined;
  if (!account) return { ok: false, error: 'EAPI:Invalid key' };
  const nonce = rawNonce(body, isJson);
  if (nonce === undefined || BigInt(nonce) > MAX_NONCE) return { ok: false, error: 'EAPI:Invalid nonce' };
  const expected = Buffer.from(sign(path, nonce, body, account.spec.secret), 'base64');
  const given = decodeSignature(headers.sign);
  if (given === undefined || given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, error: 'EAPI:Invalid signature' };
  const n = BigInt(nonce);
  if (n === account.lastNonce || n <= account.lastNonce - BigInt(account.spec.nonceWindow)) return { ok: false, error: 'EAPI:Invalid nonce' };
  // Two-factor keys: a missing password is "Permission denied", a wrong one "Invalid key" (as clients report).
  if (account.spec.otp !== undefined && otp === undefined) return { ok: false, error: 'EGeneral:Permission denied' };
  if (account.spec.otp !== undefined && otp !== account.spec.otp) return { ok: false, error: 'EAPI:Invalid key' };
  if (n > account.lastNonce) account.lastNonce = n;
  return { ok: true, account };
}
