/**
 * The simulation harness: simulated time moves only when the bot waits, so a scripted delay, a
 * hang and a dribbled reply each take exactly their simulated time, and a run replays exactly.
 * Nothing here waits on real time: the "timeouts" are ccxt's `timeout` setting kept on the manual
 * clock by SimClient (ccxt's own wall-clock abort signal is ignored), and the driver moves the
 * clock on events (the bot idle, every request it has in flight waiting on the clock), not on a delay.
 */
import ccxt from 'ccxt';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/src/clock/clock.js';
import { runScenario, RUN_EXIT } from '../../server/src/run-mode.js';
import type { ScenarioInput } from '../../server/src/scenario/schema.js';
import type { Bot, BotContext } from './bot-context.js';
import { runNaiveBot } from './naive-bot.js';
import { simulateBot, type SimulatedRun } from './sim-harness.js';

/** ccxt's `timeout` for the second hung call: a setting counted on the manual clock by SimClient, never waited for in real time. */
const LONGER_CLIENT_TIMEOUT_MS = 30_000;

/** A pause the bot asks for through its context: the harness moves the manual clock past it. */
const BOT_PAUSE_MS = 1_234;

const TROUBLE: ScenarioInput = {
  name: 'slow-hung-dribbled',
  timeline: [{
    name: 'trouble',
    faults: [
      { match: { route: 'Time' }, effect: { kind: 'latency', fixed: '2500ms' } },
      { match: { route: 'Ticker' }, effect: { kind: 'hang' } },
      { match: { route: 'Depth' }, effect: { kind: 'dribble', chunkBytes: 100, interval: '1s' } },
    ],
  }],
};

/** Simulated ms `call` took, and the ccxt error class it failed with (if it did). */
async function timed(ctx: BotContext, call: () => Promise<unknown>): Promise<[number, string?]> {
  const t0 = ctx.now();
  try {
    await call();
    return [ctx.now() - t0];
  } catch (e) {
    return [ctx.now() - t0, e instanceof ccxt.BaseError ? e.constructor.name : String(e)];
  }
}

/** Plays `scenario` against `bot` on a fresh manual clock; resolves with the exit code once the bot has returned. */
async function play(scenario: string | ScenarioInput, bot: Bot, sim = simulateBot(bot, { clock: new ManualClock(), seed: 'harness' })): Promise<number> {
  // These scenarios declare no checks: the harness is judged on its timing, not the bot on its conduct.
  const code = await runScenario({ scenario, seed: undefined, speed: 1, report: 'r', duration: undefined, command: ['bot'], allowInconclusive: true }, sim.io);
  await sim.finished();
  return code;
}

describe('simulateBot', () => {
  it('a scripted delay, a hang (the client times out) and a dribbled reply take exactly their simulated time', async () => {
    const seen: Record<string, unknown> = {};
    let sim!: SimulatedRun;
    const bot: Bot = async (ctx) => {
      const kraken = ctx.exchange;
      seen.delayed = await timed(ctx, () => kraken.fetchTime());
      seen.hung = await timed(ctx, () => kraken.fetchTicker('BTC/USD'));
      kraken.timeout = LONGER_CLIENT_TIMEOUT_MS;
      seen.hungLonger = await timed(ctx, () => kraken.fetchTicker('BTC/USD'));
      // Both hung requests are still held open by the server, and still counted by the harness.
      seen.held = sim.exchange().requestsWaitingOnClock;
      seen.dribbled = await timed(ctx, () => kraken.fetchOrderBook('BTC/USD', 5));
      seen.chunks = Math.ceil(Buffer.byteLength(String(kraken.last_http_response)) / 100);
      seen.slept = await timed(ctx, () => ctx.sleep(BOT_PAUSE_MS));
    };
    const clock = new ManualClock();
    sim = simulateBot(bot, { clock, seed: 'harness' });
    const start = clock.now();
    expect(await play(TROUBLE, bot, sim), sim.output()).toBe(RUN_EXIT.passed);
    // The exchange ran on this manual clock, which only the harness moved: every wait above was simulated.
    expect(sim.exchange().clock).toBe(clock);
    expect(clock.now() - start).toBeGreaterThanOrEqual(2_500 + 10_000 + LONGER_CLIENT_TIMEOUT_MS + BOT_PAUSE_MS);
    expect(seen).toEqual({
      delayed: [2_500], hung: [10_000, 'RequestTimeout'], hungLonger: [30_000, 'RequestTimeout'], held: 2,
      dribbled: [((seen.chunks as number) - 1) * 1_000], chunks: expect.any(Number), slept: [1_234],
    });
    expect(seen.chunks).toBeGreaterThan(1);
  });

  it('replays exactly: the same bot, scenario and seeds leave the same journal', async () => {
    const journal = async (): Promise<string[]> => {
      const sim = simulateBot(runNaiveBot, { clock: new ManualClock(), seed: 'harness' });
      await play('demo', runNaiveBot, sim);
      return sim.exchange().journal.list({ limit: Number.MAX_SAFE_INTEGER }).map((e) => `${e.time} ${e.route} ${e.status} ${e.error ?? ''} ${e.faults.join(',')}`);
    };
    const first = await journal();
    expect(first.length).toBeGreaterThan(100);
    expect(await journal()).toEqual(first);
  });

  it('a bot that throws is a crash (exit 3), with the error in the output', async () => {
    const sim = simulateBot(async () => {
      throw new Error('bot bug');
    }, { clock: new ManualClock(), seed: 'harness' });
    const code = runScenario({ scenario: 'calm', seed: undefined, speed: 1, report: 'r', duration: undefined, command: ['buggy'] }, sim.io);
    expect(await code).toBe(RUN_EXIT.botCrashed);
    expect(sim.output()).toContain('buggy crashed: Error: bot bug');
    await expect(sim.finished()).rejects.toThrow('bot bug');
  });
});
