import type { RunningExchange } from '../app.js';
import { ManualClock } from '../clock/clock.js';
import { parseDuration } from '../clock/duration.js';
import { yieldToLoop } from '../clock/host.js';
import { Rng } from '../clock/rng.js';
import { runScenario, type BotProcess, type RunIo } from '../run-mode.js';
import type { ScenarioInput } from '../scenario/schema.js';
import type { Verdict } from '../verdict/verdict.js';
import { SimClient, type SimRequest, type SimResponse } from './sim-client.js';

/**
 * What an in-process bot gets: the `CHAOS_EXCHANGE_*` variables a bot process would get, and time,
 * chance and HTTP on the exchange's manual clock. A bot takes its time and chance from here, never
 * from `setTimeout`, `Date.now()` or `Math.random()`, so the run replays exactly.
 */
export interface SimBotContext {
  /** CHAOS_EXCHANGE_URL, _WS_URL, _API_KEY, _API_SECRET and _STATUS_URL. */
  env: Record<string, string>;
  /** A real HTTP request whose `timeout` (ms, default 10 s) runs on the simulated clock; fits ccxt's `fetchImplementation`. */
  fetch(url: string, init?: SimRequest): Promise<SimResponse>;
  /** Resolves after `ms` of simulated time, or at once once the bot is stopped. */
  sleep(ms: number): Promise<void>;
  /** Simulated time, ms since the epoch. */
  now(): number;
  /** Uniform in [0, 1), from a stream seeded by the run's seed. */
  random(): number;
  /** True once the run is over and the bot should return. */
  stopped(): boolean;
}

/** A bot run in process: returns when `ctx.stopped()` (or earlier: a bot that returns has exited 0; one that throws has crashed). */
export type SimBot = (ctx: SimBotContext) => Promise<void>;

/**
 * Moves the manual clock whenever the simulation is idle, to the next timer due (a bot's wake-up
 * or timeout, a scripted delay, a market step, the end of the run), until `running()` is false.
 * Idle is checked after a turn of the event loop, so nothing started by the last advance is missed.
 */
export async function drive(clock: ManualClock, idle: () => boolean, running: () => boolean): Promise<void> {
  while (running()) {
    await yieldToLoop();
    if (!running() || !idle()) continue;
    const next = clock.nextDue();
    if (next === undefined) throw new Error('the simulation is idle and nothing is scheduled on the clock');
    clock.advanceTo(next);
  }
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
  /** What `runScenario` printed (progress aside). */
  output(): string;
}

/**
 * Runs `bot` in process as the bot of `runScenario`, deterministically: simulated time moves only
 * when the bot sleeps or every request it has in flight waits on the clock, and chance comes from
 * `seed`. Hand `io` to runScenario; the report files stay in memory.
 */
export function simulateBot(bot: SimBot, o: { clock: ManualClock; seed: string }): SimulatedRun {
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
    const ctx: SimBotContext = { env, fetch: client.fetch, sleep: client.sleep, now: () => o.clock.now(), random: () => rng.next(), stopped: () => stopped };
    const running = bot(ctx).finally(() => (ended = true));
    const waiting = () => client.blocked && client.inflight === ex!.requestsWaitingOnClock;
    const driving = drive(o.clock, waiting, () => !stopped && !ended);
    finished = Promise.all([running, driving]).then(() => undefined);
    // A crash is reported through `exited` at once; `finished()` gives the error to whoever asks later, never as an unhandled rejection.
    finished.catch(() => undefined);
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

/** Options of judgeBot. */
export interface JudgeBotOptions {
  /** The exchange's seed (prices, ids, fault decisions); default: the scenario's. */
  seed?: string | number | undefined;
  /** Seed of the bot's `random()`; default `"bot"`. */
  botSeed?: string | undefined;
  /** Simulated time to run (`"10m"` or ms); default: as `chaos-exchange run` (the timeline, then a tail). */
  duration?: string | number | undefined;
  /** An inconclusive run passes (as `run --allow-inconclusive`). */
  allowInconclusive?: boolean | undefined;
  /** The bot's name in the report (default: the function's name). */
  name?: string | undefined;
}

/** What judgeBot found: the verdict as `verdict.json` holds it, the exit code `run` would give, what it printed, and the exchange's journal. */
export interface JudgedBot {
  verdict: Verdict;
  exitCode: number;
  output: string;
  journal: RunningExchange['journal'];
}

/**
 * Judges an in-process bot through a scenario on the manual clock, exactly as `chaos-exchange
 * run` judges a bot process, in a fraction of the time and the same way every run: hours of
 * scenario take seconds, and the same scenario, seed and bot give the same verdict.
 */
export async function judgeBot(scenario: string | ScenarioInput, bot: SimBot, o: JudgeBotOptions = {}): Promise<JudgedBot> {
  const duration = typeof o.duration === 'string' ? parseDuration(o.duration) : o.duration;
  if (o.duration !== undefined && (duration === undefined || duration <= 0)) throw new RangeError(`judgeBot: duration expects a duration such as "10m", got ${JSON.stringify(o.duration)}`);
  const sim = simulateBot(bot, { clock: new ManualClock(), seed: o.botSeed ?? 'bot' });
  const exitCode = await runScenario({
    scenario, seed: o.seed, speed: 1, report: 'report', duration, command: [o.name ?? (bot.name || 'bot')], allowInconclusive: o.allowInconclusive,
  }, sim.io);
  // A bot that threw has crashed: the verdict says so (and `output` holds the stack).
  await sim.finished().catch(() => undefined);
  return { verdict: sim.verdict(), exitCode, output: sim.output(), journal: sim.exchange().journal };
}
