/**
 * The in-process judge, as a user's test suite would use it: `judgeBot` plays a scenario against a
 * bot function on the manual clock and returns the verdict `chaos-exchange run` would write.
 * These bots use plain `fetch`-like calls through their context, no client library.
 */
import { describe, expect, it } from 'vitest';
import { judgeBot, RUN_EXIT, type ScenarioInput, type SimBot } from '../server/src/index.js';

/** Two minutes of 502s on every REST call, judged on the request rate, backoff and watching the status page (at least every 90 s). */
const OUTAGE: ScenarioInput = {
  name: 'two-minute-502s',
  timeline: [
    { name: 'calm', duration: '1m' },
    { name: 'down', duration: '2m', faults: [{ effect: { kind: 'status', status: 502 } }] },
    { name: 'back' },
  ],
  expect: { backoff: true, watchStatus: { every: '90s' }, maxRequestRate: { perSecond: 2 } },
};

/** Retries the server time every 200 ms, whatever it gets back. */
const hammering: SimBot = async (ctx) => {
  while (!ctx.stopped()) {
    await ctx.fetch(`${ctx.env.CHAOS_EXCHANGE_URL}/0/public/Time`).catch(() => undefined);
    await ctx.sleep(200);
  }
};

/** Doubles its pause after each failure (with jitter, up to a minute) and looks at the status page while failing. */
const patient: SimBot = async (ctx) => {
  let pause = 1_000;
  while (!ctx.stopped()) {
    const ok = await ctx.fetch(`${ctx.env.CHAOS_EXCHANGE_URL}/0/public/Time`).then((r) => r.status === 200, () => false);
    if (ok) pause = 1_000;
    else {
      await ctx.fetch(ctx.env.CHAOS_EXCHANGE_STATUS_URL!).catch(() => undefined);
      pause = Math.min(pause * 2, 60_000);
    }
    await ctx.sleep(ok ? 5_000 : pause * (0.75 + 0.5 * ctx.random()));
  }
};

describe('judgeBot (the in-process judge)', () => {
  it('fails a bot that hammers a broken exchange, with the evidence', async () => {
    const { verdict, exitCode } = await judgeBot(OUTAGE, hammering);
    expect(exitCode).toBe(RUN_EXIT.failed);
    expect(verdict.outcome).toBe('failed');
    expect(verdict.checks.map((c) => [c.id, c.status])).toEqual([['maxRequestRate', 'fail'], ['backoff', 'fail'], ['watchStatus', 'fail']]);
    expect(verdict.checks[0]!.evidence[0]).toMatch(/^peak 5\.00 requests\/s/);
    expect(verdict.bot).toMatchObject({ command: ['hammering'], how: 'stopped' });
  });

  it('passes a bot that backs off and watches the status page; the same run gives the same verdict', async () => {
    const first = await judgeBot(OUTAGE, patient, { seed: 7 });
    expect(first.verdict.checks.map((c) => [c.id, c.status]), JSON.stringify(first.verdict.checks)).toEqual([['maxRequestRate', 'pass'], ['backoff', 'pass'], ['watchStatus', 'pass']]);
    expect(first.exitCode).toBe(RUN_EXIT.passed);
    const again = await judgeBot(OUTAGE, patient, { seed: 7 });
    const { run: _a, ...one } = first.verdict;
    const { run: _b, ...two } = again.verdict;
    expect(two).toEqual(one);
  });

  it('a bot that throws has crashed', async () => {
    const { verdict, exitCode, output } = await judgeBot(OUTAGE, async (ctx) => {
      await ctx.sleep(30_000);
      throw new Error('boom');
    }, { name: 'thrower' });
    expect(exitCode).toBe(RUN_EXIT.botCrashed);
    expect(verdict.bot).toMatchObject({ how: 'crashed', afterMs: 30_000 });
    expect(output).toContain('thrower crashed: Error: boom');
  });
});
