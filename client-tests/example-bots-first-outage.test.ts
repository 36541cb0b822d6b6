/**
 * A bot whose very first calls meet an outage: ccxt keeps the failed market load and rethrows it
 * on every later call without asking the exchange again, so a bot that does nothing about it stays
 * stuck after the outage ends. The resilient example bot loads markets afresh while none are
 * loaded (ApiGate), so it trades once the exchange is back, under Kraken and under Binance alike.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../server/src/clock/clock.js';
import { auditExchange } from '../server/src/control/audit.js';
import { runScenario } from '../server/src/run-mode.js';
import type { ScenarioInput } from '../server/src/scenario/schema.js';
import type { Bot } from './bots/bot-context.js';
import { runNaiveBot } from './bots/naive-bot.js';
import { runResilientBot } from './bots/resilient-bot.js';
import { simulateBot } from './bots/sim-harness.js';

/** Two minutes in which every REST call gets a 503, then ten calm minutes. */
const firstOutage = (exchange: 'kraken' | 'binance'): ScenarioInput => ({
  name: 'first-outage', exchange, seed: 3,
  timeline: [
    { name: 'down', duration: '2m', faults: [{ name: 'down', effect: { kind: 'status', status: 503 } }] },
    { name: 'up', duration: '10m' },
  ],
  expect: { backoff: true },
});

/** Plays the scenario against `bot`; the order placements that succeeded after the outage, and the money audit. */
async function play(exchange: 'kraken' | 'binance', bot: Bot): Promise<{ placedAfter: number; audit: string[] }> {
  const sim = simulateBot(bot, { clock: new ManualClock(), seed: 'first-outage' });
  await runScenario({ scenario: firstOutage(exchange), seed: undefined, speed: 1, report: 'report', duration: undefined, command: [bot.name], exchange }, sim.io);
  await sim.finished();
  const { journal, engine, exchange: ex } = sim.exchange();
  const upAt = engine.startTime + 2 * 60_000;
  const placedAfter = journal.list({ transport: 'rest' }).filter((e) => e.op === 'place-order' && e.time >= upAt && e.status === 200 && e.outcome === 'ok').length;
  return { placedAfter, audit: auditExchange(ex) };
}

describe('a first call that meets an outage', () => {
  it.each(['kraken', 'binance'] as const)('%s: the resilient bot reloads markets after the outage and trades; the money audit stays clean', async (exchange) => {
    const { placedAfter, audit } = await play(exchange, runResilientBot);
    expect(placedAfter).toBeGreaterThan(0);
    expect(audit).toEqual([]);
  }, 60_000);

  it('binance: the naive bot, which never reloads, places nothing after the outage (ccxt rethrows its first failure)', async () => {
    const { placedAfter } = await play('binance', runNaiveBot);
    expect(placedAfter).toBe(0);
  }, 60_000);
});
