import type { Rng } from '../clock/rng.js';
import { CandleSeries, generateHistory, INTERVALS, type Interval } from './candles.js';
import { type Dec, dec, fromNumber, toNumber, ZERO } from './decimal.js';
import { OrderBook } from './order-book.js';
import { seedTape } from './seeded-tape.js';
import { TradeTape } from './trade-tape.js';
import type { PairSpec } from './pairs.js';
import { SyntheticLiquidity } from './synthetic-liquidity.js';

/** A public trade on the tape. `side` is the taker's side; `ordType` the taker's order type. */
export interface PublicTrade {
  id: number;
  /** ms since the epoch, with microsecond fractions. */
  time: number;
  price: Dec;
  qty: Dec;
  side: 'buy' | 'sell';
  ordType: 'market' | 'limit';
}

/** Best bid and ask at a moment (for Kraken's Spread endpoint). */
export interface SpreadPoint {
  time: number;
  bid: Dec;
  ask: Dec;
}

/** Market model settings a scenario may override per pair. */
export interface MarketSettings {
  price: number;
  /** Annualised volatility of the random walk (0.55 = 55 %). */
  volatility: number;
  /** Annualised drift (0.1 = +10 % a year). */
  drift: number;
  /** Mean simulated public trades per second. */
  tradeRate: number;
  /** Typical size of one book level, in base units. */
  levelSize: number;
  /** Levels of simulated liquidity kept on each side. */
  depth: number;
}

/**
 * Simulated levels kept on each side of a book unless a scenario says otherwise: deep enough for
 * Kraken's deepest answers (REST Depth `count` up to 500, the WebSocket v2 book at depth 1000).
 */
export const DEFAULT_BOOK_DEPTH = 1000;

export const TAPE_LIMIT = 1000;
export const SPREAD_LIMIT = 200;

/**
 * One pair's market: its trading rules, a seeded random-walk mid price with simulated liquidity
 * around it, the order book (simulated and account orders together), the public trade tape,
 * candles and spread history. Matching accounts' orders is the Trading engine's job.
 */
export class Market {
  readonly book = new OrderBook();
  readonly tick: Dec;
  readonly orderMin: Dec;
  readonly costMin: Dec;
  /** Price precision of public market data (Kraken prints at least 5 places). */
  readonly dataDecimals: number;
  mid: number;
  volatility: number;
  /** Multiplies the simulated trade rate (a post-recovery backlog). */
  tradeBoost = 1;
  /** True while the book is frozen by a halt: it no longer follows the mid. */
  frozen = false;
  drift: number;
  last: Dec;
  readonly spreads: SpreadPoint[] = [];
  private readonly candles = new Map<Interval, CandleSeries>();
  private readonly liquidity: SyntheticLiquidity;
  private nextTradeId: number;
  private readonly trades: TradeTape;
  /** Size of the newest live trade; undefined before the first. */
  private liveQty: Dec | undefined;

  constructor(readonly spec: PairSpec, readonly settings: MarketSettings, private readonly rng: Rng, startMs: number) {
    this.tick = dec(spec.tickSize);
    this.orderMin = dec(spec.orderMin);
    this.costMin = dec(spec.costMin);
    this.dataDecimals = Math.max(spec.priceDecimals, 5);
    this.mid = settings.price;
    this.volatility = settings.volatility;
    this.drift = settings.drift;
    this.last = this.roundPrice(settings.price);
    this.nextTradeId = 1 + rng.fork('trade-id').int(10_000_000, 90_000_000);
    this.liquidity = new SyntheticLiquidity(this.book, rng.fork('liquidity'), {
      tick: this.tick, lotDecimals: spec.lotDecimals, levelSize: settings.levelSize, depth: settings.depth,
      orderMin: this.orderMin,
    });
    const startSec = Math.floor(startMs / 1000);
    for (const interval of INTERVALS) {
      const history = (): ReturnType<typeof generateHistory> =>
        generateHistory(
          rng.fork(`history/${interval}`), interval, interval === 1 ? 1440 : 720, startSec, settings.price,
          settings.volatility, settings.levelSize * settings.tradeRate * 60 * 0.15, spec.priceDecimals, spec.lotDecimals,
        );
      this.candles.set(interval, new CandleSeries(interval, startSec, history));
    }
    // Public trades before the start, consistent with the 1-minute pre-history (see seedTape), made
    // on first read from what is fixed here: the same trades whenever that is.
    const shape = { priceDecimals: spec.priceDecimals, lotDecimals: spec.lotDecimals };
    const firstLiveId = this.nextTradeId;
    this.trades = new TradeTape(() => seedTape(this.series(1).prehistory(), rng.fork('seeded-tape'), shape, TAPE_LIMIT, firstLiveId), TAPE_LIMIT);
    this.liquidity.maintain(this.mid, startMs);
    this.recordSpread(startMs);
  }

