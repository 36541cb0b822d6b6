/** Kraken's trading modes (global, or per pair). */
export const MODES = ['online', 'maintenance', 'cancel_only', 'post_only', 'limit_only'] as const;
export type Mode = (typeof MODES)[number];

/** How new orders and triggers are treated right now (set by the scenario's phase). */
export interface OrderPolicyNow {
  new: 'accept' | 'reject' | 'queue';
  /** The error a rejected order gets: a neutral name (`unavailable`) or a dialect's literal, rendered by the dialect. */
  rejectWith: string;
  triggers: 'active' | 'suspended';
}

/** How deposits and withdrawals of an asset are treated right now, and until when (ms). */
export interface FundingNow {
  deposits: 'credit' | 'delay';
  withdrawals: 'process' | 'queue' | 'reject';
  addresses: 'enabled' | 'disabled';
  /** The error refused funding calls get: a neutral name or a dialect's literal, rendered by the dialect. */
  rejectWith: string;
  /** Extra delay for fiat withdrawals released after this policy ends (ms). */
  fiatDelayMs: number;
  /** When the policy in force ends (Infinity if never). */
  until: number;
}

export const FUNDING_NORMAL: FundingNow = {
  deposits: 'credit', withdrawals: 'process', addresses: 'enabled', rejectWith: 'unavailable', fiatDelayMs: 0, until: Infinity,
};

/** A limiter's settings in force: null = off; otherwise overrides of Kraken's figures (tier defaults). */
export interface RateLimitsNow {
  rest: { max?: number | undefined; decay?: number | undefined } | null;
  trading: { max?: number | undefined; decay?: number | undefined } | null;
  public: { max?: number | undefined; decay?: number | undefined } | null;
  /** Client messages per WebSocket connection. */
  wsMessages: { max?: number | undefined; decay?: number | undefined } | null;
  /** WebSocket connection attempts per IP. */
  wsConnections: { max?: number | undefined; decay?: number | undefined } | null;
  /** Escalating lockouts for clients that keep calling after being refused. */
  lockout: boolean;
}

export const NO_LIMITS: RateLimitsNow = { rest: null, trading: null, public: null, wsMessages: null, wsConnections: null, lockout: false };

/**
 * What the exchange's surroundings impose at a given time: trading modes, order and funding policy, rate limits.
 * The scenario engine supplies these from its timeline; a calm exchange is always online.
 */
export interface Conditions {
  /** The mode of a pair (its own, else the global one); `undefined` asks for the global mode. */
  mode(symbol: string | undefined, now: number): Mode;
  orders(now: number): OrderPolicyNow;
  funding(asset: string, now: number): FundingNow;
  /**
   * When deposits of `asset` are credited again (ms): `now` if they are not delayed now, else the
   * end of the whole outage, that is of the phase in force and of every phase right after it that
   * also delays them (a looping timeline followed into its next cycles); Infinity if it never ends.
   */
  depositsResume(asset: string, now: number): number;
  rateLimits(now: number): RateLimitsNow;
}

export const CALM: Conditions = {
  mode: () => 'online',
  orders: () => ({ new: 'accept', rejectWith: 'unavailable', triggers: 'active' }),
  funding: () => FUNDING_NORMAL,
  depositsResume: (_asset, now) => now,
  rateLimits: () => NO_LIMITS,
};

/**
 * Modes in which the matching engine does not match (the book is frozen): maintenance, cancel_only,
 * post_only. In limit_only the engine still matches; only order types are restricted.
 */
export const isHalted = (mode: Mode): boolean => mode !== 'online' && mode !== 'limit_only';
