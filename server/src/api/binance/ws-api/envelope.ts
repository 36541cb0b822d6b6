import type { ApiError } from '../rest/errors.js';

/** The request weight a connection has used in the current minute, as `rateLimits` reports it. */
export interface WeightCount {
  count: number;
}

/** One WebSocket API answer: a result, or an error with its HTTP-like status (400, 401…). */
export type WsAnswer = { ok: true; result: unknown } | { ok: false; error: ApiError };

/** Binance's request-weight limit as the WebSocket API reports it (the REST limit: 6000 a minute). */
const WEIGHT_LIMIT = 6000;

/**
 * The response frame for request `id`: `{id,status,result|error,rateLimits}`; `rateLimits` is
 * left out when the client asked `returnRateLimits=false`.
 */
export function responseFrame(id: unknown, answer: WsAnswer, used: WeightCount | undefined): string {
  const head = answer.ok ? { id, status: 200, result: answer.result } : { id, status: answer.error.status, error: { code: answer.error.code, msg: answer.error.msg } };
  const limits = used ? { rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: WEIGHT_LIMIT, count: used.count }] } : {};
  return JSON.stringify({ ...head, ...limits });
}
