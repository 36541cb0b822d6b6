import { restingBuyPrice, type BotContext } from './bot-context.js';

/** The naive bot polls the top of the book this often (simulated ms). */
const TICK_MS = 2_000;
/** Every this many ticks it replaces its resting order (cancel, then a fresh buy). */
const TRADE_EVERY = 15;
/** Attempts per call: the first and then two retries at once, with no pause. */
const ATTEMPTS = 3;
/** It always buys this much, at a price derived from the bid. */
const VOLUME = 0.001;

/** Calls `call` until it succeeds or ATTEMPTS are used up, retrying at once; undefined when all failed. */
async function insist<T>(ctx: BotContext, call: () => Promise<T>): Promise<T | undefined> {
  for (let attempt = 0; attempt < ATTEMPTS && !ctx.stopped(); attempt++) {
    try {
      return await call();
    } catch {
      // Whatever went wrong, try again straight away.
    }
  }
  return undefined;
}

/**
 * The bot of B19/B21's warnings, on ccxt with its defaults (10 s timeout): it polls the top of the
 * book every two seconds and every thirty replaces a resting buy, retrying any failed call at once
 * (no backoff, Retry-After ignored), sending an order again when its reply is lost (a 502, a
 * timeout), never looking at the status page and never checking its orders or balances (it
 * trusts its own memory of the order it placed).
 */
export async function runNaiveBot(ctx: BotContext): Promise<void> {
  const client = ctx.exchange;
  const symbol = ctx.symbol;
  let resting: string | undefined;
  for (let tick = 0; !ctx.stopped(); tick++) {
    const book = await insist(ctx, () => client.fetchOrderBook(symbol, 1));
    const bid = book?.bids[0]?.[0];
    if (tick % TRADE_EVERY === 0 && bid) {
      const id = resting;
      if (id !== undefined) await insist(ctx, () => client.cancelOrder(id, symbol));
      const placed = await insist(ctx, () => client.createOrder(symbol, 'limit', 'buy', VOLUME, restingBuyPrice(bid)));
      resting = placed?.id;
    }
    await ctx.sleep(TICK_MS);
  }
}
