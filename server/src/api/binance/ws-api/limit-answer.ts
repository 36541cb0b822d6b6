import type { BinanceResponse } from '../rest/handler.js';
import type { WsAnswer } from './envelope.js';

/**
 * A REST rate-limit refusal (429 -1003, 418 ban; see BinanceLimits) as the WebSocket API answers
 * it: the same status, code and text, with `data.retryAfter` (ms epoch when the client may try
 * again: `Retry-After`'s whole seconds from `now`, so a ban's end rounded up to the second) and
 * `data.serverTime` (reference §8).
 */
export function wsLimitAnswer(refusal: BinanceResponse, now: number): WsAnswer {
  const { code, msg } = JSON.parse(refusal.body) as { code: number; msg: string };
  const retryAfter = now + Number(refusal.headers['retry-after'] ?? '0') * 1000;
  return { ok: false, error: { code, msg, status: refusal.status }, data: { retryAfter, serverTime: now } };
}
