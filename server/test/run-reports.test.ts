/**
 * What a CI job reads after `chaos-exchange run`, from a real run: JUnit with the run's facts, the
 * Markdown summary (and GitHub's job summary and annotations), and the report of a run that was
 * interrupted. Each run is a few seconds of real time at speed 1.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../src/scenario/builtin.js';
import { timeOutage } from './run-fixtures.js';
import { spawnCli } from './spawn-cli.js';

const ROOT = packageRoot();
const scratch = (): string => realpathSync(mkdtempSync(join(tmpdir(), 'chaos-report-')));

/** A one-second outage, judged on a request rate a bot polling every 100 ms breaks. */
const SCENARIO = timeOutage('short-and-strict', 1, '  maxRequestRate: { perSecond: 1, window: 1s, during: all }\n  noLockout: true');
const HAMMER = "setInterval(() => fetch(process.env.CHAOS_EXCHANGE_URL + '/0/public/Time').catch(() => {}), 100)";

describe('the reports of a run, as CI reads them', () => {
  it('a failed check: exit 1, JUnit with properties and times, summary.md, the GitHub job summary appended and ::error:: annotations', async () => {
    const dir = scratch();
    const file = join(dir, 'strict.yaml');
    writeFileSync(file, SCENARIO);
    const stepSummary = join(dir, 'step-summary.md');
    writeFileSync(stepSummary, '# earlier step\n');
    const run = spawnCli(ROOT, ['run', file, '--seed', '42', '--duration', '3s', '--report', join(dir, 'r'), '--', process.execPath, '-e', HAMMER], {
      env: { GITHUB_STEP_SUMMARY: stepSummary, GITHUB_ACTIONS: 'true' },
    });
    expect((await run.exited).code, run.stderr()).toBe(1);
    const verdict = JSON.parse(readFileSync(join(dir, 'r', 'verdict.json'), 'utf8'));
    const sha = createHash('sha256').update(readFileSync(file)).digest('hex');
    expect(verdict).toMatchObject({
      outcome: 'failed', exitCode: 1, passed: false, inconclusive: [],
      run: { scenario: { name: 'short-and-strict', source: file, sha256: sha }, seed: '42', speed: 1, clock: 'system', command: [process.execPath, '-e', HAMMER] },
      bot: { how: 'stopped' },
    });
    expect(verdict.run.simulatedMs).toBe(3_000);
    expect(verdict.run.wallMs).toBeGreaterThanOrEqual(2_900);
    expect(verdict.run.version).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    const junit = readFileSync(join(dir, 'r', 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<testsuites name="chaos-exchange" tests="5" failures="1" errors="0" skipped="0" time="\d+\.\d{3}">/);
    expect(junit).toContain(`<property name="scenario.sha256" value="${sha}"/>`);
    expect(junit).toContain('<property name="seed" value="42"/>');
    expect(junit).toContain('<property name="outcome" value="failed"/>');
    expect(junit).toMatch(/<testcase classname="chaos-exchange\.short-and-strict" name="maxRequestRate: [^"]+" time="0\.000"><failure message="peak \d+\.\d\d requests\/s/);
    expect(junit).toMatch(/name="bot: runs through the scenario without crashing" time="\d+\.\d{3}"><system-out>the bot ran to the end/);
    const summary = readFileSync(join(dir, 'r', 'summary.md'), 'utf8');
    expect(summary).toContain('### ❌ chaos-exchange: `short-and-strict` — FAILED');
    expect(summary).toMatch(/\| ❌ \| maxRequestRate: [^|]+ \| peak /);
    expect(summary).toMatch(/\| ✅ \| noLockout: /);
    expect(readFileSync(stepSummary, 'utf8')).toBe(`# earlier step\n${summary}`);
    expect(run.stdout()).toMatch(/^::error title=chaos-exchange short-and-strict%3A maxRequestRate::stays under [^\n]*%0Apeak /m);
    expect(run.stdout()).toContain('exit 1 (failed)');
  });

  it('without GitHub\'s variables nothing is annotated or appended', async () => {
    const dir = scratch();
    const run = spawnCli(ROOT, ['run', 'calm', '--report', join(dir, 'r'), '--', process.execPath, '-e', 'process.exit(9)'], { env: { GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '' } });
    expect((await run.exited).code).toBe(3);
    expect(run.stdout()).not.toContain('::error');
    expect(readFileSync(join(dir, 'r', 'summary.md'), 'utf8')).toContain('FAILED: the bot crashed');
  });

  it('SIGINT to run ends it early: the bot is stopped, the run so far is reported, exit 130', async () => {
    const dir = scratch();
    const run = spawnCli(ROOT, ['run', 'calm', '--duration', '1h', '--report', join(dir, 'r'), '--', process.execPath, '-e', HAMMER]);
    // The run has begun once it names the scenario (after a line on the bot's time).
    while (!/^chaos-exchange run: "calm" for 1h/.test(await run.nextLine()));
    run.child.kill('SIGINT');
    const { code } = await run.exited;
    expect(code, run.stderr()).toBe(130);
    const verdict = JSON.parse(readFileSync(join(dir, 'r', 'verdict.json'), 'utf8'));
    expect(verdict).toMatchObject({ outcome: 'interrupted', passed: false, exitCode: 130, bot: { how: 'stopped' } });
    expect(verdict.run.simulatedMs).toBeLessThan(60_000);
    expect(run.stdout()).toContain('SIGINT: stopping the bot and judging the run so far');
  });
});
