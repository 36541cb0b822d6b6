import type { Dec } from './decimal.js';
import type { Side } from './types.js';

/** A resting quantity: simulated liquidity (`orderId` null) or an account's order. */
export interface BookEntry {
  price: Dec;
  qty: Dec;
  orderId: string | null;
  account: string | null;
  /** Arrival sequence: time priority within a price level. */
  seq: number;
  /** When the entry last changed (ms). */
  time: number;
  /**
   * An iceberg's slice: at most this much of `qty` shows in the book at a time (undefined: all of
   * it). The whole `qty` still trades against a taker that reaches it.
   */
  display?: Dec | undefined;
  /** What of the current slice is left to show (iceberg only; refilled from `qty` when it runs out). */
  shown?: Dec | undefined;
}

/** A taker's execution against one resting entry. */
export interface Execution {
  price: Dec;
  qty: Dec;
  maker: BookEntry;
  /** The maker is an iceberg whose shown slice ran out and was refilled from its hidden rest (at the back of its price level). */
  refilled?: boolean;
}

/** An aggregated price level as market data shows it. */
export interface Level {
  price: Dec;
  qty: Dec;
  time: number;
}

/**
 * One pair's order book, price-time priority. Asks ascend, bids descend; each side is a sorted
 * array (books here hold a few hundred entries, where a sorted array beats a tree).
 */
export class OrderBook {
  readonly asks: BookEntry[] = [];
  readonly bids: BookEntry[] = [];
  private seq = 0;

  /** The side a resting order of `side` sits on. */
  side(side: Side): BookEntry[] {
    return side === 'buy' ? this.bids : this.asks;
  }

  add(side: Side, entry: Omit<BookEntry, 'seq'>): BookEntry {
    // Written out field by field and without a comparator closure: called for every new simulated
    // level on every market step.
    const display = entry.display;
    const full: BookEntry = {
      price: entry.price, qty: entry.qty, orderId: entry.orderId, account: entry.account, seq: this.seq++, time: entry.time,
      display, shown: display === undefined ? undefined : display < entry.qty ? display : entry.qty,
    };
    const list = side === 'buy' ? this.bids : this.asks;
    list.splice(this.position(list, full.price, side === 'buy'), 0, full);
    return full;
  }

  /** Where a new entry at `price` goes: after every entry at an equal or better price (time priority within a level). */
  private position(list: BookEntry[], price: Dec, buy: boolean): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const p = (list[mid] as BookEntry).price;
      if (p === price || (buy ? p > price : p < price)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Removes an account order's entry; returns it, or undefined when it was not resting. */
  removeOrder(side: Side, orderId: string): BookEntry | undefined {
    const list = this.side(side);
    const i = list.findIndex((e) => e.orderId === orderId);
    if (i < 0) return undefined;
    return list.splice(i, 1)[0];
  }

  best(side: Side): BookEntry | undefined {
    return this.side(side)[0];
  }

  /**
   * Executes a taker of `side` for up to `qty` against the opposite side, best price first, not
   * beyond `limit` (if given). Stops early at an entry for which `halt(entry)` is true (self-trade
   * prevention). Consumed entries shrink or leave the book.
   */
  take(side: Side, qty: Dec, limit: Dec | undefined, now: number, halt?: (e: BookEntry) => boolean): Execution[] {
    const list = side === 'buy' ? this.asks : this.bids;
    const out: Execution[] = [];
    let remaining = qty;
    while (remaining > 0n && list.length > 0) {
      const e = list[0] as BookEntry;
      if (limit !== undefined && (side === 'buy' ? e.price > limit : e.price < limit)) break;
      if (halt?.(e)) break;
      const q = e.qty < remaining ? e.qty : remaining;
      out.push({ price: e.price, qty: q, maker: e });
      e.qty -= q;
      e.time = now;
      remaining -= q;
      if (e.qty === 0n) list.shift();
      else if (e.shown !== undefined) (out[out.length - 1] as Execution).refilled = this.consumeShown(list, e, q);
    }
    return out;
  }

  /**
   * Takes `q` off an iceberg's shown slice; when the slice is used up, shows the next one from the
   * hidden rest and moves the entry behind the others at its price (a refill loses time priority).
   * Says whether it refilled. Only the last entry a taker touches can be left partly consumed.
   */
  private consumeShown(list: BookEntry[], e: BookEntry, q: Dec): boolean {
    const shown = e.shown as Dec;
    if (shown > q) {
      e.shown = shown - q;
      return false;
    }
    const display = e.display as Dec;
    e.shown = display < e.qty ? display : e.qty;
    e.seq = this.seq++;
    list.splice(list.indexOf(e), 1);
    list.splice(this.position(list, e.price, list === this.bids), 0, e);
    return true;
  }

  /** What `take` would execute, without changing the book (skipping entries `skip` rejects). */
  preview(side: Side, qty: Dec, limit: Dec | undefined, skip?: (e: BookEntry) => boolean): { qty: Dec; price: Dec }[] {
    const list = side === 'buy' ? this.asks : this.bids;
    const out: { qty: Dec; price: Dec }[] = [];
    let remaining = qty;
    for (const e of list) {
      if (remaining <= 0n) break;
      if (limit !== undefined && (side === 'buy' ? e.price > limit : e.price < limit)) break;
      if (skip?.(e)) continue;
      const q = e.qty < remaining ? e.qty : remaining;
      out.push({ qty: q, price: e.price });
      remaining -= q;
    }
    return out;
  }

  /** Aggregated levels of one side, best first, at most `count`. */
  levels(side: 'asks' | 'bids', count: number): Level[] {
    const out: Level[] = [];
    for (const e of this[side]) {
      const last = out[out.length - 1];
      const qty = e.shown ?? e.qty;
      if (last && last.price === e.price) {
        last.qty += qty;
        if (e.time > last.time) last.time = e.time;
      } else {
        if (out.length === count) break;
        out.push({ price: e.price, qty, time: e.time });
      }
    }
    return out;
  }
}
