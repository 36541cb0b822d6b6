import { faultError } from '../../error-words.js';
import type { ErrorRenderer } from '../../../faults/kinds/kind.js';
import { BAN_MS, binanceReplyOf, type BinanceErrorReply } from '../error-words.js';

/**
 * How Binance answers an `error` fault: a Binance code ("-1008", or "-1008: own text") literally
 * with its known text and status; a neutral name (or another dialect's literal, through its neutral
 * meaning) in Binance's words; anything else as `unavailable` (-1001 on 503).
 */
export const binanceFaultError: ErrorRenderer = (e, now) => {
  const r = binanceReplyOf(e, now);
  const headers: Record<string, string> = { 'content-type': 'application/json;charset=UTF-8' };
  if (r.status === 418) headers['retry-after'] = String(BAN_MS / 1000);
  return { status: r.status, headers, body: JSON.stringify({ code: r.code, msg: r.msg }) };
};

/**
 * Binance's answer when the scenario's order policy refuses a new order with `rejectWith`: its own
 * literal as given; `unavailable` (the default) or an unknown text as "Rest API trading is not
 * enabled." (-2010, as Binance answers during maintenances); any other neutral error in Binance's words.
 */
export function policyRefusal(rejectWith: string | undefined, now: number): BinanceErrorReply {
  const e = faultError(rejectWith ?? 'unavailable');
  if (e.dialect !== 'binance' && (e.problem === undefined || e.problem === 'unavailable')) return { code: -2010, msg: 'Rest API trading is not enabled.', status: 400 };
  return binanceReplyOf(e, now);
}
