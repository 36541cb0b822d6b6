import type { NeutralError } from '../../exchange/neutral-errors.js';
import type { FaultError } from '../../faults/kinds/kind.js';

/**
 * Kraken's words for each neutral error (REST envelope and WebSocket alike). CHOICES where Kraken's
 * docs are silent: a halted market is `EService:Unavailable` (what maintenance answers);
 * `execution-unknown` is `EService:Deadline elapsed` (the request outlived its deadline inside
 * Kraken: a client cannot tell whether it ran).
 */
export const KRAKEN_ERRORS: Readonly<Record<NeutralError, string>> = {
  unavailable: 'EService:Unavailable',
  busy: 'EService:Busy',
  'rate-limited': 'EAPI:Rate limit exceeded',
  'locked-out': 'EGeneral:Temporary lockout',
  'market-closed': 'EService:Unavailable',
  'cancel-only': 'EService:Market in cancel_only mode',
  'post-only': 'EService:Market in post_only mode',
  'limit-only': 'EService:Market in limit_only mode',
  'insufficient-funds': 'EOrder:Insufficient funds',
  'invalid-nonce': 'EAPI:Invalid nonce',
  'invalid-key': 'EAPI:Invalid key',
  'invalid-signature': 'EAPI:Invalid signature',
  'permission-denied': 'EGeneral:Permission denied',
  'unknown-order': 'EOrder:Unknown order',
  'orders-limit': 'EOrder:Orders limit exceeded',
  'execution-unknown': 'EService:Deadline elapsed',
  internal: 'EGeneral:Internal error',
};

/** Kraken texts that mean the same as one of the table's, beyond the table itself (first match wins: exact text, then prefix). */
const ALSO: readonly (readonly [string, NeutralError])[] = [
  ['EService:Unavailable', 'unavailable'],
  ['EGeneral:Too many requests', 'rate-limited'],
  ['EOrder:Rate limit exceeded', 'rate-limited'],
  ['EOrder:Domain rate limit exceeded', 'rate-limited'],
  ['EAuth:Rate limit exceeded', 'rate-limited'],
  ['EAuth:Too many requests', 'rate-limited'],
  ['Exceeded msg rate', 'rate-limited'],
  ['EService:Throttled', 'busy'],
  ['EOrder:Invalid order', 'unknown-order'],
  ['EGeneral:Internal error', 'internal'],
  ['EDatabase:Internal error', 'internal'],
  ['EAccount:Invalid permissions', 'permission-denied'],
  ['ESession:Invalid session', 'invalid-key'],
];

const BY_TEXT = new Map<string, NeutralError>([
  ...ALSO.map(([t, p]) => [t, p] as const),
  ...(Object.entries(KRAKEN_ERRORS) as [NeutralError, string][]).filter(([p]) => p !== 'market-closed').map(([p, t]) => [t, p] as const),
]);

/** Whether a text is one of Kraken's error strings (`EService:Busy`, or its WebSocket `Exceeded msg rate`). */
export const isKrakenError = (text: string): boolean => /^[EW][A-Za-z]+:.+/.test(text) || text === 'Exceeded msg rate';

/** The neutral error a Kraken error string stands for, or undefined when it stands for none of them. */
export function krakenProblem(text: string): NeutralError | undefined {
  const exact = BY_TEXT.get(text);
  if (exact) return exact;
  for (const [t, p] of ALSO) if (text.startsWith(`${t}:`) || text.startsWith(`${t} `)) return p;
  return undefined;
}

/**
 * The Kraken string for a fault's error: a Kraken string (or free text no dialect owns) as given, a
 * neutral error in Kraken's words, another dialect's literal through its neutral meaning (else
 * `EService:Unavailable`).
 */
export function krakenErrorText(e: FaultError): string {
  if (e.dialect === 'kraken' || (e.dialect === undefined && e.problem === undefined)) return e.text;
  return KRAKEN_ERRORS[e.problem ?? 'unavailable'];
}
