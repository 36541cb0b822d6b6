/**
 * Distinct symbols (v2 `params.symbol`) or pairs (v1 `pair`) one subscribe or unsubscribe request
 * may name, after duplicates are dropped. Kraken publishes no such cap; the mock lists at most 11
 * pairs, so only a malformed or hostile request comes near it.
 */
export const MAX_REQUEST_SYMBOLS = 1_000;

/**
 * Public subscriptions one connection may hold (one per channel, symbol and depth or interval), so
 * what one connection costs each publish round is bounded. A client watching every channel of all
 * 11 pairs the mock knows holds 45 on v2 (55 on v1); only one that also takes every depth and
 * interval of most of them (177 on v2, 187 on v1 for all 11) comes to 150.
 */
export const MAX_CONNECTION_SUBSCRIPTIONS = 150;

/** A request's list without repeats, first occurrence first (5,900 copies of one symbol are one symbol). */
export const distinct = <T>(list: readonly T[]): T[] => [...new Set(list)];

/**
 * The error for a (un)subscribe request over a cap, or undefined: `names` distinct symbols or pairs
 * (`noun` says which, as the API version calls them), and subscribing would take the connection
 * from `held` to `held + adding` subscriptions (0 for an unsubscribe).
 */
export function overCap(noun: 'symbols' | 'pairs', names: number, held: number, adding: number): string | undefined {
  if (names > MAX_REQUEST_SYMBOLS) return `Too many ${noun}: ${names} in one request, at most ${MAX_REQUEST_SYMBOLS}`;
  if (adding > 0 && held + adding > MAX_CONNECTION_SUBSCRIPTIONS) {
    return `Too many subscriptions: ${held + adding} on one connection, at most ${MAX_CONNECTION_SUBSCRIPTIONS}`;
  }
  return undefined;
}
