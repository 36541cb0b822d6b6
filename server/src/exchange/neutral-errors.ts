/**
 * The neutral errors: what went wrong, whatever an exchange's dialect calls it. Scenarios name
 * these (`error: busy`, `rejectWith: market-closed`), each dialect renders them in its own words at
 * its edge (Kraken an error string, Binance a code, text and HTTP status), and the journal records
 * which one a reply stood for (`problem`), so the verdict judges without reading any dialect's text.
 */
export const NEUTRAL_ERRORS = {
  unavailable: 'the service (matching engine or API) is unavailable; the request was not carried out',
  busy: 'the server is overloaded and sheds load; the request was not carried out, retry later',
  'rate-limited': 'a rate limit refused the call (too many requests, too much weight)',
  'locked-out': 'a temporary lockout or IP ban after breaking limits or failing authentication again and again',
  'market-closed': 'the market (or the whole engine) is halted: no trading',
  'cancel-only': 'the market accepts cancels only',
  'post-only': 'the market accepts only orders that rest on the book',
  'limit-only': 'the market accepts only limit orders',
  'insufficient-funds': 'the account lacks the free balance the request needs',
  'invalid-nonce': 'the nonce or timestamp is outside the accepted window',
  'invalid-key': 'the API key is unknown or malformed',
  'invalid-signature': 'the request\'s signature does not verify',
  'permission-denied': 'the key may not do this',
  'unknown-order': 'no such order (unknown, or already closed)',
  'orders-limit': 'too many open orders',
  'execution-unknown': 'the backend timed out: whether the request was carried out is unknown',
  internal: 'an internal error',
} as const satisfies Record<string, string>;

/** A neutral error's name (see NEUTRAL_ERRORS for what each means). */
export type NeutralError = keyof typeof NEUTRAL_ERRORS;

/** Every neutral error name, in the table's order. */
export const NEUTRAL_ERROR_NAMES = Object.keys(NEUTRAL_ERRORS) as NeutralError[];

/** Whether `name` is a neutral error's name. */
export const isNeutralError = (name: string): name is NeutralError => Object.hasOwn(NEUTRAL_ERRORS, name);
