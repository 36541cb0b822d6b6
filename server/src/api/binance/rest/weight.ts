/**
 * Request weight used per IP in the current minute, as Binance reports it in `X-MBX-USED-WEIGHT-1M`.
 * Windows are fixed clock minutes (a window starts at :00 and resets whole), as Binance documents.
 * Counting only: refusing with 429/418 once the limit is passed comes with the rate-limit work.
 */
export class UsedWeight {
  private minute = -1;
  private readonly used = new Map<string, number>();

  /** Adds `weight` to `ip`'s minute at `now` (ms) and returns the minute's total so far. */
  charge(ip: string, weight: number, now: number): number {
    this.roll(now);
    const total = (this.used.get(ip) ?? 0) + weight;
    this.used.set(ip, total);
    return total;
  }

  /** `ip`'s total in the minute of `now`, without charging. */
  peek(ip: string, now: number): number {
    this.roll(now);
    return this.used.get(ip) ?? 0;
  }

  private roll(now: number): void {
    const minute = Math.floor(now / 60_000);
    if (minute === this.minute) return;
    this.minute = minute;
    this.used.clear();
  }
}

/** The REQUEST_WEIGHT limit per IP per minute that exchangeInfo announces. */
export const WEIGHT_PER_MINUTE = 6000;

/** `GET /api/v3/depth`'s weight by `limit`: 5 up to 100, 25 up to 500, 50 up to 1000, 250 beyond. */
export const depthWeight = (limit: number): number => (limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250);

/** `GET /api/v3/ticker/24hr`'s weight by how many symbols it covers (undefined: all). */
export const ticker24hWeight = (count: number | undefined): number =>
  count === undefined || count > 100 ? 80 : count > 20 ? 40 : 2;
