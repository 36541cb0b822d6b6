/**
 * The example bots on Binance (ccxt `binance`, CHAOS_EXCHANGE_DIALECT=binance) through each
 * built-in Binance scenario, played by `runScenario` in process on a manual clock with fixed
 * seeds, as example-bots.test.ts plays the Kraken ones: the naive bot fails exactly the checks
 * listed here, the resilient one passes every check that applies; the money audit stays clean.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../server/src/clock/clock.js';
import { auditExchange } from '../server/src/control/audit.js';
import { runScenario, RUN_EXIT } from '../server/src/run-mode.js';
import type { CheckId } from '../server/src/verdict/expect-schema.js';
import type { Verdict } from '../server/src/verdict/verdict.js';
import type { Bot } from './bots/bot-context.js';
import { runNaiveBot } from './bots/naive-bot.js';
import { runResilientBot } from './bots/resilient-bot.js';
import { simulateBot } from './bots/sim-harness.js';

/**
 * Each built-in Binance scenario, and the checks of its `expect` the naive bot fails (in the
 * verdict's order). It never fails `backoff` in the two storms: its retries come in threes, and
 * a third to a fifth of calls failing seldom gives the four failures in a row the check needs.
 */
const NAIVE_FAILS: Record<string, CheckId[]> = {
  'binance-engine-halt': ['backoff', 'watchStatus', 'reconcile'],
  'binance-overload-unknown': ['reconcile', 'noDuplicateOrders'],
  'binance-withdrawals-suspended': ['reconcile', 'noDuplicateOrders'],
};
/** Checks the resilient bot must pass, not merely find n/a: it saw the trouble they are about. */
const RESILIENT_PASSES: Record<string, CheckId[]> = {
  'binance-engine-halt': ['watchStatus', 'reconcile'],
  'binance-overload-unknown': ['reconcile', 'noDuplicateOrders'],
  'binance-withdrawals-suspended': ['reconcile'],
};
const SCENARIOS = Object.keys(NAIVE_FAILS);

/** Room for a naive bot through an hour and a half of scenario on a slow machine. */
const RUN_TIMEOUT_MS = 120_000;

/** Plays built-in `scenario` against `bot`: exit code, verdict, what the run printed, and the money audit's findings. */
async function play(scenario: string, bot: Bot): Promise<{ code: number; verdict: Verdict; output: string; audit: unknown[] }> {
  const sim = simulateBot(bot, { clock: new ManualClock(), seed: 'example-bots' });
  const code = await runScenario({ scenario, seed: undefined, speed: 1, report: 'report', duration: undefined, command: [bot.name] }, sim.io);
  await sim.finished();
  return { code, verdict: sim.verdict(), output: sim.output(), audit: auditExchange(sim.exchange().exchange) };
}

const failing = (v: Verdict): CheckId[] => v.checks.filter((c) => c.status === 'fail').map((c) => c.id);
const statuses = (v: Verdict): string[] => v.checks.map((c) => `${c.id} ${c.status}`);

describe('the resilient bot on Binance', () => {
  it.each(SCENARIOS)('%s: passes every check that applies, the money audit clean', async (name) => {
    const { code, verdict, output, audit } = await play(name, runResilientBot);
    expect(failing(verdict), `${statuses(verdict).join(', ')}\n${output}`).toEqual([]);
    expect(verdict.checks.every((c) => c.status === 'pass' || c.status === 'n/a')).toBe(true);
    expect(verdict.checks.filter((c) => c.status === 'pass').map((c) => c.id)).toEqual(expect.arrayContaining(RESILIENT_PASSES[name]!));
    expect(code).toBe(RUN_EXIT.passed);
    expect(audit).toEqual([]);
  }, RUN_TIMEOUT_MS);
});

describe('the naive bot on Binance', () => {
  it.each(SCENARIOS.map((name) => [name, NAIVE_FAILS[name]!] as const))('%s: fails %j, the money audit clean', async (name, fails) => {
    const { code, verdict, output, audit } = await play(name, runNaiveBot);
    expect(failing(verdict), `${statuses(verdict).join(', ')}\n${output}`).toEqual(fails);
    expect(code).toBe(RUN_EXIT.failed);
    expect(audit).toEqual([]);
  }, RUN_TIMEOUT_MS);
});
