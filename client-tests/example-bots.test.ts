/**
 * The example bots (client-tests/bots) through every built-in scenario, each played by
 * `runScenario` in process on a manual clock with fixed seeds: the resilient bot passes every
 * check the scenario expects, the naive one fails exactly the checks listed here. `calm` is the
 * control: both pass it.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../server/src/app.js';
import { ManualClock } from '../server/src/clock/clock.js';
import { runScenario, RUN_EXIT } from '../server/src/run-mode.js';
import type { ScenarioInput } from '../server/src/scenario/schema.js';
import type { CheckId } from '../server/src/verdict/expect-schema.js';
import type { Verdict } from '../server/src/verdict/verdict.js';
import type { Bot } from './bots/bot-context.js';
import { runNaiveBot } from './bots/naive-bot.js';
import { runResilientBot } from './bots/resilient-bot.js';
import { simulateBot } from './bots/sim-harness.js';

/** Every built-in scenario, and the checks of its `expect` that the naive bot fails (in the verdict's order). */
const NAIVE_FAILS: Record<string, CheckId[]> = {
  'calm': [],
  'demo': ['maxRequestRate', 'backoff', 'watchStatus'],
  'overload': ['watchStatus', 'reconcile', 'noDuplicateOrders'],
  'scheduled-maintenance': ['backoff', 'watchStatus', 'reconcile'],
  'network-flaps': ['maxRequestRate', 'backoff', 'watchStatus', 'reconcile'],
  'abrupt-500s': ['maxRequestRate', 'backoff', 'watchStatus', 'reconcile'],
  'engine-halt-queued': ['backoff', 'watchStatus', 'reconcile'],
  'halt-auto-cancel': ['backoff', 'watchStatus', 'reconcile'],
  'ambiguous-commit': ['backoff', 'reconcile', 'noDuplicateOrders'],
  'staged-recovery': ['backoff', 'watchStatus', 'reconcile'],
  'auth-outage': ['backoff', 'watchStatus', 'reconcile'],
  'funding-outage': ['watchStatus', 'reconcile'],
  'rate-limit-ban-storm': ['maxRequestRate', 'backoff', 'noLockout'],
  'websocket-disruption': ['watchStatus', 'reconcile'],
};
const SCENARIOS = Object.keys(NAIVE_FAILS);

/** `calm` declares no checks (nothing goes wrong there); as the control it is judged on those that still apply on a good day. */
const CONTROL_EXPECT: ScenarioInput['expect'] = { maxRequestRate: { perSecond: 2, during: 'all' }, noLockout: true };

/** The built-in scenario `name`, with the control's checks when it is `calm`. */
async function scenarioNamed(name: string): Promise<string | ScenarioInput> {
  return name === 'calm' ? { ...(await loadScenario(name)), expect: CONTROL_EXPECT } : name;
}

/** The longest run (a naive bot through a two-hour scenario) takes a few seconds; this leaves room on a slow machine. */
const RUN_TIMEOUT_MS = 120_000;

/** Plays `scenario` against `bot` and returns the verdict and what the run printed. */
async function play(scenario: string | ScenarioInput, bot: Bot): Promise<{ code: number; verdict: Verdict; output: string }> {
  const sim = simulateBot(bot, { clock: new ManualClock(), seed: 'example-bots' });
  const code = await runScenario({ scenario, seed: undefined, speed: 1, report: 'report', duration: undefined, command: [bot.name] }, sim.io);
  await sim.finished();
  const journal = sim.exchange().journal;
  expect(journal.total, 'the journal kept every request the bot made').toBeLessThanOrEqual(journal.size);
  return { code, verdict: sim.verdict(), output: sim.output() };
}

const failing = (v: Verdict): CheckId[] => v.checks.filter((c) => c.status === 'fail').map((c) => c.id);

describe('the resilient bot', () => {
  it.each(SCENARIOS)('%s: passes every check, at least one of them applied', async (name) => {
    const { code, verdict, output } = await play(await scenarioNamed(name), runResilientBot);
    expect(failing(verdict), output).toEqual([]);
    expect(code).toBe(RUN_EXIT.passed);
    expect(verdict.checks.filter((c) => c.status === 'pass').length).toBeGreaterThan(0);
  }, RUN_TIMEOUT_MS);
});

describe('the naive bot', () => {
  it.each(SCENARIOS.map((name) => [name, NAIVE_FAILS[name]!] as const))('%s: fails %j', async (name, fails) => {
    const { code, verdict, output } = await play(await scenarioNamed(name), runNaiveBot);
    expect(failing(verdict), output).toEqual(fails);
    expect(code).toBe(fails.length ? RUN_EXIT.failed : RUN_EXIT.passed);
  }, RUN_TIMEOUT_MS);
});

/** Half the calls answered 503 with Retry-After: 45 s for two minutes (no built-in scenario sends Retry-After). */
const TOLD_TO_WAIT: ScenarioInput = {
  name: 'told-to-wait',
  timeline: [
    { name: 'calm', duration: '1m' },
    { name: 'shedding', duration: '2m', faults: [{ probability: 0.5, effect: { kind: 'status', status: 503, retryAfter: '45s' } }] },
    { name: 'back' },
  ],
  expect: { retryAfter: true },
};

describe('Retry-After', () => {
  it('the resilient bot sends nothing before a Retry-After has passed; the naive one retries at once', async () => {
    const resilient = await play(TOLD_TO_WAIT, runResilientBot);
    expect(resilient.verdict.checks.map((c) => [c.id, c.status]), resilient.output).toEqual([['retryAfter', 'pass']]);
    const naive = await play(TOLD_TO_WAIT, runNaiveBot);
    expect(naive.verdict.checks.map((c) => [c.id, c.status])).toEqual([['retryAfter', 'fail']]);
  }, RUN_TIMEOUT_MS);
});