  /** The last TAPE_LIMIT public trades, oldest first: the seeded history before the start (made on first read), then live ones. */
  get tape(): readonly PublicTrade[] {
    return this.trades.list;
  }

  /** Size of the last public trade (the seeded history's last before any live trade). */
  get lastQty(): Dec {
    return this.liveQty ?? this.tape[this.tape.length - 1]?.qty ?? ZERO;
  }

  /** Rounds a model price to the pair's tick. */
  roundPrice(price: number): Dec {
    const ticks = Math.max(1, Math.round(price / toNumber(this.tick)));
    return BigInt(ticks) * this.tick;
  }

  /** Moves the model's mid one step of `dtMs` (the outside world's price; it moves during halts too). */
  walk(dtMs: number): void {
    const years = dtMs / (365 * 86_400_000);
    const shock = this.volatility * Math.sqrt(years) * this.rng.normal();
    this.mid *= Math.exp((this.drift - (this.volatility * this.volatility) / 2) * years + shock);
    this.mid = Math.max(this.mid, toNumber(this.tick) * 10);
  }

  /** Moves simulated liquidity to the current mid (not while the book is frozen). */
  refresh(now: number): void {
    this.liquidity.maintain(this.mid, now);
  }

  /** How many simulated taker trades happen in the next `dtMs` (Poisson). */
  flowCount(dtMs: number): number {
    const lambda = (this.settings.tradeRate * this.tradeBoost * dtMs) / 1000;
    let k = 0;
    let p = Math.exp(-lambda);
    let cdf = p;
    const u = this.rng.next();
    while (u > cdf && k < 50) {
      k++;
      p *= lambda / k;
      cdf += p;
    }
    return k;
  }

  /** One simulated taker: side, quantity and an optional limit (null = market). */
  flowOrder(): { side: 'buy' | 'sell'; qty: Dec; limit: Dec | undefined } {
    const side = this.rng.chance(0.5) ? 'buy' : 'sell';
    const size = this.settings.levelSize * 0.12 * Math.exp(0.9 * this.rng.normal() - 0.4);
    const qty = fromNumber(Math.max(size, toNumber(this.orderMin)), this.spec.lotDecimals);
    const isLimit = this.rng.chance(0.4);
    const best = this.book.best(side === 'buy' ? 'sell' : 'buy');
    return { side, qty, limit: isLimit && best ? best.price : undefined };
  }

  /** Appends a public trade to the tape, candles and last price; returns its trade id. */
  recordTrade(now: number, price: Dec, qty: Dec, side: 'buy' | 'sell', ordType: 'market' | 'limit'): number {
    const id = this.nextTradeId++;
    // Tape times are strictly increasing, a microsecond apart when trades share a millisecond.
    const time = Math.max(now, (this.trades.newestMade()?.time ?? 0) + 0.001);
    this.trades.push({ id, time, price, qty, side, ordType });
    this.last = price;
    this.liveQty = qty;
    for (const series of this.candles.values()) series.add(time / 1000, price, qty);
    return id;
  }

  recordSpread(time: number): void {
    const bid = this.book.best('buy');
    const ask = this.book.best('sell');
    if (!bid || !ask) return;
    const prev = this.spreads[this.spreads.length - 1];
    if (prev && prev.bid === bid.price && prev.ask === ask.price) return;
    this.spreads.push({ time, bid: bid.price, ask: ask.price });
    if (this.spreads.length > SPREAD_LIMIT) this.spreads.shift();
  }

  series(interval: Interval): CandleSeries {
    return this.candles.get(interval) as CandleSeries;
  }

}
