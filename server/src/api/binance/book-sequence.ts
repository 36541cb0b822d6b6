import type { Dec } from '../../exchange/decimal.js';
import type { Market } from '../../exchange/market.js';

/** One side of a book: price → quantity (exact decimals). */
type Side = Map<Dec, Dec>;

/** The levels one update set, absolute (a zero quantity removes the level), per side. */
export interface BookChange {
  bids: Map<Dec, Dec>;
  asks: Map<Dec, Dec>;
}

/** Changes kept for streams that lag behind (one per observed change); older ones are forgotten. */
export const CHANGE_LOG_LIMIT = 1000;

const sideOf = (m: Market, side: 'asks' | 'bids'): Side => new Map(m.book.levels(side, Infinity).map((l) => [l.price, l.qty]));

const diff = (before: Side, after: Side): Map<Dec, Dec> => {
  const out = new Map<Dec, Dec>();
  for (const [price, qty] of after) if (before.get(price) !== qty) out.set(price, qty);
  for (const price of before.keys()) if (!after.has(price)) out.set(price, 0n);
  return out;
};

/**
 * Binance's order-book update id of one market, shared by REST `depth` (`lastUpdateId`), the diff
 * depth stream (`U`/`u`) and `bookTicker` (`u`). It advances by one each time an observer finds the
 * book different from the last observation, so ids have no holes; the change of each id is kept
 * (up to CHANGE_LOG_LIMIT) so a stream can send every level set in `(since, id]` as one event.
 * The core's book does not count its changes, so the count lives here at the edge.
 */
export class BookSequence {
  private bids: Side;
  private asks: Side;
  private current = 1;
  private readonly log: { id: number; change: BookChange }[] = [];

  constructor(private readonly market: Market) {
    this.bids = sideOf(market, 'bids');
    this.asks = sideOf(market, 'asks');
  }

  /** The id of the book as it is now (advancing it once if the book changed since last seen). */
  observe(): number {
    const bids = sideOf(this.market, 'bids');
    const asks = sideOf(this.market, 'asks');
    const change = { bids: diff(this.bids, bids), asks: diff(this.asks, asks) };
    this.bids = bids;
    this.asks = asks;
    if (change.bids.size === 0 && change.asks.size === 0) return this.current;
    this.current += 1;
    this.log.push({ id: this.current, change });
    if (this.log.length > CHANGE_LOG_LIMIT) this.log.shift();
    return this.current;
  }

  /** The last id handed out, without looking at the book. */
  get id(): number {
    return this.current;
  }

  /**
   * Every level set by the updates after `since` up to the current id, merged (later wins), or
   * undefined when there were none; throws if those updates are no longer kept (a bug: streams
   * read every round).
   */
  changesSince(since: number): BookChange | undefined {
    if (since >= this.current) return undefined;
    const first = this.log[0];
    if (!first || first.id > since + 1) throw new Error(`book changes after ${since} are no longer kept (oldest ${first?.id})`);
    const out: BookChange = { bids: new Map(), asks: new Map() };
    for (const { id, change } of this.log) {
      if (id <= since) continue;
      for (const [p, q] of change.bids) out.bids.set(p, q);
      for (const [p, q] of change.asks) out.asks.set(p, q);
    }
    return out;
  }
}

const sequences = new WeakMap<Market, BookSequence>();

/** The one BookSequence of a market (made on first use), so every reader shares it. */
export function bookSequence(m: Market): BookSequence {
  let s = sequences.get(m);
  if (!s) {
    s = new BookSequence(m);
    sequences.set(m, s);
  }
  return s;
}
