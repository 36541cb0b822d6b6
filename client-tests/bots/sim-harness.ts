import ccxt from 'ccxt';
import type { ManualClock } from '../../server/src/clock/clock.js';
import { simulateBot as simulate, type SimBotContext, type SimulatedRun } from '../../server/src/testing/judge-bot.js';
import type { Bot, Kraken } from './bot-context.js';

export type { SimulatedRun } from '../../server/src/testing/judge-bot.js';

/** A ccxt Kraken client for the CHAOS_EXCHANGE_* environment, its HTTP going through the simulation's `fetch`. */
export function simKraken(env: Record<string, string>, fetch: SimBotContext['fetch']): Kraken {
  // No throttling: ccxt's rate limiter sleeps in wall-clock time. Its `timeout` (10 s unless the bot
  // sets another) is kept on the simulated clock by the simulation's fetch.
  const kraken = new ccxt.kraken({ apiKey: env.CHAOS_EXCHANGE_API_KEY, secret: env.CHAOS_EXCHANGE_API_SECRET, enableRateLimit: false });
  kraken.urls.api.public = env.CHAOS_EXCHANGE_URL;
  kraken.urls.api.private = env.CHAOS_EXCHANGE_URL;
  // ccxt's nonce is Date.now(): a strictly increasing counter needs no wall clock and never repeats.
  let nonce = 0;
  kraken.nonce = () => ++nonce;
  kraken.fetchImplementation = fetch;
  return kraken;
}

/**
 * Runs an example bot (a ccxt bot, see bot-context.ts) in process as the bot of `runScenario` on
 * a manual clock, through chaos-exchange's own in-process harness (`simulateBot` of the testing API).
 */
export function simulateBot(bot: Bot, o: { clock: ManualClock; seed: string }): SimulatedRun {
  const named = { [bot.name]: (ctx: SimBotContext) => bot({
    exchange: simKraken(ctx.env, ctx.fetch), statusUrl: ctx.env.CHAOS_EXCHANGE_STATUS_URL!, sleep: ctx.sleep, now: ctx.now, random: ctx.random, stopped: ctx.stopped,
  }) }[bot.name]!;
  return simulate(named, o);
}
