/**
 * The example bots as real processes under `chaos-exchange run` on the real clock, sped up: their
 * own timers and Date run in the exchange's time (run's time warp), and their verdicts mean what
 * they mean in process (example-bots.test.ts): the naive bot fails the outage, the resilient one
 * passes. Each run takes seconds of real time.
 */
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../server/src/scenario/builtin.js';
import { spawnCli } from '../server/test/spawn-cli.js';

const ROOT = packageRoot();
/** Beside node_modules, so the bundle finds ccxt there. */
const BOT = join(ROOT, 'node_modules/.cache/chaos-exchange-test/bot-main.mjs');

beforeAll(async () => {
  await build({ entryPoints: [join(ROOT, 'client-tests/bots/bot-main.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: BOT, logLevel: 'error' });
});

/** Plays `scenario` against the named example bot as a process; the exit code and the verdict. */
async function run(scenario: string, bot: 'naive' | 'resilient', options: string[]): Promise<{ code: number | null; verdict: any; output: string }> {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'chaos-bots-')));
  const cli = spawnCli(ROOT, ['run', scenario, ...options, '--report', dir, '--', process.execPath, BOT, bot]);
  const { code } = await cli.exited;
  return { code, verdict: JSON.parse(readFileSync(join(dir, 'verdict.json'), 'utf8')), output: cli.stdout() + cli.stderr() };
}

const status = (v: any, id: string): string | undefined => v.checks.find((c: { id: string }) => c.id === id)?.status;
const failing = (v: any): string[] => v.checks.filter((c: { status: string }) => c.status === 'fail').map((c: { id: string }) => c.id);

/**
 * Real latency is multiplied by the speed (a 3 ms round trip is 0.3 s of scenario time at 100x)
 * and so is the bot's start-up: the speeds here keep both small next to the bots' own pace.
 */
describe('the example bots as processes under run --speed, their clocks warped', () => {
  it('demo at 30x: the naive bot does not back off and never looks at the status page; the resilient one passes', async () => {
    const [naive, resilient] = await Promise.all([run('demo', 'naive', ['--speed', '30']), run('demo', 'resilient', ['--speed', '30'])]);
    expect(naive.verdict.run.timeWarp.how).toBe('node-preload');
    // In process it also fails maxRequestRate (limit 1/s); here real latency, 30 times longer in
    // scenario time, can hold its peak right at the limit on a loaded machine, so that one is not required.
    expect(failing(naive.verdict), naive.output).toEqual(expect.arrayContaining(['backoff', 'watchStatus']));
    expect(naive.code).toBe(1);
    expect(failing(resilient.verdict), resilient.output).toEqual([]);
    expect(status(resilient.verdict, 'watchStatus')).toBe('pass');
    expect(resilient.code).toBe(0);
    expect(resilient.verdict.bot.how).toBe('stopped');
  }, 60_000);

  it('ambiguous-commit: the naive bot duplicates orders whose reply was lost (first 15 minutes at 100x); the resilient one lives through it all (200x)', async () => {
    const [naive, resilient] = await Promise.all([
      run('ambiguous-commit', 'naive', ['--speed', '100', '--duration', '15m']), run('ambiguous-commit', 'resilient', ['--speed', '200']),
    ]);
    const dup = naive.verdict.checks.find((c: { id: string }) => c.id === 'noDuplicateOrders');
    expect(dup.status, naive.output).toBe('fail');
    expect(dup.evidence[0]).toMatch(/^O\S+ was placed at t\+\S+ though its reply was lost \(.+\); copies: O\S+ at t\+/);
    expect(naive.code).toBe(1);
    // The resilient bot trades only while the status page shows no incident, so it may never lose a reply: n/a or pass, never a copy.
    expect(failing(resilient.verdict), resilient.output).toEqual([]);
    expect(status(resilient.verdict, 'reconcile')).toBe('pass');
    expect(resilient.code).toBe(0);
  }, 60_000);
});

describe('the example bots on Binance as processes (ccxt binance, CHAOS_EXCHANGE_DIALECT=binance)', () => {
  it('binance-overload-unknown: the naive bot resends orders answered -1007 or 502 (first 15 minutes at 100x); the resilient one looks them up and passes (200x)', async () => {
    const [naive, resilient] = await Promise.all([
      run('binance-overload-unknown', 'naive', ['--speed', '100', '--duration', '15m']), run('binance-overload-unknown', 'resilient', ['--speed', '200']),
    ]);
    expect(naive.verdict.run.timeWarp.how).toBe('node-preload');
    const dup = naive.verdict.checks.find((c: { id: string }) => c.id === 'noDuplicateOrders');
    expect(dup.status, naive.output).toBe('fail');
    expect(dup.evidence[0]).toMatch(/^\S+ was placed at t\+\S+ though its reply was lost \(.+\); copies: \S+ at t\+/);
    expect(naive.code).toBe(1);
    expect(failing(resilient.verdict), resilient.output).toEqual([]);
    expect(status(resilient.verdict, 'reconcile')).toBe('pass');
    expect(status(resilient.verdict, 'noDuplicateOrders')).not.toBe('fail');
    expect(resilient.code).toBe(0);
    expect(resilient.verdict.bot.how).toBe('stopped');
  }, 60_000);
});

/** Opt-in (CHAOS_LIVE_SWEEP=1): every built-in outage, both bots, at CHAOS_LIVE_SPEED (default 60); about half an hour. */
const SWEEP = process.env.CHAOS_LIVE_SWEEP === '1';
const SWEEP_SPEED = process.env.CHAOS_LIVE_SPEED ?? '60';
const OUTAGES = ['overload', 'scheduled-maintenance', 'network-flaps', 'abrupt-500s', 'engine-halt-queued', 'halt-auto-cancel', 'ambiguous-commit',
  'staged-recovery', 'auth-outage', 'funding-outage', 'rate-limit-ban-storm', 'websocket-disruption'];

describe.runIf(SWEEP)(`every built-in outage, both example bots as processes at ${SWEEP_SPEED}x`, () => {
  it.each(OUTAGES)('%s: the naive bot fails, the resilient one passes', async (name) => {
    const [naive, resilient] = await Promise.all([run(name, 'naive', ['--speed', SWEEP_SPEED]), run(name, 'resilient', ['--speed', SWEEP_SPEED])]);
    expect(naive.code, `naive fails ${failing(naive.verdict).join(', ')}`).toBe(1);
    expect(resilient.code, `resilient fails ${failing(resilient.verdict).join(', ')}`).toBe(0);
  }, 10 * 60_000);
});
