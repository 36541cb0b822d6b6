import type { Market } from '../../../exchange/market.js';
import type { Level } from '../../../exchange/order-book.js';

interface Seen {
  id: number;
  asks: Level[];
  bids: Level[];
}

const seen = new WeakMap<Market, Seen>();

const same = (a: readonly Level[], b: readonly Level[]): boolean =>
  a.length === b.length && a.every((l, i) => l.price === b[i]!.price && l.qty === b[i]!.qty);

/**
 * `lastUpdateId` for a market's book: a number that grows whenever the book differs from the last
 * time it was read here, and stays put while it does not (a poller sees the same id for the same
 * book). Interim: the diff-depth stream must share one counter with REST depth (§6.4), which needs
 * the book itself to count its changes; until streams come this reads the whole book per call.
 */
export function lastUpdateId(m: Market): number {
  const asks = m.book.levels('asks', Infinity);
  const bids = m.book.levels('bids', Infinity);
  const prev = seen.get(m);
  if (prev && same(prev.asks, asks) && same(prev.bids, bids)) return prev.id;
  const id = (prev?.id ?? 0) + 1;
  seen.set(m, { id, asks, bids });
  return id;
}
