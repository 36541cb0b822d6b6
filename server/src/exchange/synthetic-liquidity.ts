import type { Rng } from '../clock/rng.js';
import { type Dec, fromNumber, toNumber } from './decimal.js';
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
 */
export class SyntheticLiquidity {
  constructor(private readonly book: OrderBook, private readonly rng: Rng, private readonly shape: LiquidityShape) {}

  maintain(mid: number, now: number): void {
    const tick = toNumber(this.shape.tick);
    const halfSpread = Math.max(1, Math.round((mid * 0.00001) / tick));
    const gap = Math.max(1, Math.round((mid * 0.00008) / tick));
    const midTicks = Math.round(mid / tick);
    this.maintainSide('sell', BigInt(midTicks + halfSpread), gap, now);
    this.maintainSide('buy', BigInt(Math.max(1, midTicks - halfSpread)), gap, now);
  }

  private maintainSide(side: Side, touchTicks: bigint, gap: number, now: number): void {
    const { tick } = this.shape;
    const list = this.book.side(side);
    const outward = side === 'sell' ? 1n : -1n;
    const touch = touchTicks * tick;
    const inside = (p: Dec): boolean => (side === 'sell' ? p < touch : p > touch);
    // 1. Withdraw simulated levels the mid has moved through.
    for (let i = list.length - 1; i >= 0; i--) {
      const e = list[i] as BookEntry;
      if (e.orderId === null && inside(e.price)) list.splice(i, 1);
    }
    const synthetic = (): BookEntry[] => list.filter((e) => e.orderId === null);
    // 2. Fill the gap between the touch and the best remaining simulated level.
    let ours = synthetic();
    const firstTicks = ours[0] ? ours[0].price / tick : undefined;
    let p = touchTicks;
    let added = 0;
    while (added < this.shape.depth && (firstTicks === undefined || (p - firstTicks) * outward < 0n)) {
      if (firstTicks === undefined && ours.length + added >= this.shape.depth) break;
      this.book.add(side, this.entry(p * tick, now));
      added++;
      p += outward * BigInt(this.gapTicks(gap));
    }
    // 3. Churn: a few sizes near the touch change.
    ours = synthetic();
    const churn = this.rng.int(0, 3);
    for (let i = 0; i < churn && ours.length > 0; i++) {
      const e = ours[this.rng.int(0, Math.min(20, ours.length) - 1)] as BookEntry;
      e.qty = this.size();
      e.time = now;
    }
    // 4. Keep exactly `depth` simulated levels: trim or extend the far end.
    while (ours.length > this.shape.depth) {
      const far = ours.pop() as BookEntry;
      list.splice(list.indexOf(far), 1);
    }
    let farTicks = ours.length ? (ours[ours.length - 1] as BookEntry).price / tick : touchTicks;
    for (let n = ours.length; n < this.shape.depth; n++) {
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

  private size(): Dec {
    const raw = this.shape.levelSize * Math.exp(0.8 * this.rng.normal() - 0.32);
    const q = fromNumber(raw, this.shape.lotDecimals);
    return q < this.shape.orderMin ? this.shape.orderMin : q;
  }
}
