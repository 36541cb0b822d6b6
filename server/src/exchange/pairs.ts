import { findAsset, type Asset } from './assets.js';

/**
 * A tradable pair with the trading rules Kraken publishes for it. Prices and sizes are decimal
 * text exactly as Kraken prints them; the engine parses them once into Decs (see Market).
 */
export interface PairSpec {
  /** Domain symbol, base/quote by domain codes: `BTC/USD`. Also the WebSocket v2 symbol. */
  symbol: string;
  base: string;
  quote: string;
  priceDecimals: number;
  lotDecimals: number;
  costDecimals: number;
  orderMin: string;
  costMin: string;
  tickSize: string;
  kraken: { id: string; altname: string; wsname: string };
  /** Default market model: start price, annualised volatility, typical size of a book level. */
  model: { price: number; volatility: number; levelSize: number };
}

const spec = (
  symbol: string, id: string, altname: string, wsname: string,
  d: [price: number, lot: number, cost: number], orderMin: string, costMin: string, tickSize: string,
  model: PairSpec['model'],
): PairSpec => {
  const [base, quote] = symbol.split('/') as [string, string];
  return {
    symbol, base, quote, priceDecimals: d[0], lotDecimals: d[1], costDecimals: d[2], orderMin, costMin, tickSize,
    kraken: { id, altname, wsname }, model,
  };
};

/** Every pair the mock knows; a scenario picks some of them (default: DEFAULT_PAIRS). */
export const PAIR_CATALOG: readonly PairSpec[] = [
  spec('BTC/USD', 'XXBTZUSD', 'XBTUSD', 'XBT/USD', [1, 8, 5], '0.00005', '0.5', '0.1', { price: 95000, volatility: 0.55, levelSize: 0.35 }),
  spec('ETH/USD', 'XETHZUSD', 'ETHUSD', 'ETH/USD', [2, 8, 5], '0.002', '0.5', '0.01', { price: 3400, volatility: 0.7, levelSize: 6 }),
  spec('BTC/USDT', 'XBTUSDT', 'XBTUSDT', 'XBT/USDT', [1, 8, 5], '0.00005', '0.5', '0.1', { price: 95010, volatility: 0.55, levelSize: 0.2 }),
  spec('ETH/BTC', 'XETHXXBT', 'ETHXBT', 'ETH/XBT', [5, 8, 10], '0.002', '0.00002', '0.00001', { price: 0.03579, volatility: 0.45, levelSize: 8 }),
  spec('SOL/USD', 'SOLUSD', 'SOLUSD', 'SOL/USD', [2, 8, 5], '0.02', '0.5', '0.01', { price: 180, volatility: 0.9, levelSize: 60 }),
  spec('DOGE/USD', 'XDGUSD', 'XDGUSD', 'XDG/USD', [7, 8, 5], '20', '0.5', '0.0000001', { price: 0.32, volatility: 1.1, levelSize: 25000 }),
  spec('BTC/EUR', 'XXBTZEUR', 'XBTEUR', 'XBT/EUR', [1, 8, 5], '0.00005', '0.5', '0.1', { price: 88000, volatility: 0.55, levelSize: 0.25 }),
  spec('ETH/EUR', 'XETHZEUR', 'ETHEUR', 'ETH/EUR', [2, 8, 5], '0.002', '0.5', '0.01', { price: 3150, volatility: 0.7, levelSize: 4 }),
  spec('LTC/USD', 'XLTCZUSD', 'LTCUSD', 'LTC/USD', [2, 8, 5], '0.05', '0.5', '0.01', { price: 95, volatility: 0.8, levelSize: 40 }),
  spec('USDT/USD', 'USDTZUSD', 'USDTUSD', 'USDT/USD', [5, 8, 5], '5', '0.5', '0.00001', { price: 1.0002, volatility: 0.01, levelSize: 50000 }),
  spec('USDC/USD', 'USDCUSD', 'USDCUSD', 'USDC/USD', [5, 8, 5], '5', '0.5', '0.00001', { price: 0.9999, volatility: 0.01, levelSize: 50000 }),
];

export const DEFAULT_PAIRS = ['BTC/USD', 'ETH/USD', 'BTC/USDT', 'ETH/BTC', 'SOL/USD', 'DOGE/USD'] as const;

/** Kraken's standard spot fee schedule: [30-day USD volume, percent], taker and maker. */
export const FEE_SCHEDULE = {
  taker: [[0, 0.4], [10000, 0.35], [50000, 0.24], [100000, 0.22], [250000, 0.2], [500000, 0.18], [1000000, 0.16], [2500000, 0.14], [5000000, 0.12], [10000000, 0.1]],
  maker: [[0, 0.25], [10000, 0.2], [50000, 0.14], [100000, 0.12], [250000, 0.1], [500000, 0.08], [1000000, 0.06], [2500000, 0.04], [5000000, 0.02], [10000000, 0]],
} as const satisfies Record<string, readonly (readonly [number, number])[]>;

const lookup = new Map<string, PairSpec>();
for (const p of PAIR_CATALOG) {
  const base = findAsset(p.base) as Asset;
  const quote = findAsset(p.quote) as Asset;
  const names = [
    p.symbol, p.kraken.id, p.kraken.altname, p.kraken.wsname,
    `${base.kraken.altname}${quote.kraken.altname}`, `${base.kraken.altname}/${quote.kraken.altname}`, `${p.base}${p.quote}`,
  ];
  for (const n of names) lookup.set(n.toUpperCase(), p);
}

/** Resolves any name a user may write for a pair (BTC/USD, XBT/USD, XBTUSD, XXBTZUSD); case-insensitive. */
export function findPair(name: string): PairSpec | undefined {
  return lookup.get(name.toUpperCase());
}
