import type { Rng } from '../clock/rng.js';
import { type Dec, PLACES, toNumber } from './decimal.js';
import type { BookEntry, OrderBook } from './order-book.js';
import type { Side } from './types.js';

export interface LiquidityShape {
  tick: Dec;
  lotDecimals: number;
  levelSize: number;
  depth: number;
  orderMin: Dec;
}

/**
 * Keeps simulated resting liquidity around a moving mid price: levels that the mid has passed are
 * withdrawn, new ones fill the gap at the touch, a few sizes change every step and the far end is
 * kept at `depth` levels. The book therefore changes a little per step, as a real one does.
 * (Called every market step for every pair: written for speed, no per-call allocations of lists.)
 */
export class SyntheticLiquidity {
  private readonly tickNumber: number;
  private readonly lotScale: number;
  private readonly lotUnit: bigint;

  constructor(private readonly book: OrderBook, private readonly rng: Rng, private readonly shape: LiquidityShape) {
    this.tickNumber = toNumber(shape.tick);
    this.lotScale = 10 ** shape.lotDecimals;
    this.lotUnit = 10n ** BigInt(PLACES - shape.lotDecimals);
  }

  maintain(mid: number, now: number): void {
    const halfSpread = Math.max(1, Math.round((mid * 0.00001) / this.tickNumber));
    const gap = Math.max(1, Math.round((mid * 0.00008) / this.tickNumber));
    const midTicks = Math.round(mid / this.tickNumber);
    this.maintainSide('sell', BigInt(midTicks + halfSpread), gap, now);
    this.maintainSide('buy', BigInt(Math.max(1, midTicks - halfSpread)), gap, now);
  }

  private maintainSide(side: Side, touchTicks: bigint, gap: number, now: number): void {
    const { tick, depth } = this.shape;
    const list = this.book.side(side);
    const outward = side === 'sell' ? 1n : -1n;
    const touch = touchTicks * tick;
    // 1. Withdraw simulated levels the mid has moved through (they form a prefix of the side).
    let prefix = 0;
    while (prefix < list.length && (side === 'sell' ? (list[prefix] as BookEntry).price < touch : (list[prefix] as BookEntry).price > touch)) prefix++;
    for (let i = prefix - 1; i >= 0; i--) if ((list[i] as BookEntry).orderId === null) list.splice(i, 1);
    // 2. Fill the gap between the touch and the best remaining simulated level.
    const first = list.find((e) => e.orderId === null);
    const firstTicks = first ? first.price / tick : undefined;
    let p = touchTicks;
    let added = 0;
    while (added < depth && (firstTicks === undefined ? added < depth : (p - firstTicks) * outward < 0n)) {
      this.book.add(side, this.entry(p * tick, now));
      added++;
      p += outward * BigInt(this.gapTicks(gap));
    }
    // 3. Churn: a few sizes near the touch change.
    const churn = this.rng.int(0, 3);
    for (let c = 0; c < churn; c++) {
      let pick = this.rng.int(0, 19);
      for (const e of list) {
        if (e.orderId !== null) continue;
        if (pick-- === 0) {
          e.qty = this.size();
          e.time = now;
          break;
        }
      }
    }
    // 4. Keep exactly `depth` simulated levels: trim or extend the far end.
    let count = 0;
    let far: BookEntry | undefined;
    for (const e of list) {
      if (e.orderId !== null) continue;
      count++;
      far = e;
    }
    for (let i = list.length - 1; i >= 0 && count > depth; i--) {
      if ((list[i] as BookEntry).orderId !== null) continue;
      list.splice(i, 1);
      count--;
    }
    let farTicks = far ? far.price / tick : touchTicks;
    for (; count < depth; count++) {
      farTicks += outward * BigInt(this.gapTicks(gap));
      if (farTicks <= 0n) break;
      this.book.add(side, this.entry(farTicks * tick, now));
    }
  }

  private entry(price: Dec, now: number): Omit<BookEntry, 'seq'> {
    return { price, qty: this.size(), orderId: null, account: null, time: now };
  }

  private gapTicks(gap: number): number {
    return Math.max(1, Math.round(gap * Math.exp(0.7 * this.rng.normal() - 0.25)));
  }

  /** A lognormal level size around `levelSize`, in whole lots, at least the pair's minimum order. */
  private size(): Dec {
    const raw = this.shape.levelSize * Math.exp(0.8 * this.rng.normal() - 0.32);
    const q = BigInt(Math.max(1, Math.round(raw * this.lotScale))) * this.lotUnit;
    return q < this.shape.orderMin ? this.shape.orderMin : q;
  }
}
