import type { PublicTrade } from './market.js';

/**
 * One pair's public trade tape: the last `limit` trades, oldest first, a seeded history of trades
 * before the start followed by live ones. The seeded part is made on the first read, not when the
 * market is built (an idle server holds no trade history, nor the minute candles it is made from);
 * `seed` must therefore depend only on the market's start, never on the time of that first read,
 * and every seeded trade must be before the first live one. Live trades that fill the tape on
 * their own make the seeded part unneeded: it is then never made.
 */
export class TradeTape {
  /** Live trades alone until the seeded part is made (or no longer needed), then the whole tape. */
  private readonly trades: PublicTrade[] = [];
  private seed: (() => PublicTrade[]) | undefined;

  constructor(seed: () => PublicTrade[], private readonly limit: number) {
    this.seed = seed;
  }

  /** The tape, oldest first; the first read makes the seeded part. */
  get list(): readonly PublicTrade[] {
    if (this.seed !== undefined) {
      const seeded = this.seed();
      this.seed = undefined;
      const room = this.limit - this.trades.length;
      if (room > 0) this.trades.unshift(...seeded.slice(-room));
    }
    return this.trades;
  }

  /**
   * The newest trade made so far, without making the seeded part: with it not yet made, the newest
   * live trade (or undefined), which is right for ordering new trades since every seeded one is older.
   */
  newestMade(): PublicTrade | undefined {
    return this.trades[this.trades.length - 1];
  }

  /** Appends a trade, forgetting the oldest beyond `limit`. */
  push(trade: PublicTrade): void {
    this.trades.push(trade);
    if (this.trades.length > this.limit) this.trades.shift();
    if (this.trades.length >= this.limit) this.seed = undefined;
  }
}
