import type { VerificationTier } from '../../../exchange/account.js';
import type { RateLimitsNow } from '../../../exchange/conditions.js';
import { PUBLIC_LIMIT, REST_LIMITS, TRADING_LIMITS, type CounterLimit } from '../../../exchange/rate-limits.js';

/** Binance's own figures (reference §3.1): request weight per IP per minute, new orders per account per 10 s and per day. */
export const BINANCE_LIMITS = { weightPerMinute: 6000, ordersPer10s: 50, ordersPerDay: 160_000 } as const;

/** The limits Binance applies at a moment: null = that limiter is off; `bans` = 418 IP bans for clients that keep going. */
export interface BinanceFigures {
  weightPerMinute: number | null;
  ordersPer10s: number | null;
  ordersPerDay: number | null;
  bans: boolean;
}

/** The tier whose Kraken figures the scaling compares with when no account is known (scenarios' default tier). */
const DEFAULT_TIER: VerificationTier = 'intermediate';

/** How much a Kraken counter lets through in `seconds` from empty: its burst plus what decays meanwhile. */
const capacity = (c: CounterLimit, seconds: number): number => c.max + seconds * c.decay;

/** A counter override's capacity over `seconds` as a share of the default's (1 when nothing is overridden). */
function ratio(over: RateLimitsNow['rest'], base: CounterLimit, seconds: number): number {
  if (!over) return 1;
  return capacity({ max: over.max ?? base.max, decay: over.decay ?? base.decay }, seconds) / capacity(base, seconds);
}

const scaled = (figure: number, r: number): number => Math.max(1, Math.round(figure * r));

/**
 * How the scenario's `rateLimits` (written in Kraken's terms) drive Binance's limits. CHOICE (the
 * keys predate this dialect): `public` or `rest` on turns on REQUEST_WEIGHT, `trading` on turns on
 * the ORDERS counts, `lockout` the 418 bans. A tightened counter scales Binance's figure by how much
 * it lets through compared with Kraken's default for it: a minute for `public` (vs PUBLIC_LIMIT)
 * and `rest` (vs the account tier's REST_LIMITS; the smaller share wins when both are on), ten
 * seconds for `trading` (vs TRADING_LIMITS, the same share applied to the day count). So
 * `rateLimits: {}` is Binance's own figures, and a phase's `public: { max: 10, decay: 0.5 }` halves
 * the weight per minute.
 */
export function binanceFigures(limits: RateLimitsNow, tier: VerificationTier = DEFAULT_TIER): BinanceFigures {
  const weighed = [limits.public && ratio(limits.public, PUBLIC_LIMIT, 60), limits.rest && ratio(limits.rest, REST_LIMITS[tier], 60)]
    .filter((r): r is number => typeof r === 'number');
  const orders = limits.trading ? ratio(limits.trading, TRADING_LIMITS[tier], 10) : null;
  return {
    weightPerMinute: weighed.length ? scaled(BINANCE_LIMITS.weightPerMinute, Math.min(...weighed)) : null,
    ordersPer10s: orders === null ? null : scaled(BINANCE_LIMITS.ordersPer10s, orders),
    ordersPerDay: orders === null ? null : scaled(BINANCE_LIMITS.ordersPerDay, orders),
    bans: limits.lockout,
  };
}
