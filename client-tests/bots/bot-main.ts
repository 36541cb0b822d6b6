/**
 * The example bots as programs, for `chaos-exchange run SCENARIO -- node bot-main.js naive|resilient`:
 * ccxt on real HTTP, time from the process's own clock (`Date.now`, `setTimeout`: under
 * `run --speed X` chaos-exchange warps them to the exchange's time), chance from a fixed seed.
 * SIGTERM ends the bot: its pending sleep ends at once and it returns.
 */
import ccxt from 'ccxt';
import { Rng } from '../../server/src/clock/rng.js';
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
const kraken = new ccxt.kraken({ apiKey: env.CHAOS_EXCHANGE_API_KEY, secret: env.CHAOS_EXCHANGE_API_SECRET, enableRateLimit: false });
kraken.urls.api.public = env.CHAOS_EXCHANGE_URL;
kraken.urls.api.private = env.CHAOS_EXCHANGE_URL;
// A counter, as in the in-process harness: strictly increasing whatever the clock does.
let nonce = 0;
kraken.nonce = () => ++nonce;

let stopped = false;
const wakers = new Set<() => void>();
process.once('SIGTERM', () => {
  stopped = true;
  for (const wake of wakers) wake();
});
const rng = new Rng(`example-bot/${name}`);
const ctx: BotContext = {
  exchange: kraken, statusUrl: env.CHAOS_EXCHANGE_STATUS_URL!, now: () => Date.now(), random: () => rng.next(), stopped: () => stopped,
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
