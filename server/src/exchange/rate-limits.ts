import type { VerificationTier } from './account.js';

/** A decaying counter's ceiling and decay (units per second). */
export interface CounterLimit {
  max: number;
  decay: number;
}

/** Kraken's REST call counter per API key, by verification tier. */
export const REST_LIMITS: Record<VerificationTier, CounterLimit> = {
  starter: { max: 15, decay: 0.33 }, intermediate: { max: 20, decay: 0.5 }, pro: { max: 20, decay: 1 },
};

/** Kraken's per-pair trading counter (shared by REST and WebSocket order entry), by tier. */
export const TRADING_LIMITS: Record<VerificationTier, CounterLimit> = {
  starter: { max: 60, decay: 1 }, intermediate: { max: 125, decay: 2.34 }, pro: { max: 180, decay: 3.75 },
};

/** Public endpoints per IP: about one request a second sustained, with a small burst (Kraken's figure is undocumented). */
export const PUBLIC_LIMIT: CounterLimit = { max: 20, decay: 1 };

/** Client messages per WebSocket connection (Kraken's budget is dynamic and undocumented; over it: "Exceeded msg rate"). */
export const WS_MESSAGE_LIMIT: CounterLimit = { max: 50, decay: 10 };

/** WebSocket connection attempts per IP (Cloudflare's figure is undocumented; over it: HTTP 429 on the upgrade). */
export const WS_CONNECTION_LIMIT: CounterLimit = { max: 20, decay: 0.25 };

/** Escalating lockouts for clients that keep hammering after being refused. */
export interface LockoutPolicy {
  /** Refusals within `windowMs` that earn a lockout. */
  after: number;
  windowMs: number;
  /** First lockout, doubled on each further one up to `maxMs`. */
  firstMs: number;
  maxMs: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { after: 30, windowMs: 60_000, firstMs: 60_000, maxMs: 15 * 60_000 };

/** Extra trading-counter cost for cancelling (or amending/editing) an order that rested briefly. */
export function restingPenalty(kind: 'cancel' | 'amend' | 'edit', ageMs: number): number {
  const s = ageMs / 1000;
  const table: Record<typeof kind, [number, number][]> = {
    cancel: [[5, 8], [10, 6], [15, 5], [45, 4], [90, 2], [300, 1]],
    amend: [[5, 3], [10, 2], [15, 1]],
    edit: [[5, 6], [10, 5], [15, 4], [45, 2], [90, 1]],
  };
  for (const [under, extra] of table[kind]) if (s < under) return extra;
  return 0;
}

interface Counter {
  value: number;
  at: number;
}

interface Strikes {
  times: number[];
  lockouts: number;
  lockedUntil: number;
}

/**
 * Decaying counters and escalating lockouts, keyed by whatever the caller chooses (an API key, an
 * account and pair, an IP). Counters decay lazily from the simulated time passed in, so nothing
 * ticks in the background and replays are exact. Refused calls still add their cost: a client that
 * keeps calling stays refused longer, as on Kraken.
 */
export class RateLimiter {
  private readonly counters = new Map<string, Counter>();
  private readonly strikes = new Map<string, Strikes>();

  constructor(private readonly lockout: LockoutPolicy = DEFAULT_LOCKOUT) {}

  /** Adds `cost` to the counter `id`; false when that takes it over `limit.max`. */
  charge(id: string, cost: number, limit: CounterLimit, now: number): boolean {
    const c = this.counters.get(id) ?? { value: 0, at: now };
    c.value = Math.max(0, c.value - ((now - c.at) / 1000) * limit.decay) + cost;
    c.at = now;
    this.counters.set(id, c);
    if (this.counters.size > 100_000) this.prune(now, limit);
    return c.value <= limit.max;
  }

  /** The counter's current value (after decay). */
  level(id: string, limit: CounterLimit, now: number): number {
    const c = this.counters.get(id);
    return c ? Math.max(0, c.value - ((now - c.at) / 1000) * limit.decay) : 0;
  }

  /** Until when `id` is locked out (0 when it is not). */
  lockedUntil(id: string, now: number): number {
    const s = this.strikes.get(id);
    return s && s.lockedUntil > now ? s.lockedUntil : 0;
  }

  /** Records a refusal of `id`; returns the lockout end when this refusal earns one, else 0. */
  strike(id: string, now: number): number {
    const s = this.strikes.get(id) ?? { times: [], lockouts: 0, lockedUntil: 0 };
    this.strikes.set(id, s);
    s.times = s.times.filter((t) => t > now - this.lockout.windowMs);
    s.times.push(now);
    if (s.times.length < this.lockout.after) return 0;
    s.times = [];
    s.lockouts++;
    s.lockedUntil = now + Math.min(this.lockout.firstMs * 2 ** (s.lockouts - 1), this.lockout.maxMs);
    return s.lockedUntil;
  }

  /** Drops counters that have decayed to zero (bounded memory under many keys or IPs). */
  private prune(now: number, limit: CounterLimit): void {
    for (const [id, c] of this.counters) if (c.value - ((now - c.at) / 1000) * limit.decay <= 0) this.counters.delete(id);
  }
}
