import type { Exchange } from '../../../exchange/exchange.js';
import type { Action } from '../../../faults/outcome.js';
import type { Effects, JournalEntry, JournalOutcome } from '../../../control/journal.js';
import { isLimitRefusal } from '../limit-errors.js';
import { restOperation } from '../operations.js';
import { krakenProblem } from '../error-words.js';
import type { NeutralError } from '../../../exchange/neutral-errors.js';
import type { HttpRequest } from './handler.js';

const ORDER_ENTRY = /^(AddOrder|AddOrderBatch|EditOrder|AmendOrder|CancelOrder|CancelOrderBatch|CancelAll|CancelAllOrdersAfter)$/;
const DETAIL_FIELDS = ['pair', 'type', 'ordertype', 'volume', 'price', 'price2', 'userref', 'cl_ord_id', 'txid', 'timeout', 'order_qty', 'limit_price'];

/** The order-entry arguments of a request (form or JSON body, none when the JSON is not an object), for duplicate-order checks. */
function orderDetail(req: HttpRequest): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = (req.headers['content-type'] ?? '').includes('json') ? JSON.parse(req.body) : Object.fromEntries(new URLSearchParams(req.body));
  } catch {
    parsed = undefined;
  }
  // A JSON body of `null`, a number or a list is refused by the route; it has no arguments to record.
  const params = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  const out: Record<string, string> = {};
  for (const f of DETAIL_FIELDS) if (params[f] !== undefined && typeof params[f] !== 'object') out[f] = String(params[f]);
  return out;
}

/**
 * Kraken's error strings in a reply body, if it is a Kraken envelope. Every reply is journaled, so
 * the common case (`{"error":[],…`, or not an envelope at all) is decided without parsing the body.
 */
function krakenErrors(body: string): string[] {
  if (!body.startsWith('{"error":[') || body.startsWith('{"error":[]')) return [];
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    return Array.isArray(parsed.error) ? parsed.error.map(String) : [];
  } catch {
    return [];
  }
}

/** What a REST reply was: `fault` when a scripted fault decided it, `refused` by one of the exchange's limits, `error` for a Kraken or HTTP error, else `ok`. */
function outcomeOf(fired: string[], status: number, errors: string[]): JournalOutcome {
  if (fired.length > 0) return 'fault';
  // The edge's own 403 (an IP ban) and 429 pages: with no rule fired, a limit imposed them.
  if (status === 403 || status === 429 || errors.some(isLimitRefusal)) return 'refused';
  return status >= 400 || errors.length > 0 ? 'error' : 'ok';
}

/** The neutral error a Kraken reply stood for: its first classified error string, else the edge's own 403 (IP ban) or 429 when no rule fired. */
export function krakenReplyProblem(fired: readonly string[], status: number, errors: readonly string[]): NeutralError | undefined {
  for (const e of errors) {
    const p = krakenProblem(e);
    if (p) return p;
  }
  if (fired.length > 0) return undefined;
  return status === 403 ? 'locked-out' : status === 429 ? 'rate-limited' : undefined;
}

/**
 * The journal entry of one REST request and what was done about it (see outcomeOf), with the
 * effects the route reported: what it changed is recorded even when a fault lost the reply.
 */
export function restJournalEntry(
  exchange: Exchange, req: HttpRequest, action: Action, fired: string[], arrived: number, now: number, effects?: Effects,
): Omit<JournalEntry, 'seq'> {
  const route = /^\/0\/(?:public|private)\/([A-Za-z]+)\/?$/.exec(req.path)?.[1] ?? req.path;
  const key = req.headers['api-key'];
  const status = 'status' in action ? action.status : 0;
  const errors = 'body' in action ? krakenErrors(action.body) : [];
  const outcome = outcomeOf(fired, status, errors);
  const op = restOperation(route);
  const problem = krakenReplyProblem(fired, status, errors);
  return {
    time: arrived, transport: 'rest', ip: req.ip ?? 'in-process', account: key ? exchange.byKey.get(key)?.name : undefined, route, ...(op ? { op } : {}), ...(problem ? { problem } : {}), status, outcome,
    error: errors.length ? errors.join(', ') : undefined, faults: fired, latencyMs: now - arrived,
    detail: ORDER_ENTRY.test(route) ? orderDetail(req) : undefined,
    retryAfterMs: 'headers' in action && action.headers['retry-after'] !== undefined ? Number(action.headers['retry-after']) * 1000 : undefined,
    effects,
  };
}
