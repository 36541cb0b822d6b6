import type { Exchange } from 'ccxt';

/** The API the exchange serves the bot (`CHAOS_EXCHANGE_DIALECT`): Kraken or Binance Spot. */
export type BotDialect = 'kraken' | 'binance';

/** A ccxt REST client: `ccxt.kraken` or `ccxt.binance`, whichever the exchange serves. */
export type BotClient = Exchange;

/**
 * Everything an example bot may use. Time and chance come from here, never from `setTimeout`,
 * `Date.now()` or `Math.random()`, so a harness can run a bot on simulated time and replay it.
 */
export interface BotContext {
  /** ccxt's client for the served API, already pointed at the exchange and holding the bot's API key. */
  exchange: BotClient;
  /** Which API `exchange` speaks: the status watch and the order lookups differ between them. */
  dialect: BotDialect;
  /** The market the bot trades (BTC/USD on Kraken, BTC/USDT on Binance). */
  symbol: string;
  /** The Statuspage-style status endpoint (`…/api/v2/status.json`), watched under Kraken. */
  statusUrl: string;
  /** Resolves after `ms` of (simulated) time, or at once once the bot is stopped. */
  sleep(ms: number): Promise<void>;
  /** Current (simulated) time, ms since the epoch. */
  now(): number;
  /** Uniform in [0, 1), from a seeded stream. */
  random(): number;
  /** True once the bot should return. */
  stopped(): boolean;
}

/** An example bot: runs until `ctx.stopped()`, catching every exchange error itself. */
export type Bot = (ctx: BotContext) => Promise<void>;

/** The market the example bots trade under each API. */
export const SYMBOLS: Readonly<Record<BotDialect, string>> = { kraken: 'BTC/USD', binance: 'BTC/USDT' };

/** A buy price well under the market (80 % of the bid, on a whole 100 of the quote), so the order rests and never fills. */
export const restingBuyPrice = (bid: number): number => Math.floor((bid * 0.8) / 100) * 100;
