/**
 * `serve --report DIR`: there is no bot process, so on SIGTERM (compose stopping the exchange) or
 * SIGINT serve judges what it saw from its start to the signal and writes the same files as `run`.
 * Real processes on the real clock, a few seconds each.
 */
import { existsSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCommand } from '../src/cli.js';
import { packageRoot } from '../src/scenario/builtin.js';
import { timeOutage } from './run-fixtures.js';
import { spawnCli, type CliRun } from './spawn-cli.js';

const ROOT = packageRoot();
const scratch = (): string => realpathSync(mkdtempSync(join(tmpdir(), 'chaos-serve-report-')));
const runs: CliRun[] = [];
afterEach(() => {
  for (const run of runs.splice(0)) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
});

/** Serves `scenario` with `args`, returning once it listens (the start lines read). */
async function serve(scenario: string, args: string[], env: Record<string, string> = {}): Promise<{ run: CliRun; url: string }> {
  const dir = scratch();
  const file = join(dir, 'scenario.yaml');
  writeFileSync(file, scenario);
  const run = spawnCli(ROOT, ['serve', '--port', '0', '--scenario', file, ...args], { env });
  runs.push(run);
  const url = /listening on (\S+)$/.exec(await run.nextLine())?.[1] as string;
  for (let line = await run.nextLine(); !line.startsWith('dashboard '); line = await run.nextLine());
  return { run, url };
}

describe('serve --report', () => {
  it('takes --report DIR or CHAOS_EXCHANGE_REPORT, and --allow-inconclusive', () => {
    expect(parseCommand(['--report', 'out'], {})).toMatchObject({ kind: 'serve', options: { report: 'out', allowInconclusive: false } });
    expect(parseCommand(['--allow-inconclusive'], { CHAOS_EXCHANGE_REPORT: '/report' })).toMatchObject({ kind: 'serve', options: { report: '/report', allowInconclusive: true } });
    expect(parseCommand([], {})).toMatchObject({ kind: 'serve', options: { report: undefined } });
    expect(parseCommand(['--allow-inconclusive'], {})).toEqual({ kind: 'error', message: '--allow-inconclusive needs --report DIR (or CHAOS_EXCHANGE_REPORT): serve judges nothing without it' });
  });

  it('on SIGTERM writes verdict.json, verdict.txt, junit.xml and summary.md judged from start to the signal, and exits with the verdict', async () => {
    const report = join(scratch(), 'r');
    const scenario = timeOutage('served-strict', 60, '  maxRequestRate: { perSecond: 1, window: 1s, during: all }\n  noLockout: true');
    const { run, url } = await serve(scenario, ['--report', report, '--seed', '9']);
    // Ten requests in well under a second break a limit of one a second.
    for (let i = 0; i < 10; i++) expect((await fetch(`${url}/0/public/Time`)).status).toBe(200);
    expect(existsSync(report)).toBe(false);
    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 1, signal: null });
    const verdict = JSON.parse(readFileSync(join(report, 'verdict.json'), 'utf8'));
    expect(verdict).toMatchObject({
      scenario: 'served-strict', outcome: 'failed', exitCode: 1, passed: false, inconclusive: [], audit: [],
      run: { mode: 'serve', seed: '9', speed: 1, clock: 'system', command: [] },
    });
    expect(verdict.bot).toBeUndefined();
    expect(verdict.checks.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([['maxRequestRate', 'fail'], ['noLockout', 'pass']]);
    expect(verdict.phases[0]).toMatchObject({ name: 'calm', requests: 10 });
    expect(Date.parse(verdict.end) - Date.parse(verdict.start)).toBe(verdict.run.simulatedMs);
    const text = readFileSync(join(report, 'verdict.txt'), 'utf8');
    expect(text).toContain('chaos-exchange verdict for "served-strict": FAILED');
    expect(text).toContain('served: no bot process; judged on every request the server saw from its start to SIGTERM');
    expect(readFileSync(join(report, 'junit.xml'), 'utf8')).toMatch(/<testcase classname="chaos-exchange\.served-strict" name="maxRequestRate: [^"]+" time="0\.000"><failure /);
    expect(readFileSync(join(report, 'summary.md'), 'utf8')).toContain('### ❌ chaos-exchange: `served-strict` — FAILED');
    expect(run.stdout()).toContain('chaos-exchange: SIGTERM, closing');
    expect(run.stdout()).toContain('exit 1 (failed)');
  });

  it('a run nothing tested is inconclusive: exit 5 on SIGINT, or 0 with --allow-inconclusive', async () => {
    const scenario = timeOutage('served-idle', 60, '  noLockout: true');
    for (const [args, code] of [[[], 5], [['--allow-inconclusive'], 0]] as const) {
      const report = join(scratch(), 'r');
      const { run } = await serve(scenario, ['--report', report, ...args]);
      run.child.kill('SIGINT');
      expect((await run.exited).code).toBe(code);
      expect(JSON.parse(readFileSync(join(report, 'verdict.json'), 'utf8'))).toMatchObject({ outcome: 'inconclusive', exitCode: code, inconclusive: ['the bot sent no request to the exchange'] });
    }
  });

  it('without --report, SIGTERM still exits 0 and writes nothing', async () => {
    const { run } = await serve(timeOutage('plain', 60, '  noLockout: true'), []);
    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.stdout()).not.toContain('verdict');
  });
});
