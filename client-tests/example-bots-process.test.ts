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

/** Plays `scenario` at `speed` against the named example bot as a process; the exit code and the verdict. */
async function run(scenario: string, bot: 'naive' | 'resilient', speed: number): Promise<{ code: number | null; verdict: any; output: string }> {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'chaos-bots-')));
  const cli = spawnCli(ROOT, ['run', scenario, '--speed', String(speed), '--report', dir, '--', process.execPath, BOT, bot]);
  const { code } = await cli.exited;
  return { code, verdict: JSON.parse(readFileSync(join(dir, 'verdict.json'), 'utf8')), output: cli.stdout() + cli.stderr() };
}

const statuses = (v: any): string[][] => v.checks.map((c: { id: string; status: string }) => [c.id, c.status]);

describe('the example bots as processes under run --speed', () => {
  it('ambiguous-commit at 300x: the naive bot leaves duplicates of orders whose reply was lost; the resilient one does not', async () => {
    const naive = await run('ambiguous-commit', 'naive', 300);
    expect(naive.code, naive.output).toBe(1);
    const dup = naive.verdict.checks.find((c: { id: string }) => c.id === 'noDuplicateOrders');
    expect(dup.status, naive.output).toBe('fail');
    expect(dup.evidence[0]).toMatch(/^O\S+ was placed at t\+\S+ though its reply was lost \(.+\); copies: O\S+ at t\+/);
    expect(naive.verdict.run.timeWarp.how).toBe('node-preload');
    const resilient = await run('ambiguous-commit', 'resilient', 300);
    expect(statuses(resilient.verdict).filter(([, s]) => s === 'fail'), resilient.output).toEqual([]);
    expect(resilient.code, resilient.output).toBe(0);
    expect(resilient.verdict.bot.how).toBe('stopped');
  }, 120_000);
});
