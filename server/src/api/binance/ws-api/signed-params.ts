import type { Exchange } from '../../../exchange/exchange.js';
import { Params } from '../rest/params.js';
import { verifySigned, type Verified } from '../rest/signing.js';

/** A WebSocket API request's `params` as text values (numbers and booleans as JSON writes them); nested values are refused by the caller. */
export type WsParams = Record<string, string>;

/** The request's params as text, or undefined when one is an object or array (no method here takes those). */
export function textParams(raw: unknown): WsParams | undefined {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const out: WsParams = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (v !== null && typeof v === 'object') return undefined;
    if (v !== undefined && v !== null) out[k] = String(v);
  }
  return out;
}

/** The params as REST would read them (form-encoded), so the REST routes run on them unchanged. */
export const restParams = (p: WsParams): Params => new Params(new URLSearchParams(p).toString());

/**
 * Checks a signed WebSocket API request at server time `now`: the payload is every param but
 * `signature`, sorted by name, `k=v` joined by `&` without URL-encoding (§8); key (`apiKey`),
 * timestamp, recvWindow and HMAC are then judged exactly as a SIGNED REST call (same codes).
 */
export function verifyWsSigned(ex: Exchange, p: WsParams, now: number): Verified {
  const payload = Object.keys(p).filter((k) => k !== 'signature').sort().map((k) => `${k}=${p[k]}`).join('&');
  return verifySigned(ex, { key: p.apiKey, query: payload, body: '' }, restParams(p), now);
}
