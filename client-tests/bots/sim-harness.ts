import ccxt from 'ccxt';
import type { RunningExchange } from '../../server/src/app.js';
import type { ManualClock } from '../../server/src/clock/clock.js';
import { Rng } from '../../server/src/clock/rng.js';
import type { BotProcess, RunIo } from '../../server/src/run-mode.js';
import type { Verdict } from '../../server/src/verdict/verdict.js';
import type { Bot, BotContext, Kraken } from './bot-context.js';
import { SimClient } from './sim-client.js';

/** One turn of the event loop: pending I/O and its callbacks run. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Moves the manual clock whenever the simulation is idle, to the next timer due (a bot's wake-up
 * or timeout, a scripted delay, a market step, the end of the run), until `running()` is false.
 * Idle is checked after a turn of the event loop, so nothing started by the last advance is missed.
 */
export async function drive(clock: ManualClock, idle: () => boolean, running: () => boolean): Promise<void> {
  while (running()) {
    await turn();
    if (!running() || !idle()) continue;
    const next = clock.nextDue();
    if (next === undefined) throw new Error('the simulation is idle and nothing is scheduled on the clock');
    clock.advanceTo(next);
  }
}

/** A ccxt Kraken client for the CHAOS_EXCHANGE_* environment, its HTTP going through `client`. */
export function simKraken(env: Record<string, string>, client: SimClient): Kraken {
  // No throttling: ccxt's rate limiter sleeps in wall-clock time. Its `timeout` (10 s unless the bot
  // sets another) is kept on the simulated clock by the SimClient.
  const kraken = new ccxt.kraken({ apiKey: env.CHAOS_EXCHANGE_API_KEY, secret: env.CHAOS_EXCHANGE_API_SECRET, enableRateLimit: false });
  kraken.urls.api.public = env.CHAOS_EXCHANGE_URL;
  kraken.urls.api.private = env.CHAOS_EXCHANGE_URL;
  // ccxt's nonce is Date.now(): a strictly increasing counter needs no wall clock and never repeats.
  let nonce = 0;
  kraken.nonce = () => ++nonce;
  kraken.fetchImplementation = client.fetch;
  return kraken;
}

/** An in-process bot run by `runScenario` on a manual clock, and what it left behind. */
export interface SimulatedRun {
  io: RunIo;
  /** Resolves once the bot has returned after being stopped; rejects with what crashed it or the driver. */
  finished(): Promise<void>;
  /** The verdict `runScenario` wrote. */
  verdict(): Verdict;
  /** The exchange the run played on (for its journal). */
  exchange(): RunningExchange;
  /** What `runScenario` printed. */
  output(): string;
}

/**
 * Runs `bot` in process as the bot of `runScenario`, deterministically: simulated time moves only
 * when the bot sleeps or every request it has in flight waits on the clock (the exchange's
 * `requestsWaitingOnClock`), and chance comes from `seed`. Hand `io` to runScenario.
 */
export function simulateBot(bot: Bot, o: { clock: ManualClock; seed: string }): SimulatedRun {
  const files = new Map<string, string>();
  const out: string[] = [];
  let ex: RunningExchange | undefined;
  let finished: Promise<void> = Promise.reject(new Error('the bot was never started'));
  finished.catch(() => undefined);
  const spawnBot = (command: string[], env: Record<string, string>): BotProcess => {
    const client = new SimClient(o.clock);
    const rng = new Rng(o.seed);
    let stopped = false;
    let ended = false;
    const ctx: BotContext = {
      exchange: simKraken(env, client), statusUrl: env.CHAOS_EXCHANGE_STATUS_URL!, sleep: client.sleep,
      now: () => o.clock.now(), random: () => rng.next(), stopped: () => stopped,
    };
    const running = bot(ctx).finally(() => (ended = true));
    const waiting = () => client.blocked && client.inflight === ex!.requestsWaitingOnClock;
    const driving = drive(o.clock, waiting, () => !stopped && !ended);
    finished = Promise.all([running, driving]).then(() => undefined);
    const stop = (): void => {
      stopped = true;
      client.stop();
    };
    const crash = (e: unknown) => {
      stop();
      out.push(`${command.join(' ')} crashed: ${e instanceof Error ? e.stack : String(e)}\n`);
      return { code: 1, signal: null };
    };
    return {
      exited: Promise.race([running.then(() => ({ code: 0, signal: null }), crash), driving.then(() => new Promise<never>(() => undefined), crash)]),
      stop: async () => {
        stop();
        return { killed: false };
      },
      stderrTail: () => [],
    };
  };
  return {
    io: {
      clock: o.clock, spawnBot, onStart: (e) => void (ex = e),
      timeWarp: ({ command }) => ({ env: {}, command, how: 'in-process', note: 'the bot runs in process on the exchange\'s manual clock' }),
      out: (t) => void out.push(t), progress: () => undefined, writeFile: async (p, t) => void files.set(p, t),
    },
    finished: () => finished,
    verdict: () => {
      const json = [...files.entries()].find(([p]) => p.endsWith('verdict.json'))?.[1];
      if (json === undefined) throw new Error(`runScenario wrote no verdict; it printed:\n${out.join('')}`);
      return JSON.parse(json) as Verdict;
    },
    exchange: () => ex!,
    output: () => out.join(''),
  };
}
