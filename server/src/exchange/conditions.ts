/** Kraken's trading modes (global, or per pair). */
export const MODES = ['online', 'maintenance', 'cancel_only', 'post_only', 'limit_only'] as const;
export type Mode = (typeof MODES)[number];

/** How new orders and triggers are treated right now (set by the scenario's phase). */
export interface OrderPolicyNow {
  new: 'accept' | 'reject' | 'queue';
  /** The Kraken error string a rejected order gets. */
  rejectWith: string;
  triggers: 'active' | 'suspended';
}

/**
 * What the exchange's surroundings impose at a given time: trading modes and the order policy.
 * The scenario engine supplies these from its timeline; a calm exchange is always online.
 */
export interface Conditions {
  /** The mode of a pair (its own, else the global one); `undefined` asks for the global mode. */
  mode(symbol: string | undefined, now: number): Mode;
  orders(now: number): OrderPolicyNow;
}

export const CALM: Conditions = {
  mode: () => 'online',
  orders: () => ({ new: 'accept', rejectWith: 'EService:Unavailable', triggers: 'active' }),
};

/** Modes in which the matching engine does not match (the book is frozen). */
export const isHalted = (mode: Mode): boolean => mode !== 'online';
