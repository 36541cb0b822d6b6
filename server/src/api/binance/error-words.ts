import type { NeutralError } from '../../exchange/neutral-errors.js';
import type { FaultError } from '../../faults/kinds/kind.js';

/** One Binance error reply: code, exact text and the HTTP status it comes with. */
export interface BinanceErrorReply {
  code: number;
  msg: string;
  status: number;
}

/** How long an IP ban rendered for a `locked-out` fault lasts (Binance's shortest, reference §3.3). */
export const BAN_MS = 2 * 60_000;

/**
 * Binance's words for each neutral error (reference §2.6, §3.3, §5). CHOICES where the reference is
 * silent: `unavailable` is -1001 on 503 (backend unreachable, not executed); `cancel-only` is
 * "Market is closed." like a halted market (Binance has no cancel-only mode; order-errors.ts answers
 * the same); `invalid-key` and `permission-denied` are both -2015 on 401 (Binance folds key, IP and
 * permission into it; -2015 classifies as `invalid-key`, and so does -2014, the malformed key);
 * `orders-limit` is the MAX_NUM_ORDERS filter; `internal` is -1000 on 500; `locked-out` is the
 * 418 IP ban (its "until" is filled in when rendered).
 */
export const BINANCE_ERRORS: Readonly<Record<NeutralError, BinanceErrorReply>> = {
  unavailable: { code: -1001, msg: 'Internal error; unable to process your request. Please try again.', status: 503 },
  busy: { code: -1008, msg: 'Server is currently overloaded with other requests. Please try again in a few minutes.', status: 503 },
  'rate-limited': { code: -1003, msg: 'Too much request weight used; current limit is 6000 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.', status: 429 },
  'locked-out': { code: -1003, msg: 'Way too much request weight used; IP banned until %s. Please use WebSocket Streams for live updates to avoid bans.', status: 418 },
  'market-closed': { code: -1013, msg: 'Market is closed.', status: 400 },
  'cancel-only': { code: -1013, msg: 'Market is closed.', status: 400 },
  'post-only': { code: -2010, msg: 'Unsupported order combination', status: 400 },
  'limit-only': { code: -2010, msg: 'Market orders are not supported for this symbol.', status: 400 },
  'insufficient-funds': { code: -2010, msg: 'Account has insufficient balance for requested action.', status: 400 },
  'invalid-nonce': { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.', status: 400 },
  'invalid-key': { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.', status: 401 },
  'invalid-signature': { code: -1022, msg: 'Signature for this request is not valid.', status: 400 },
  'permission-denied': { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.', status: 401 },
  'unknown-order': { code: -2011, msg: 'Unknown order sent.', status: 400 },
  'orders-limit': { code: -1013, msg: 'Filter failure: MAX_NUM_ORDERS', status: 400 },
  'execution-unknown': { code: -1007, msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.', status: 503 },
  internal: { code: -1000, msg: 'An unknown error occurred while processing the request.', status: 500 },
};

/** Texts for codes a rule may name bare that the table above does not render (reference §5). */
const TEXTS: Readonly<Record<number, string>> = {
  [-1006]: 'An unexpected response was received from the message bus. Execution status unknown.',
  [-1015]: 'Too many new orders.',
  [-1016]: 'This service is no longer available.',
};

/** The neutral meaning of codes beyond the table's own (the first table entry with a code wins otherwise). */
const CODE_PROBLEM: Readonly<Record<number, NeutralError>> = {
  [-1000]: 'internal', [-1001]: 'unavailable', [-1003]: 'rate-limited', [-1006]: 'execution-unknown', [-1007]: 'execution-unknown',
  [-1008]: 'busy', [-1015]: 'rate-limited', [-1016]: 'unavailable', [-1021]: 'invalid-nonce', [-1022]: 'invalid-signature',
  [-2010]: 'insufficient-funds', [-2011]: 'unknown-order', [-2013]: 'unknown-order', [-2014]: 'invalid-key', [-2015]: 'invalid-key',
};

/**
 * The neutral error a Binance reply stands for, from its code, text and HTTP status (the journal's
 * `problem`): 418 or "IP banned" is `locked-out`; -2010 by its engine text; -1013 "Market is closed."
 * and MAX_NUM_ORDERS; undefined for request errors without a neutral meaning (-1121, -1102…).
 */
export function binanceProblem(code: number, msg: string | undefined, status: number): NeutralError | undefined {
  if (status === 418 || (code === -1003 && msg?.includes('banned'))) return 'locked-out';
  if (code === -1013) return msg === 'Market is closed.' ? 'market-closed' : msg?.includes('MAX_NUM_ORDERS') ? 'orders-limit' : undefined;
  if (code === -2010 && msg !== undefined) {
    const hit = (Object.entries(BINANCE_ERRORS) as [NeutralError, BinanceErrorReply][]).find(([, r]) => r.code === -2010 && r.msg === msg);
    return hit?.[0];
  }
  return CODE_PROBLEM[code];
}

const LITERAL = /^(-\d{1,5})(?:: ?(.+))?$/;

/** Whether a text is a Binance error literal: a code ("-1008"), optionally with its own text ("-1008: Busy"). */
export const isBinanceError = (text: string): boolean => LITERAL.test(text);

/** The neutral error a Binance literal ("-1003", "-1013: Market is closed.") stands for, when known. */
export function binanceLiteralProblem(text: string): NeutralError | undefined {
  const m = LITERAL.exec(text);
  return m ? binanceProblem(Number(m[1]), m[2], 0) : undefined;
}

/** The HTTP status Binance sends a code with: 429 for the rate limits, 503 for the -100x server codes and -1016 (as observed), else 400. */
const statusOf = (code: number): number => (code === -1003 || code === -1015 ? 429 : code >= -1016 && code <= -1000 && code !== -1013 ? 503 : 400);

/** The Binance reply for a neutral error at time `now` (the ban's "until" filled in). */
export function binanceReplyFor(problem: NeutralError, now: number): BinanceErrorReply {
  const r = BINANCE_ERRORS[problem];
  return problem === 'locked-out' ? { ...r, msg: r.msg.replace('%s', String(now + BAN_MS)) } : r;
}

/** The Binance reply for a fault's error: its own literal as given, else the neutral meaning (unknown: `unavailable`). */
export function binanceReplyOf(e: FaultError, now: number): BinanceErrorReply {
  const m = e.dialect === 'binance' ? LITERAL.exec(e.text) : null;
  if (m) {
    const code = Number(m[1]);
    const known = Object.values(BINANCE_ERRORS).find((r) => r.code === code && r.code !== -1003);
    return { code, msg: m[2] ?? known?.msg ?? TEXTS[code] ?? (code === -1003 ? BINANCE_ERRORS['rate-limited'].msg : BINANCE_ERRORS.unavailable.msg), status: statusOf(code) };
  }
  return binanceReplyFor(e.problem ?? 'unavailable', now);
}
