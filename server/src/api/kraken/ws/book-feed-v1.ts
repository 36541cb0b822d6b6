import { fmt, parseDec } from '../../../exchange/decimal.js';
import type { Market } from '../../../exchange/market.js';
import { bookChecksum, type LevelText } from './checksum.js';
import type { Feed } from './feeds.js';

/** One side's levels, best first: price text → volume text, at the precision the wire carries. */
type Side = Map<string, string>;

/** Seconds with microseconds as v1 writes times: `"1534614248.123678"`. */
const secs = (ms: number): string => (ms / 1000).toFixed(6);

const top = (s: Side): LevelText[] => [...s].slice(0, 10).map(([price, qty]) => ({ price, qty }));

/**
 * The v1 `book-N` of one pair. Snapshot `{"as":[…],"bs":[…]}`; updates in Kraken's one-side shape
 * `{"a":[…],"c":"<checksum>"}` or `{"b":[…],"c":"…"}`. A step that moved both sides becomes two
 * frames, each with the checksum of the book as it stands after that frame (the side that would
 * leave the intermediate book crossed goes second), never Kraken's two-element form
 * `{"a":[…]},{"b":[…],"c":"…"}`: node-kraken-api 2.2.2 checks a checksum on every element and
 * resubscribes when the first has none (as it also did on one `{a,b,c}` object, of which it applies
 * only `a`). Level timestamps strictly increase, as that client applies a level only when newer.
 */
export class BookFeedV1 implements Feed {
  private asks: Side = new Map();
  private bids: Side = new Map();
  private stamp = 0;

  constructor(private readonly m: Market, private readonly depth: number) {
    [this.asks, this.bids] = this.capture();
  }

  snapshot(now: number): string {
    [this.asks, this.bids] = this.capture();
    return this.stale(now);
  }

  /** The book as last sent to subscribers (what a frozen feed shows newcomers). */
  stale(now: number): string {
    const t = this.time(now);
    const side = (s: Side): string => `[${[...s].map(([p, q]) => `["${p}","${q}","${t}"]`).join(',')}]`;
    return `{"as":${side(this.asks)},"bs":${side(this.bids)}}`;
  }

  /** What changed since the last call: no frame, one (one side moved) or two (both did, one each). */
  update(now: number): string[] | undefined {
    const [oldAsks, oldBids] = [this.asks, this.bids];
    const [asks, bids] = this.capture();
    const a = this.diff(oldAsks, asks);
    const b = this.diff(oldBids, bids);
    [this.asks, this.bids] = [asks, bids];
    if (a.length === 0 && b.length === 0) return undefined;
    if (b.length === 0) return [this.frame('a', a, asks, bids, now)];
    if (a.length === 0) return [this.frame('b', b, asks, bids, now)];
    // New asks over old bids is crossed only when the market fell; then new bids over old asks is not.
    const bestAsk = parseDec([...asks.keys()][0] ?? '');
    const bestOldBid = parseDec([...oldBids.keys()][0] ?? '');
    const asksFirst = bestAsk === undefined || bestOldBid === undefined || bestAsk > bestOldBid;
    return asksFirst
      ? [this.frame('a', a, asks, oldBids, now), this.frame('b', b, asks, bids, now)]
      : [this.frame('b', b, oldAsks, bids, now), this.frame('a', a, asks, bids, now)];
  }

  /** One side's changed and new levels, then (volume zero) those gone from the top `depth`. */
  private diff(before: Side, after: Side): LevelText[] {
    const zero = fmt(0n, this.m.spec.lotDecimals);
    return [
      ...[...after].filter(([p, q]) => before.get(p) !== q).map(([price, qty]) => ({ price, qty })),
      ...[...before.keys()].filter((p) => !after.has(p)).map((price) => ({ price, qty: zero })),
    ];
  }

  /** `{"a"|"b":[…],"c":"…"}`, the checksum over the book the client holds once it applied this frame. */
  private frame(key: 'a' | 'b', levels: LevelText[], asks: Side, bids: Side, now: number): string {
    const text = levels.map((l) => `["${l.price}","${l.qty}","${this.time(now)}"]`).join(',');
    return `{"${key}":[${text}],"c":"${bookChecksum(top(asks), top(bids))}"}`;
  }

  /** A level timestamp later than every one sent before (a microsecond apart within a step). */
  private time(now: number): string {
    this.stamp = Math.max(this.stamp + 0.001, now);
    return secs(this.stamp);
  }

  private capture(): [Side, Side] {
    const side = (s: 'asks' | 'bids'): Side => new Map(this.m.book.levels(s, this.depth).map((l) => [fmt(l.price, this.m.dataDecimals), fmt(l.qty, this.m.spec.lotDecimals)]));
    return [side('asks'), side('bids')];
  }
}
