import type { Rng } from '../../../clock/rng.js';
import type { Account } from '../../../exchange/account.js';
import { definedOnly, type Exchange } from '../../../exchange/exchange.js';
import { PUBLIC_LIMIT, REST_LIMITS } from '../../../exchange/rate-limits.js';
import { edgePage, rayId } from '../../../faults/pages.js';
import type { HttpResponse } from './handler.js';
import { API_HOST } from '../hosts.js';

/** REST call-counter cost per method: history calls cost 2, order entry 0 (it has its own counter), others 1. */
const COST: Record<string, number> = {
  Ledgers: 2, QueryLedgers: 2, TradesHistory: 2,
  AddOrder: 0, AddOrderBatch: 0, AmendOrder: 0, EditOrder: 0, CancelOrder: 0, CancelOrderBatch: 0, CancelAll: 0, CancelAllOrdersAfter: 0,
};

/**
 * Kraken's REST rate limits as the API edge applies them: a per-IP public counter (over it:
 * `EGeneral:Too many requests`; keep going and the IP is banned with a 403 block page), the
 * per-key call counter (`EAPI:Rate limit exceeded`), and lockouts (`EGeneral:Temporary lockout`)
 * for keys that keep failing authentication or keep calling while refused. All off unless the
 * scenario turns them on.
 */
export class RestLimits {
  constructor(private readonly exchange: Exchange, private readonly rng: Rng) {}

  /** A refusal for a public call from `ip`, or undefined to go ahead. */
  publicCall(ip: string, now: number): HttpResponse | { error: string } | undefined {
    const limits = this.exchange.trading.conditions.rateLimits(now);
    if (!limits.public) return undefined;
    const id = `ip/${ip}`;
    if (limits.lockout && this.exchange.limiter.lockedUntil(id, now)) {
      const page = edgePage(403, 'cloudflare', rayId(this.rng), API_HOST);
      return { status: 403, headers: page.headers, body: page.body };
    }
    if (this.exchange.limiter.charge(id, 1, { ...PUBLIC_LIMIT, ...definedOnly(limits.public) }, now)) return undefined;
    if (limits.lockout) this.exchange.limiter.strike(id, now);
    return { error: 'EGeneral:Too many requests' };
  }

  /** A lockout refusal for an API key, checked before authentication. */
  lockedOut(key: string | undefined, now: number): string | undefined {
    const limits = this.exchange.trading.conditions.rateLimits(now);
    if (!limits.lockout || !key || !this.exchange.byKey.has(key)) return undefined;
    return this.exchange.limiter.lockedUntil(`key/${key}`, now) ? 'EGeneral:Temporary lockout' : undefined;
  }

  /** Counts a failed authentication of a known key towards a lockout. */
  authFailed(key: string | undefined, now: number): void {
    const limits = this.exchange.trading.conditions.rateLimits(now);
    if (limits.lockout && key && this.exchange.byKey.has(key)) this.exchange.limiter.strike(`key/${key}`, now);
  }

  /** Charges the call counter for an authenticated call; a refusal string when over the limit. */
  privateCall(account: Account, route: string, now: number): string | undefined {
    const limits = this.exchange.trading.conditions.rateLimits(now);
    const cost = COST[route] ?? 1;
    if (!limits.rest || cost === 0) return undefined;
    const limit = { ...REST_LIMITS[account.spec.tier], ...definedOnly(limits.rest) };
    if (this.exchange.limiter.charge(`rest/${account.spec.key}`, cost, limit, now)) return undefined;
    if (limits.lockout) this.exchange.limiter.strike(`key/${account.spec.key}`, now);
    return 'EAPI:Rate limit exceeded';
  }
}
