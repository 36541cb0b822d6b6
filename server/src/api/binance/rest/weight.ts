import { BINANCE_LIMITS } from './limit-figures.js';

/**
 * Counts per key in fixed clock windows of `windowMs` (a window starts at a multiple of it since the
 * epoch and resets whole), as Binance's limiters do: minutes start at :00, 10-second windows at
 * :00, :10…, days at 00:00 UTC. Only the current window is kept.
 */
export class WindowCount {
  private window = -1;
  private readonly used = new Map<string, number>();

  constructor(readonly windowMs: number) {}

  /** Adds `n` to `key`'s window at `now` (ms) and returns the window's total so far. */
  charge(key: string, n: number, now: number): number {
    this.roll(now);
    const total = (this.used.get(key) ?? 0) + n;
    this.used.set(key, total);
    return total;
  }

  /** `key`'s total in the window of `now`, without charging. */
  peek(key: string, now: number): number {
    this.roll(now);
    return this.used.get(key) ?? 0;
  }

  /** When the window holding `now` ends (ms): the next reset. */
  endOf(now: number): number {
    return (Math.floor(now / this.windowMs) + 1) * this.windowMs;
  }

  private roll(now: number): void {
    const window = Math.floor(now / this.windowMs);
    if (window === this.window) return;
    this.window = window;
    this.used.clear();
  }
}

/** Request weight used per IP in the current minute, as Binance reports it in `X-MBX-USED-WEIGHT-1M`. */
export class UsedWeight extends WindowCount {
  constructor() {
    super(60_000);
  }
}

/** The REQUEST_WEIGHT limit per IP per minute that exchangeInfo announces. */
export const WEIGHT_PER_MINUTE = BINANCE_LIMITS.weightPerMinute;

/** `GET /api/v3/depth`'s weight by `limit`: 5 up to 100, 25 up to 500, 50 up to 1000, 250 beyond. */
export const depthWeight = (limit: number): number => (limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250);

/** `GET /api/v3/ticker/24hr`'s weight by how many symbols it covers (undefined: all). */
export const ticker24hWeight = (count: number | undefined): number =>
  count === undefined || count > 100 ? 80 : count > 20 ? 40 : 2;
