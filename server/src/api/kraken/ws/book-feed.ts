import { fmt } from '../../../exchange/decimal.js';
import type { Market } from '../../../exchange/market.js';
import { bookChecksum, type LevelText } from './checksum.js';
import type { Feed } from './feeds.js';
import { iso } from './wire.js';

/** Book depths a v2 `book` subscription may ask for. */
export const BOOK_DEPTHS = [10, 25, 100, 500, 1000] as const;

/** One side's levels, best first, as full-precision text keyed by price text. */
type Side = Map<string, string>;

const levelsOf = (m: Market, side: 'asks' | 'bids', depth: number): LevelText[] =>
  m.book.levels(side, depth).map((l) => ({ price: fmt(l.price, m.spec.priceDecimals), qty: fmt(l.qty, m.spec.lotDecimals) }));

/** JSON for levels with numbers written at full precision (`0.00100000`), as Kraken's wire does. */
const levelsJson = (ls: readonly LevelText[]): string => `[${ls.map((l) => `{"price":${l.price},"qty":${l.qty}}`).join(',')}]`;


/**
 * The v2 book of one symbol at one depth: computes the snapshot and, after each market step, the
 * update (changed and removed levels, then the checksum of the book as it now is) ONCE for all
 * subscribers, however many there are.
 */
export class BookFeed implements Feed {
  private asks: Side = new Map();
  private bids: Side = new Map();

  constructor(readonly market: Market, readonly depth: number) {
    this.capture();
  }

  /** The current book as a snapshot frame. */
  snapshot(now: number): string {
    this.capture();
    return this.stale(now);
  }

  /** The book as last sent to subscribers, as a snapshot frame (what a frozen feed shows newcomers). */
  stale(now: number): string {
    const asks = [...this.asks].map(([price, qty]) => ({ price, qty }));
    const bids = [...this.bids].map(([price, qty]) => ({ price, qty }));
    return this.frame('snapshot', asks, bids, bookChecksum(asks, bids), now);
  }

  /** An update frame with what changed since the last call, or undefined when nothing did. */
  update(now: number): string | undefined {
    const [oldAsks, oldBids] = [this.asks, this.bids];
    this.capture();
    const diff = (before: Side, after: Side): LevelText[] => {
      const out: LevelText[] = [];
      for (const [price, qty] of after) if (before.get(price) !== qty) out.push({ price, qty });
      const zero = fmt(0n, this.market.spec.lotDecimals);
      for (const price of before.keys()) if (!after.has(price)) out.push({ price, qty: zero });
      return out;
    };
    const asks = diff(oldAsks, this.asks);
    const bids = diff(oldBids, this.bids);
    if (asks.length === 0 && bids.length === 0) return undefined;
    const top = (s: Side): LevelText[] => [...s].slice(0, 10).map(([price, qty]) => ({ price, qty }));
    return this.frame('update', asks, bids, bookChecksum(top(this.asks), top(this.bids)), now);
  }

  private capture(): void {
    this.asks = new Map(levelsOf(this.market, 'asks', this.depth).map((l) => [l.price, l.qty]));
    this.bids = new Map(levelsOf(this.market, 'bids', this.depth).map((l) => [l.price, l.qty]));
  }

  private frame(type: 'snapshot' | 'update', asks: LevelText[], bids: LevelText[], checksum: number, now: number): string {
    const ts = type === 'update' ? `,"timestamp":"${iso(now)}"` : '';
    return `{"channel":"book","type":"${type}","data":[{"symbol":"${this.market.spec.symbol}","bids":${levelsJson(bids)},"asks":${levelsJson(asks)},"checksum":${checksum}${ts}}]}`;
  }
}
