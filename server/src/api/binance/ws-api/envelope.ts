import type { ApiError } from '../rest/errors.js';

/** The caller's IP's request weight in the current minute (shared with REST) and the limit in force, as `rateLimits` reports them. */
export interface WeightCount {
  count: number;
  limit: number;
}

/**
 * One WebSocket API answer: a result, or an error with its HTTP-like status (400, 401, 429, 418…);
 * `data` rides along in the error object (429/418: `retryAfter` and `serverTime`, ms).
 */
export type WsAnswer = { ok: true; result: unknown } | { ok: false; error: ApiError; data?: Record<string, number> | undefined };

/**
 * The response frame for request `id`: `{id,status,result|error,rateLimits}`; `rateLimits` is
 * left out when the client asked `returnRateLimits=false`.
 */
export function responseFrame(id: unknown, answer: WsAnswer, used: WeightCount | undefined): string {
  const head = answer.ok ? { id, status: 200, result: answer.result }
    : { id, status: answer.error.status, error: { code: answer.error.code, msg: answer.error.msg, ...(answer.data ? { data: answer.data } : {}) } };
  const limits = used ? { rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: used.limit, count: used.count }] } : {};
  return JSON.stringify({ ...head, ...limits });
}
