import type { Account } from '../../../exchange/account.js';
import type { Exchange } from '../../../exchange/exchange.js';
import { RateLimiter, type LockoutPolicy } from '../../../exchange/rate-limits.js';
import type { BinanceResponse } from './handler.js';
import { binanceFigures } from './limit-figures.js';
import { OrderCounts } from './order-counts.js';
import { UsedWeight, WEIGHT_PER_MINUTE } from './weight.js';

const DAY_MS = 86_400_000;

/**
 * The IP ban ladder. CHOICE (Binance says only "escalate for repeat offenders from 2 minutes to 3
 * days"): the fifth 429 an IP earns within a minute is answered 418 instead and bans it; the
 * first ban lasts 2 minutes and each later one of the same IP doubles (2, 4, 8 … minutes), capped
 * at 3 days (reached at the 13th). Bans are remembered for the server's life.
 */
export const BAN_LADDER: LockoutPolicy = { after: 5, windowMs: 60_000, firstMs: 120_000, maxMs: 3 * DAY_MS };

/** New orders each order-placing route adds to the account's counts (OCO places two). */
const PLACES: Readonly<Record<string, number>> = { 'POST /api/v3/order': 1, 'POST /api/v3/order/cancelReplace': 1, 'POST /api/v3/orderList/oco': 2 };

/** `Retry-After` in whole seconds until `until` (at least 1). */
const secondsUntil = (until: number, now: number): number => Math.max(1, Math.ceil((until - now) / 1000));

/** A refusal as Binance sends it: the error body, the weight headers and `Retry-After`. */
function refusal(status: number, code: number, msg: string, used: number, retryAfter: number): BinanceResponse {
  const weight = String(used);
  return {
    status,
    headers: { 'content-type': 'application/json;charset=UTF-8', 'x-mbx-used-weight': weight, 'x-mbx-used-weight-1m': weight, 'retry-after': String(retryAfter) },
    body: JSON.stringify({ code, msg }),
  };
}

/**
 * Binance's limits at the REST edge and the WebSocket API (one per run, shared by both: reference
 * §3.1 counts an IP's weight across them): request weight per IP per fixed minute (over it: 429 -1003
 * with `Retry-After` to the next minute; the request still counts), 418 bans on the BAN_LADDER for
 * IPs that keep going, and new orders per account per 10 s and per day (over them: 429 -1015). The
 * counts are always kept (the headers report them); refusals happen only while the scenario's
 * `rateLimits` turn the limiter on (see binanceFigures).
 */
export class BinanceLimits {
  /** Weight used per IP this minute (`X-MBX-USED-WEIGHT-1M`). */
  readonly weight = new UsedWeight();
  /** New orders per account not yet traded, per 10 s and per day (`X-MBX-ORDER-COUNT-*`). */
  readonly orders: OrderCounts;
  private readonly strikes = new RateLimiter(BAN_LADDER);

  constructor(private readonly exchange: Exchange) {
    this.orders = new OrderCounts(exchange);
  }

  /** The REQUEST_WEIGHT limit per IP per minute reported at `now` (Binance's own figure while the limiter is off). */
  weightLimit(now: number): number {
    return this.figures(now).weightPerMinute ?? WEIGHT_PER_MINUTE;
  }

  /** A 418 while `ip` is banned (the request is not charged), else undefined. */
  banned(ip: string, now: number): BinanceResponse | undefined {
    if (!this.figures(now).bans) return undefined;
    const until = this.strikes.lockedUntil(ip, now);
    return until ? this.ban(ip, until, now) : undefined;
  }

  /** Charges `weight` to `ip`'s minute: the total used, and a 429 (or, on the ladder, a 418) when it is over the limit. */
  weigh(ip: string, weight: number, now: number): { used: number; refusal?: BinanceResponse } {
    const used = this.weight.charge(ip, weight, now);
    const { weightPerMinute: limit, bans } = this.figures(now);
    if (limit === null || used <= limit) return { used };
    const until = bans ? this.strikes.strike(ip, now) : 0;
    if (until) return { used, refusal: this.ban(ip, until, now) };
    const msg = `Too much request weight used; current limit is ${limit} request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.`;
    return { used, refusal: refusal(429, -1003, msg, used, secondsUntil(this.weight.endOf(now), now)) };
  }

  /**
   * Runs an order-placing route for `account` (`used`: the IP's weight, for the headers) under its
   * order counts (other routes just run): a 429 -1015 when the new orders would pass a count, else
   * the route's answer, its orders counted when it placed them (HTTP 200, or 409 for a
   * cancelReplace whose new order was not attempted) and taken back at their first fill (see
   * OrderCounts). Either answer carries `X-MBX-ORDER-COUNT-10S` and `-1D`.
   */
  place(route: string, account: Account, used: number, now: number, run: () => BinanceResponse): BinanceResponse {
    if (PLACES[route] === undefined) return run();
    const over = this.ordersOver(route, account, now);
    let out: BinanceResponse;
    if (over) out = refusal(429, -1015, over.msg, used, over.retryAfter);
    else {
      out = run();
      if (out.status === 200 || (out.status === 409 && route === 'POST /api/v3/order/cancelReplace')) this.placed(route, account, out.effects?.created ?? [], now);
    }
    const after = this.orders.peek(account.name, now);
    return { ...out, headers: { ...out.headers, 'x-mbx-order-count-10s': String(after.per10s), 'x-mbx-order-count-1d': String(after.perDay) } };
  }

  /**
   * Whether placing with `route` now would pass one of `account`'s order counts: the -1015 text
   * and the seconds to the end of that window, else undefined (also for a route that places
   * nothing). REST (`place`) and the WebSocket API's `order.place` both ask it before they run.
   */
  ordersOver(route: string, account: Account, now: number): { msg: string; retryAfter: number } | undefined {
    const n = PLACES[route];
    if (n === undefined) return undefined;
    const { ordersPer10s, ordersPerDay } = this.figures(now, account);
    const before = this.orders.peek(account.name, now);
    const over = (limit: number, per: string, endsAt: number): { msg: string; retryAfter: number } =>
      ({ msg: `Too many new orders; current limit is ${limit} orders per ${per}.`, retryAfter: secondsUntil(endsAt, now) });
    if (ordersPer10s !== null && before.per10s + n > ordersPer10s) return over(ordersPer10s, '10 SECOND', this.orders.endOf(now));
    if (ordersPerDay !== null && before.perDay + n > ordersPerDay) return over(ordersPerDay, '1 DAY', this.orders.endOf(now, true));
    return undefined;
  }

  /** Counts the new orders a placement with `route` made for `account` (ids in `created`, to take them back at their first fill). */
  placed(route: string, account: Account, created: readonly string[], now: number): void {
    const n = PLACES[route];
    if (n !== undefined) this.orders.add(account.name, n, created, now);
  }

  private ban(ip: string, until: number, now: number): BinanceResponse {
    const msg = `Way too much request weight used; IP banned until ${until}. Please use WebSocket Streams for live updates to avoid bans.`;
    return refusal(418, -1003, msg, this.weight.peek(ip, now), secondsUntil(until, now));
  }

  private figures(now: number, account?: Account): ReturnType<typeof binanceFigures> {
    return binanceFigures(this.exchange.trading.conditions.rateLimits(now), account?.spec.tier);
  }
}
