import type { Dec } from './decimal.js';
import type { OrderBook } from './order-book.js';
import type { SelfTradeMode, Side } from './types.js';

/**
 * Whether a taker of `side` could execute all of `qty` at once against the book as it stands
 * (simulated liquidity and accounts' orders alike, best price first, not beyond `limit`), the
 * fill-or-kill test made before a FOK order touches the book. Self-trade prevention counts as
 * matching would apply it: under `none` the account's own orders count as liquidity; under
 * `expire-maker` they are passed over (they would be expired, matching going on); under
 * `expire-taker` / `expire-both` the walk stops at the first of them (the taker would end there).
 * UNCONFIRMED choice: a FOK that fails this test expires without expiring any resting order.
 */
export function canFillAll(book: OrderBook, side: Side, qty: Dec, limit: Dec | undefined, account: string, mode: SelfTradeMode): boolean {
  let remaining = qty;
  for (const e of book.side(side === 'buy' ? 'sell' : 'buy')) {
    if (remaining <= 0n) break;
    if (limit !== undefined && (side === 'buy' ? e.price > limit : e.price < limit)) break;
    if (mode !== 'none' && e.account === account) {
      if (mode === 'expire-maker') continue;
      break;
    }
    remaining -= e.qty;
  }
  return remaining <= 0n;
}
