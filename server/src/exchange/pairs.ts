/**
 * A tradable pair with its trading rules (as Kraken publishes them). Prices and sizes are decimal
 * text; the engine parses them once into Decs (see Market). A dialect's names for the pair live in
 * that dialect's own table (api/<dialect>/names.ts), never here.
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
  /** Default market model: start price, annualised volatility, typical size of a book level. */
  model: { price: number; volatility: number; levelSize: number };
}

const spec = (
  symbol: string,
  d: [price: number, lot: number, cost: number], orderMin: string, costMin: string, tickSize: string,
  model: PairSpec['model'],
): PairSpec => {
  const [base, quote] = symbol.split('/') as [string, string];
  return {
    symbol, base, quote, priceDecimals: d[0], lotDecimals: d[1], costDecimals: d[2], orderMin, costMin, tickSize,
    model,
  };
};

/** Every pair the mock knows; a scenario picks some of them (default: DEFAULT_PAIRS). */
export const PAIR_CATALOG: readonly PairSpec[] = [
  spec('BTC/USD', [1, 8, 5], '0.00005', '0.5', '0.1', { price: 95000, volatility: 0.55, levelSize: 0.35 }),
  spec('ETH/USD', [2, 8, 5], '0.002', '0.5', '0.01', { price: 3400, volatility: 0.7, levelSize: 6 }),
  spec('BTC/USDT', [1, 8, 5], '0.00005', '0.5', '0.1', { price: 95010, volatility: 0.55, levelSize: 0.2 }),
  spec('ETH/BTC', [5, 8, 10], '0.002', '0.00002', '0.00001', { price: 0.03579, volatility: 0.45, levelSize: 8 }),
  spec('SOL/USD', [2, 8, 5], '0.02', '0.5', '0.01', { price: 180, volatility: 0.9, levelSize: 60 }),
  spec('DOGE/USD', [7, 8, 5], '20', '0.5', '0.0000001', { price: 0.32, volatility: 1.1, levelSize: 25000 }),
  spec('BTC/EUR', [1, 8, 5], '0.00005', '0.5', '0.1', { price: 88000, volatility: 0.55, levelSize: 0.25 }),
  spec('ETH/EUR', [2, 8, 5], '0.002', '0.5', '0.01', { price: 3150, volatility: 0.7, levelSize: 4 }),
  spec('LTC/USD', [2, 8, 5], '0.05', '0.5', '0.01', { price: 95, volatility: 0.8, levelSize: 40 }),
  spec('USDT/USD', [5, 8, 5], '5', '0.5', '0.00001', { price: 1.0002, volatility: 0.01, levelSize: 50000 }),
  spec('USDC/USD', [5, 8, 5], '5', '0.5', '0.00001', { price: 0.9999, volatility: 0.01, levelSize: 50000 }),
];

export const DEFAULT_PAIRS = ['BTC/USD', 'ETH/USD', 'BTC/USDT', 'ETH/BTC', 'SOL/USD', 'DOGE/USD'] as const;

/** Kraken's standard spot fee schedule: [30-day USD volume, percent], taker and maker. */
export const FEE_SCHEDULE = {
  taker: [[0, 0.4], [10000, 0.35], [50000, 0.24], [100000, 0.22], [250000, 0.2], [500000, 0.18], [1000000, 0.16], [2500000, 0.14], [5000000, 0.12], [10000000, 0.1]],
  maker: [[0, 0.25], [10000, 0.2], [50000, 0.14], [100000, 0.12], [250000, 0.1], [500000, 0.08], [1000000, 0.06], [2500000, 0.04], [5000000, 0.02], [10000000, 0]],
} as const satisfies Record<string, readonly (readonly [number, number])[]>;

/** Every catalog pair by its neutral names, upper case: the domain symbol (BTC/USD) and base and quote run together (BTCUSD). */
const lookup = new Map<string, PairSpec>(PAIR_CATALOG.flatMap((p) => [[p.symbol, p], [`${p.base}${p.quote}`, p]] as const));

/**
 * The catalog pair with this neutral name (BTC/USD or BTCUSD), case-insensitive. A dialect's own
 * spellings (Kraken's XBT/USD) are its table's to resolve; user-written names go through scenario/names.ts.
 */
export function findPair(name: string): PairSpec | undefined {
  return lookup.get(name.toUpperCase());
}
