import { INTERVALS, type Interval } from '../../../exchange/candles.js';
import type { Market } from '../../../exchange/market.js';
import { BOOK_DEPTHS, BookFeed } from './book-feed.js';
import { OhlcFeed, TickerFeed, TradeFeed, type Feed } from './feeds.js';

/** A public channel: its parameters, the key part they add, its ack fields and how to feed it. */
export interface Channel {
  snapshot: boolean;
  check(params: Record<string, unknown>): string | undefined;
  keyPart(params: Record<string, unknown>): string;
  ack(params: Record<string, unknown>): Record<string, unknown>;
  make(market: Market, params: Record<string, unknown>): Feed;
}

const depthOf = (p: Record<string, unknown>): number => (p.depth === undefined ? 10 : (p.depth as number));

/** The v2 public channels that take symbols, by name (`instrument`, which takes none, is apart). */
export const CHANNELS: Record<'book' | 'ticker' | 'trade' | 'ohlc', Channel> = {
  book: {
    snapshot: true,
    check: (p) => ((BOOK_DEPTHS as readonly unknown[]).includes(depthOf(p)) ? undefined : 'Subscription depth not supported'),
    keyPart: (p) => String(depthOf(p)),
    ack: (p) => ({ depth: depthOf(p) }),
    make: (m, p) => new BookFeed(m, depthOf(p)),
  },
  ticker: { snapshot: true, check: () => undefined, keyPart: () => '', ack: () => ({}), make: (m) => new TickerFeed(m) },
  trade: { snapshot: false, check: () => undefined, keyPart: () => '', ack: () => ({}), make: (m) => new TradeFeed(m) },
  ohlc: {
    snapshot: true,
    check: (p) => p.interval === undefined ? 'Subscription ohlc requires interval'
      : !Number.isInteger(p.interval) ? 'Subscription ohlc interval must be an integer'
      : (INTERVALS as readonly unknown[]).includes(p.interval) ? undefined : 'Subscription ohlc interval not supported',
    keyPart: (p) => String(p.interval),
    ack: (p) => ({ interval: p.interval }),
    make: (m, p) => new OhlcFeed(m, p.interval as Interval),
  },
};
