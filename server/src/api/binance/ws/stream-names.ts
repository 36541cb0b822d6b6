import type { Exchange } from '../../../exchange/exchange.js';
import type { Market } from '../../../exchange/market.js';
import { marketBySymbol } from '../names.js';
import { KLINE_INTERVALS } from '../rest/klines.js';

/** What a market stream carries; `depth` is the diff stream, `partial` the top-N book. */
export type StreamKind = 'trade' | 'aggTrade' | 'kline' | 'miniTicker' | 'ticker' | 'bookTicker' | 'partial' | 'depth';

/** A parsed stream name: the market, the kind, and its options (kline interval, partial depth, update speed in ms). */
export interface StreamSpec {
  name: string;
  market: Market;
  kind: StreamKind;
  /** Kline interval (`1m`), for `kline`. */
  interval?: string;
  /** Levels per side (5, 10, 20), for `partial`. */
  levels?: number;
  /** How often the stream may send (ms): 0 = on every market step that changes it. */
  every: number;
}

const PARTIAL_LEVELS = new Set([5, 10, 20]);

/**
 * Reads a stream name (`btcusdt@depth20@100ms`) against the exchange's listed markets, or undefined
 * when it names no stream served here. Names are lower case as Binance's are; upper-case symbols are
 * refused. Cadences follow the reference (§6.3): trades and bookTicker real-time, tickers 1 s,
 * klines 2 s, depth 1 s or 100 ms.
 */
export function parseStream(ex: Exchange, name: string): StreamSpec | undefined {
  const [symbol, channel, speed, ...rest] = name.split('@');
  if (!symbol || !channel || rest.length > 0 || symbol !== symbol.toLowerCase()) return undefined;
  const market = marketBySymbol(ex, symbol.toUpperCase());
  if (!market) return undefined;
  const fast = speed === '100ms';
  if (speed !== undefined && !fast) return undefined;
  const base = { name, market };
  const simple: Partial<Record<string, [StreamKind, number]>> = {
    trade: ['trade', 0], aggTrade: ['aggTrade', 0], miniTicker: ['miniTicker', 1000], ticker: ['ticker', 1000], bookTicker: ['bookTicker', 0],
  };
  const plain = Object.hasOwn(simple, channel) ? simple[channel] : undefined;
  if (plain) return speed === undefined ? { ...base, kind: plain[0], every: plain[1] } : undefined;
  if (channel.startsWith('kline_')) {
    const interval = channel.slice('kline_'.length);
    return speed === undefined && Object.hasOwn(KLINE_INTERVALS, interval) ? { ...base, kind: 'kline', interval, every: 2000 } : undefined;
  }
  const every = fast ? 100 : 1000;
  if (channel === 'depth') return { ...base, kind: 'depth', every };
  const levels = /^depth(\d+)$/.exec(channel)?.[1];
  if (levels !== undefined && PARTIAL_LEVELS.has(Number(levels))) return { ...base, kind: 'partial', levels: Number(levels), every };
  return undefined;
}
