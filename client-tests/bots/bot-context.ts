import type ccxt from 'ccxt';

/** A ccxt Kraken REST client. */
export type Kraken = InstanceType<typeof ccxt.kraken>;

/**
 * Everything an example bot may use. Time and chance come from here, never from `setTimeout`,
 * `Date.now()` or `Math.random()`, so a harness can run a bot on simulated time and replay it.
 */
export interface BotContext {
  /** ccxt's Kraken client, already pointed at the exchange and holding the bot's API key. */
  exchange: Kraken;
  /** The Statuspage-style status endpoint (`…/api/v2/status.json`). */
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

/** The market both example bots trade. */
export const SYMBOL = 'BTC/USD';

/** A buy price well under the market (80 % of the bid, on a whole 100 USD), so the order rests and never fills. */
export const restingBuyPrice = (bid: number): number => Math.floor((bid * 0.8) / 100) * 100;
