import type { Exchange } from '../../../exchange/exchange.js';
import type { Action } from '../../../faults/outcome.js';
import type { Effects, JournalEntry, JournalOutcome } from '../../../control/journal.js';
import { restOperation } from '../operations.js';
import { binanceProblem } from '../error-words.js';
import type { NeutralError } from '../../../exchange/neutral-errors.js';
import type { Operation } from '../../../exchange/operations.js';
import type { BinanceRequest } from './handler.js';

const ORDER_ENTRY = new Set(['place-order', 'cancel-order', 'replace-order', 'cancel-all']);
const DETAIL_FIELDS = ['symbol', 'side', 'type', 'timeInForce', 'quantity', 'quoteOrderQty', 'price', 'stopPrice', 'newClientOrderId', 'orderId', 'origClientOrderId', 'cancelOrderId'];

/** The order-entry parameters of a request (query and form body together), for duplicate-order checks. */
function orderDetail(req: BinanceRequest): Record<string, string> {
  const params = new URLSearchParams(req.query);
  for (const [k, v] of new URLSearchParams(req.method.toUpperCase() === 'GET' ? '' : req.body)) params.append(k, v);
  return detailOf(params);
}

/**
 * The journal's `detail` of a WebSocket API request (`order.place`, `order.cancel`…): the same
 * order-entry parameters as on REST, undefined for an operation that enters no order.
 */
export function wsOrderDetail(op: Operation | undefined, params: Readonly<Record<string, string>> | undefined): Record<string, string> | undefined {
  return op && ORDER_ENTRY.has(op) && params ? detailOf(new URLSearchParams(params)) : undefined;
}

function detailOf(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of DETAIL_FIELDS) {
    const v = params.get(f);
    if (v !== null) out[f] = v;
  }
  return out;
}

/** A Binance error body's code and text as one string (`-1121: Invalid symbol.`), or undefined for any other body. */
function binanceError(body: string): { code: number; msg: string; text: string } | undefined {
  if (!body.startsWith('{"code":')) return undefined;
  try {
    const { code, msg } = JSON.parse(body) as { code?: unknown; msg?: unknown };
    return typeof code === 'number' ? { code, msg: String(msg), text: `${code}: ${String(msg)}` } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The neutral error a Binance reply stood for (the journal's `problem`): its error body classified
 * by code, text and status, else a bare 418 (IP ban) or 429 (limit) no rule decided. The rate-limit
 * refusals (429 -1003/-1015, 418) classify through here too.
 */
export function binanceReplyProblem(fired: readonly string[], status: number, error: { code: number; msg: string } | undefined): NeutralError | undefined {
  if (error) return binanceProblem(error.code, error.msg, status);
  if (fired.length > 0) return undefined;
  return status === 418 || status === 403 ? 'locked-out' : status === 429 ? 'rate-limited' : undefined;
}

/** What a reply was: `fault` when a rule decided it, `refused` by a rate limit or ban (429, 418, -1003, -1015), `error` for any error, else `ok`. */
function outcomeOf(fired: readonly string[], status: number, code: number | undefined): JournalOutcome {
  if (fired.length > 0) return 'fault';
  if (status === 418 || status === 429 || code === -1003 || code === -1015) return 'refused';
  return status >= 400 || code !== undefined ? 'error' : 'ok';
}

/**
 * The journal entry of one Binance REST request: its route id (`GET /api/v3/depth`, or the bare
 * path Binance does not serve), neutral operation, account (from `X-MBX-APIKEY`), status, outcome
 * and error, with the effects the route reported.
 */
export function restJournalEntry(
  exchange: Exchange, req: BinanceRequest, route: string | undefined, action: Action, fired: string[], arrived: number, now: number, effects?: Effects,
): Omit<JournalEntry, 'seq'> {
  const key = req.headers['x-mbx-apikey'];
  const status = 'status' in action ? action.status : 0;
  const error = 'body' in action ? binanceError(action.body) : undefined;
  const op = route ? restOperation(route) : undefined;
  const problem = binanceReplyProblem(fired, status, error);
  const retryAfter = 'headers' in action ? action.headers['retry-after'] : undefined;
  return {
    time: arrived, transport: 'rest', ip: req.ip ?? 'in-process', account: key ? exchange.byKey.get(key)?.name : undefined,
    route: route ?? req.path, ...(op ? { op } : {}), ...(problem ? { problem } : {}), status, outcome: outcomeOf(fired, status, error?.code),
    error: error?.text, faults: fired, latencyMs: now - arrived,
    detail: op && ORDER_ENTRY.has(op) ? orderDetail(req) : undefined,
    retryAfterMs: retryAfter !== undefined ? Number(retryAfter) * 1000 : undefined,
    effects,
  };
}
