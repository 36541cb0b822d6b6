/**
 * `chaos-exchange run --speed X` puts the bot in the exchange's time, end to end: a real run, a
 * Node.js bot and a Python one (under libfaketime) asking the exchange's Time and comparing it
 * with their own clocks, and timing their own sleeps. A few seconds of real time each.
 */
import { mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../src/scenario/builtin.js';
import { findLibfaketime } from '../src/warp/faketime.js';
import { spawnCli } from './spawn-cli.js';

const ROOT = packageRoot();
const scratch = (): string => realpathSync(mkdtempSync(join(tmpdir(), 'chaos-warp-')));

/** Each line a bot prints: its clock before and after asking the exchange's Time, that Time (ms), and how long its 30 s sleep lasted on its own clock. */
interface Sample { before: number; server: number; after: number; slept: number }
const samples = (stdout: string): Sample[] => stdout.split('\n').filter((l) => l.startsWith('{"before"')).map((l) => JSON.parse(l) as Sample);

const NODE_BOT = `
const time = async () => (await (await fetch(process.env.CHAOS_EXCHANGE_URL + '/0/public/Time')).json()).result.unixtime * 1000;
for (let i = 0; i < 3; i++) {
  const before = Date.now();
  const server = await time();
  const after = Date.now();
  await new Promise((r) => setTimeout(r, 30_000));
  console.log(JSON.stringify({ before, server, after, slept: Date.now() - after }));
}
`;

const PYTHON_BOT = `
import json, os, time, urllib.request
def exchange_time():
    with urllib.request.urlopen(os.environ["CHAOS_EXCHANGE_URL"] + "/0/public/Time", timeout=30) as r:
        return json.load(r)["result"]["unixtime"] * 1000
for i in range(3):
    before = time.time() * 1000
    server = exchange_time()
    after = time.time() * 1000
    time.sleep(30)
    print(json.dumps({"before": before, "server": server, "after": after, "slept": time.time() * 1000 - after}), flush=True)
`;

/** Runs a bot through `calm` at 30x for 4 scenario minutes (8 s real); its samples, the verdict and how long it took. */
async function warped(command: string[]): Promise<{ samples: Sample[]; verdict: any; realMs: number; out: string }> {
  const dir = scratch();
  const began = performance.now();
  const run = spawnCli(ROOT, ['run', 'calm', '--speed', '30', '--duration', '4m', '--allow-inconclusive', '--report', dir, '--', ...command]);
  await run.exited;
  return { samples: samples(run.stdout()), verdict: JSON.parse(readFileSync(join(dir, 'verdict.json'), 'utf8')), realMs: performance.now() - began, out: run.stdout() + run.stderr() };
}

/**
 * The exchange's Time (whole seconds) falls between the bot's clock before and after asking, to
 * within a second either way (plus `lagMs` that the bot's clock may trail the exchange's); a 30 s
 * sleep lasts at least 30 simulated seconds, and less than 90 (at 30x a loaded machine may add a
 * second or two of real time; unwarped it would take 15 minutes).
 */
function expectInStep(s: Sample[], out: string, lagMs = 0): void {
  expect(s.length, out).toBe(3);
  for (const { before, server, after, slept } of s) {
    expect(server, out).toBeGreaterThan(before - 2_000);
    expect(server, out).toBeLessThan(after + 1_000 + lagMs);
    expect(slept, out).toBeGreaterThanOrEqual(29_000);
    expect(slept, out).toBeLessThan(90_000);
  }
}

describe('run --speed: the bot lives in the exchange\'s time', () => {
  it('a Node.js bot: its Date agrees with the exchange\'s Time and a 30 s sleep lasts 30 simulated seconds (1 s real at 30x)', async () => {
    const r = await warped([process.execPath, '-e', NODE_BOT]);
    expectInStep(r.samples, r.out);
    expect(r.verdict.run.timeWarp.how).toBe('node-preload');
    expect(r.out).toContain('chaos-exchange run: the bot\'s Node.js processes run in simulated time, x30 from');
    // Three 30 s sleeps took seconds, not a minute and a half.
    expect(r.realMs).toBeLessThan(20_000);
  }, 40_000);

  const faketime = findLibfaketime() !== undefined || process.env.CI !== undefined;
  it.runIf(faketime)('a Python bot under libfaketime: the same', async () => {
    const r = await warped(['python3', '-c', PYTHON_BOT]);
    // libfaketime counts the speed from the bot process's own start, so its clock trails the
    // exchange's by the start-up delay times 29 (docs/time-warp.md): 250 ms of start-up on a loaded
    // machine is about 7 simulated seconds (one CI run measured 65 ms, 2 s).
    expectInStep(r.samples, r.out, 250 * 29);
    expect(r.verdict.run.timeWarp.how).toBe('faketime');
    expect(r.realMs).toBeLessThan(20_000);
  }, 40_000);
});
