/**
 * Kraken's answers when one of the exchange's limits refuses a call, on REST and WebSocket alike:
 * the per-key call counter, the per-pair trading counter, the per-IP public counter, a lockout,
 * and the WebSocket message budget. The journal records these as `refused`, not `error`.
 */
const LIMIT_ERRORS: ReadonlySet<string> = new Set([
  'EAPI:Rate limit exceeded', 'EOrder:Rate limit exceeded', 'EGeneral:Too many requests', 'EGeneral:Temporary lockout', 'Exceeded msg rate',
]);

/** Whether a Kraken error string says a limit refused the call (see LIMIT_ERRORS). */
export const isLimitRefusal = (error: string): boolean => LIMIT_ERRORS.has(error);
