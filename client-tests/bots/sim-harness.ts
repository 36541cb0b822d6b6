import type { ManualClock } from '../../server/src/clock/clock.js';
import { simulateBot as simulate, type SimBotContext, type SimulatedRun } from '../../server/src/testing/judge-bot.js';
import { connectBot, type BotConnection } from './bot-client.js';
import type { Bot } from './bot-context.js';

export type { SimulatedRun } from '../../server/src/testing/judge-bot.js';

/**
 * The ccxt client for the CHAOS_EXCHANGE_* environment (Kraken or Binance, by
 * CHAOS_EXCHANGE_DIALECT), its HTTP going through the simulation's `fetch` and Binance's signing
 * clock the simulated one. ccxt's `timeout` (10 s unless the bot sets another) is kept on the
 * simulated clock by the simulation's fetch.
 */
export function simClient(env: Record<string, string>, fetch: SimBotContext['fetch'], now: () => number): BotConnection {
  return connectBot(env, { fetch, now });
}

/**
 * Runs an example bot (a ccxt bot, see bot-context.ts) in process as the bot of `runScenario` on
 * a manual clock, through chaos-exchange's own in-process harness (`simulateBot` of the testing API).
 */
export function simulateBot(bot: Bot, o: { clock: ManualClock; seed: string }): SimulatedRun {
  const named = { [bot.name]: (ctx: SimBotContext) => bot({
    ...simClient(ctx.env, ctx.fetch, ctx.now), statusUrl: ctx.env.CHAOS_EXCHANGE_STATUS_URL!,
    sleep: ctx.sleep, now: ctx.now, random: ctx.random, stopped: ctx.stopped,
  }) }[bot.name]!;
  return simulate(named, o);
}
