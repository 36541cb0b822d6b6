import type { Exchange } from '../../../exchange/exchange.js';
import type { OrderEvent } from '../../../exchange/trading.js';
import { WindowCount } from './weight.js';

const DAY_MS = 86_400_000;

/** An order counted as unfilled: its account and when it was counted (ms). */
interface Counted {
  account: string;
  at: number;
}

/**
 * The unfilled-order counts per account (ORDERS, 10 s and 1 day, reference §3.1): each accepted
 * new order adds one, and an order's first fill takes its one back ("so long as your orders
 * trade, you can keep trading"), so an order that fills on placement leaves the counts as they
 * were. CHOICE: a first fill lowers each count by exactly one (Binance says "sometimes by more"
 * without saying when), and only in the window the order was counted in (a window that has rolled
 * over has started from nothing anyway). It learns of fills through the core's order listeners.
 */
export class OrderCounts {
  private readonly windows = [new WindowCount(10_000), new WindowCount(DAY_MS)] as const;
  /** Orders counted and not yet filled at all, by order id; an order leaves at its first fill or its end. */
  private readonly unfilled = new Map<string, Counted>();

  constructor(private readonly exchange: Exchange) {
    exchange.trading.listeners.add((e) => this.seen(e));
  }

  /** `account`'s count in the 10-second window and in the day window at `now`. */
  peek(account: string, now: number): { per10s: number; perDay: number } {
    return { per10s: this.windows[0].peek(account, now), perDay: this.windows[1].peek(account, now) };
  }

  /** When the 10-second window (or, with `day`, the day) holding `now` ends (ms). */
  endOf(now: number, day = false): number {
    return this.windows[day ? 1 : 0].endOf(now);
  }

  /**
   * Counts `n` new orders of `account` at `now`: `created` are the ids of the orders placed (a
   * cancelReplace whose new order was not attempted counts with none). Those that have already
   * traded (filled on placement) are taken back at once; the rest wait for their first fill.
   */
  add(account: string, n: number, created: readonly string[], now: number): void {
    for (const w of this.windows) w.charge(account, n, now);
    for (const id of created) {
      const order = this.exchange.trading.orders.get(id);
      if (order && order.executed > 0n) this.lower(account, now, now);
      else if (order && (order.status === 'open' || order.status === 'pending')) this.unfilled.set(id, { account, at: now });
    }
  }

  private seen(e: OrderEvent): void {
    const counted = this.unfilled.get(e.order.id);
    if (!counted) return;
    if (e.kind === 'trade') this.lower(counted.account, counted.at, e.time);
    if (e.kind === 'trade' || e.kind === 'filled' || e.kind === 'canceled' || e.kind === 'expired') this.unfilled.delete(e.order.id);
  }

  private lower(account: string, countedAt: number, now: number): void {
    for (const w of this.windows) if (w.endOf(countedAt) === w.endOf(now)) w.charge(account, -Math.min(1, w.peek(account, now)), now);
  }
}
