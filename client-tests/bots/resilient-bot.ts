import { ApiGate, type CallKind } from './api-gate.js';
import type { BotContext } from './bot-context.js';
import { OrderKeeper } from './order-keeper.js';
import { StatusWatch } from './status-watch.js';

/** Ticker poll period while the status page says all is well, and while it does not (simulated ms). */
const TICKER_EVERY_MS = { operational: 30_000, troubled: 60_000 };
/** How often the bot checks its balance and open orders against the exchange. */
const ACCOUNT_EVERY_MS = 60_000;
/** How often it replaces its resting order (only while the status page reports no maintenance or major outage). */
const TRADE_EVERY_MS = 120_000;
/** It waits this long for a reply (ccxt's default is 10 s): a slow answer is worth more than an unknown one. */
const TIMEOUT_MS = 30_000;

/** A recurring job: runs when due and its kind of call is out of backoff; a failed run stays due. */
interface Task {
  kind: CallKind;
  next: number;
  every(): number;
  run(): Promise<boolean>;
}

/** The bot's jobs: poll the ticker, check the account (balance, open orders) and replace the resting order. */
function jobs(ctx: BotContext, api: ApiGate, status: StatusWatch): { ticker: Task; account: Task; trade: Task } {
  const client = ctx.exchange;
  const orders = new OrderKeeper(ctx, api);
  let bid: number | undefined;
  const checkAccount = async (): Promise<boolean> => (await api.call('private', () => client.fetchBalance())).ok && orders.reconcile();
  return {
    ticker: {
      kind: 'public', next: 0, every: () => TICKER_EVERY_MS[status.operational ? 'operational' : 'troubled'],
      run: async () => {
        const r = await api.call('public', () => client.fetchTicker(ctx.symbol));
        if (r.ok) bid = r.value.bid;
        return r.ok;
      },
    },
    account: { kind: 'private', next: ctx.now() + 5_000, every: () => ACCOUNT_EVERY_MS, run: () => (orders.unsure ? orders.settle() : checkAccount()) },
    trade: {
      kind: 'private', next: ctx.now() + 10_000, every: () => TRADE_EVERY_MS,
      run: async () => (status.tradable && bid !== undefined ? orders.replace(bid) : true),
    },
  };
}

/** The task to run now: due, out of backoff, the longest overdue first. */
function dueTask(tasks: readonly Task[], api: ApiGate, now: number): Task | undefined {
  return tasks.filter((t) => t.next <= now && api.readyAt(t.kind) <= now).sort((a, b) => a.next - b.next)[0];
}

/** When something next needs doing: a task (or its backoff) or the status poll. */
function wakeAt(tasks: readonly Task[], api: ApiGate, status: StatusWatch): number {
  return Math.min(status.dueAt, ...tasks.map((t) => Math.max(t.next, api.readyAt(t.kind))));
}

/**
 * The bot B21 asks for, on ccxt: it polls little (a ticker every 30 s, its account every minute, a
 * new resting order every two, never two requests within 3 s), backs off exponentially with jitter
 * after failures (public and private calls apart), honours Retry-After, watches the status page
 * (Binance: `/sapi/v1/system/status`) every 30 s (polling less and not trading while it reports
 * maintenance or a major outage), never sends an order twice (a lost reply is settled by its client
 * order id first) and reconciles its orders and balance after every recovery: when the status
 * turns operational again and when its private calls work again after failing.
 */
export async function runResilientBot(ctx: BotContext): Promise<void> {
  ctx.exchange.timeout = TIMEOUT_MS;
  const api = new ApiGate(ctx);
  const status = new StatusWatch(ctx, api);
  const { ticker, account, trade } = jobs(ctx, api, status);
  const tasks = [ticker, account, trade];
  while (!ctx.stopped()) {
    if (ctx.now() >= status.dueAt && (await status.poll())) account.next = ctx.now();
    const task = dueTask(tasks, api, ctx.now());
    if (!task) {
      await ctx.sleep(wakeAt(tasks, api, status) - ctx.now());
      continue;
    }
    const failing = api.streak('private') > 0;
    if (await task.run()) task.next = ctx.now() + task.every();
    if (failing && api.streak('private') === 0 && task !== account) account.next = ctx.now();
  }
}
