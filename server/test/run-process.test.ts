/**
 * `chaos-exchange run` with real bot processes on the real clock: a crash, a bot that does nothing,
 * a bot behind a shell that leaves a child behind, and one that ignores SIGTERM. Each run is a few
 * seconds of real time.
 */
import { existsSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../src/scenario/builtin.js';
import { timeOutage } from './run-fixtures.js';
import { spawnCli } from './spawn-cli.js';

const ROOT = packageRoot();
const node = process.execPath;

/** A fresh folder for a run's report and the files its bot leaves. */
const scratch = (): string => realpathSync(mkdtempSync(join(tmpdir(), 'chaos-run-')));

/** Whether a process with this pid still exists (a zombie counts as gone: nothing runs). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/^\d+ \(.*\) Z /.test(stat);
}

/** A bot that asks the exchange's Time every `ms` real milliseconds until stopped. */
const poller = (ms: number): string => `setInterval(() => fetch(process.env.CHAOS_EXCHANGE_URL + '/0/public/Time').catch(() => {}), ${ms})`;

describe('chaos-exchange run: the bot\'s end is part of the verdict', () => {
  it('a bot that exits 7 is a crash: exit 3, passed false, the crash a failing JUnit case with its last stderr lines', async () => {
    const dir = scratch();
    const bot = 'for (let i = 1; i <= 30; i++) console.error("line " + i); process.exit(7)';
    const run = spawnCli(ROOT, ['run', 'calm', '--report', join(dir, 'rep'), '--', node, '-e', bot]);
    const { code } = await run.exited;
    expect(code, run.stderr()).toBe(3);
    const verdict = JSON.parse(readFileSync(join(dir, 'rep', 'verdict.json'), 'utf8'));
    expect(verdict).toMatchObject({ passed: false, outcome: 'crashed', exitCode: 3, bot: { how: 'crashed', code: 7, signal: null, command: [node, '-e', bot] } });
    expect(verdict.bot.stderrTail).toEqual(Array.from({ length: 20 }, (_, i) => `line ${i + 11}`));
    const junit = readFileSync(join(dir, 'rep', 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<testsuites name="chaos-exchange" tests="\d+" failures="[1-9]\d*"/);
    expect(junit).toMatch(/<testcase classname="chaos-exchange\.calm" name="bot: runs through the scenario without crashing" time="[\d.]+"><failure message="the bot exited with code 7 at /);
    expect(junit).toContain('line 30');
    // What the bot wrote to stderr still reaches the terminal.
    expect(run.stderr()).toContain('line 1\n');
  });

  it('a bot that sends nothing is inconclusive (exit 5), and passes only with --allow-inconclusive', async () => {
    const dir = scratch();
    const run = spawnCli(ROOT, ['run', 'demo', '--report', join(dir, 'a'), '--', node, '-e', '0']);
    expect((await run.exited).code).toBe(5);
    const verdict = JSON.parse(readFileSync(join(dir, 'a', 'verdict.json'), 'utf8'));
    expect(verdict).toMatchObject({ passed: false, outcome: 'inconclusive', exitCode: 5 });
    expect(verdict.inconclusive).toContain('the bot sent no request to the exchange');
    expect(run.stdout()).toContain('INCONCLUSIVE');
    expect(readFileSync(join(dir, 'a', 'junit.xml'), 'utf8')).toMatch(/name="run: conclusive \(the bot was put to the test\)" time="[\d.]+"><failure message="the bot sent no request/);
    const allowed = spawnCli(ROOT, ['run', 'demo', '--allow-inconclusive', '--report', join(dir, 'b'), '--', node, '-e', '0']);
    expect((await allowed.exited).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'b', 'verdict.json'), 'utf8'))).toMatchObject({ passed: true, outcome: 'inconclusive', exitCode: 0 });
  });

  it('every declared check n/a is inconclusive even when the bot was busy', async () => {
    const dir = scratch();
    // A check no request of this bot can put to the test: it places no order.
    writeFileSync(join(dir, 's.yaml'), timeOutage('two-edges', 5, '  noDuplicateOrders: true'));
    const run = spawnCli(ROOT, ['run', join(dir, 's.yaml'), '--speed', '10', '--duration', '15s', '--report', join(dir, 'r'), '--', node, '-e', poller(50)]);
    expect((await run.exited).code, run.stdout()).toBe(5);
    const verdict = JSON.parse(readFileSync(join(dir, 'r', 'verdict.json'), 'utf8'));
    expect(verdict.checks.map((c: { status: string }) => c.status)).toEqual(['n/a']);
    expect(verdict.inconclusive).toEqual(['every check the scenario declares was n/a: none of them was put to the test']);
  });
});

describe('chaos-exchange run: the bot is stopped, all of it', () => {
  it('a bot behind a shell (like npm run) is stopped with its children at the end; nothing outlives run', async () => {
    const dir = scratch();
    const pidFile = join(dir, 'pid');
    // The shell forks node (the trailing `echo` keeps it from exec'ing), as npm and sh -c do.
    const inner = `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); ${poller(200)}`;
    const bot = `${JSON.stringify(node)} -e ${JSON.stringify(inner)}; echo shell-done`;
    const run = spawnCli(ROOT, ['run', join(ROOT, 'scenarios/calm.yaml'), '--speed', '10', '--duration', '20s', '--allow-inconclusive', '--report', join(dir, 'r'), '--', 'sh', '-c', bot]);
    const { code } = await run.exited;
    expect(code, run.stderr()).toBe(0);
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    expect(alive(grandchild)).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'r', 'verdict.json'), 'utf8')).bot).toMatchObject({ how: 'stopped' });
  });

  it('a bot that ignores SIGTERM is killed after --grace; the report is written and run exits', async () => {
    const dir = scratch();
    const pidFile = join(dir, 'pid');
    const inner = `process.on('SIGTERM', () => console.error('ignoring SIGTERM')); require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); ${poller(200)}`;
    const bot = `${JSON.stringify(node)} -e ${JSON.stringify(inner)}; echo shell-done`;
    const run = spawnCli(ROOT, ['run', 'calm', '--speed', '10', '--duration', '20s', '--grace', '500ms', '--allow-inconclusive', '--report', join(dir, 'r'), '--', 'sh', '-c', `trap '' TERM; ${bot}`]);
    const { code } = await run.exited;
    expect(code, run.stderr()).toBe(0);
    expect(alive(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
    const verdict = JSON.parse(readFileSync(join(dir, 'r', 'verdict.json'), 'utf8'));
    expect(verdict.bot).toMatchObject({ how: 'killed', signal: 'SIGKILL' });
    expect(verdict.bot.stderrTail).toContain('ignoring SIGTERM');
    expect(run.stdout()).toContain('did not stop within 500ms of SIGTERM: killed');
  });

  it('a second SIGINT while the bot is given its grace exits at once, and the bot is killed on the way out', async () => {
    const dir = scratch();
    const pidFile = join(dir, 'pid');
    const bot = `process.on('SIGTERM', () => {}); require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); ${poller(200)}`;
    const run = spawnCli(ROOT, ['run', 'calm', '--duration', '1h', '--grace', '1h', '--report', join(dir, 'r'), '--', node, '-e', bot]);
    expect(await run.nextLine()).toMatch(/^chaos-exchange run: /);
    while (!existsSync(pidFile) || readFileSync(pidFile, 'utf8') === '') await new Promise((r) => setImmediate(r));
    run.child.kill('SIGINT');
    for (let line = await run.nextLine(); !line.includes('SIGINT: stopping the bot'); line = await run.nextLine());
    run.child.kill('SIGINT');
    expect((await run.exited).code).toBe(130);
    expect(alive(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
  });

  it('an unknown built-in scenario is a usage error (exit 2) with a did-you-mean, and no bot starts', async () => {
    const dir = scratch();
    const run = spawnCli(ROOT, ['run', 'ambigous-commit', '--report', join(dir, 'r'), '--', node, '-e', `require('fs').writeFileSync(${JSON.stringify(join(dir, 'ran'))}, '')`]);
    expect((await run.exited).code).toBe(2);
    expect(run.stderr()).toContain('"ambigous-commit" is not a built-in scenario (did you mean "ambiguous-commit"?) nor a file; the built-ins are abrupt-500s, ambiguous-commit,');
    expect(existsSync(join(dir, 'ran'))).toBe(false);
    expect(existsSync(join(dir, 'r'))).toBe(false);
  });

  it('refuses a bad --grace', async () => {
    const run = spawnCli(ROOT, ['run', 'calm', '--grace', 'soon', '--', node, '-e', '0']);
    expect((await run.exited).code).toBe(2);
    expect(run.stderr()).toContain('--grace expects a duration such as "5s" (at most 1h), got "soon"');
  });
});

describe('chaos-exchange run: its own failures', () => {
  it('a report folder that cannot be written is exit 70 (no verdict), and run still stops the bot and exits', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'file'), '');
    const pidFile = join(dir, 'pid');
    const bot = `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); ${poller(200)}`;
    const run = spawnCli(ROOT, ['run', 'calm', '--speed', '10', '--duration', '10s', '--report', join(dir, 'file', 'r'), '--', node, '-e', bot]);
    expect((await run.exited).code).toBe(70);
    expect(run.stderr()).toMatch(/^chaos-exchange: ENOTDIR/m);
    expect(alive(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
  });
});
