/**
 * The example bots as programs, for `chaos-exchange run SCENARIO -- node bot-main.js naive|resilient`:
 * ccxt (kraken, or binance when CHAOS_EXCHANGE_DIALECT=binance) on real HTTP, time from the
 * process's own clock (`Date.now`, `setTimeout`: under `run --speed X` chaos-exchange warps them
 * to the exchange's time), chance from a fixed seed.
 * SIGTERM ends the bot: its pending sleep ends at once and it returns.
 */
import { Rng } from '../../server/src/clock/rng.js';
import { connectBot } from './bot-client.js';
import type { Bot, BotContext } from './bot-context.js';
import { runNaiveBot } from './naive-bot.js';
import { runResilientBot } from './resilient-bot.js';

const BOTS: Record<string, Bot> = { naive: runNaiveBot, resilient: runResilientBot };

const name = process.argv[2] ?? '';
const bot = BOTS[name];
if (!bot) {
  process.stderr.write(`usage: bot-main naive|resilient (got "${name}")\n`);
  process.exit(2);
}
const env = process.env;
// CHAOS_EXCHANGE_DIALECT picks ccxt's kraken or binance; Kraken's nonce is a counter, as in the in-process harness.
const client = connectBot(env);

let stopped = false;
const wakers = new Set<() => void>();
process.once('SIGTERM', () => {
  stopped = true;
  for (const wake of wakers) wake();
});
const rng = new Rng(`example-bot/${name}`);
const ctx: BotContext = {
  ...client, statusUrl: env.CHAOS_EXCHANGE_STATUS_URL!, now: () => Date.now(), random: () => rng.next(), stopped: () => stopped,
  sleep: (ms) => new Promise<void>((resolve) => {
    const wake = (): void => {
      clearTimeout(timer);
      wakers.delete(wake);
      resolve();
    };
    const timer = setTimeout(wake, ms);
    wakers.add(wake);
    if (stopped) wake();
  }),
};
await bot(ctx);
process.exit(0);
