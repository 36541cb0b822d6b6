/**
 * Under `chaos-exchange run` a bot that dials Kraken's own hosts reaches the exchange with no
 * change and no URL of ours: curl and Python's standard library, through the transparent proxy
 * and the CA that run hands them in the environment. Real processes, a few seconds each.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../src/scenario/builtin.js';
import { spawnCli } from './spawn-cli.js';

const ROOT = packageRoot();
const has = (cmd: string): boolean => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`]);
    return true;
  } catch {
    return false;
  }
};

/** Runs `bot` under `run calm` for 20 scenario seconds; what it printed and how many requests reached the exchange. */
async function underRun(bot: string[]): Promise<{ out: string; requests: number }> {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'chaos-proxy-run-')));
  const run = spawnCli(ROOT, ['run', 'calm', '--speed', '10', '--duration', '20s', '--allow-inconclusive', '--report', dir, '--', ...bot]);
  await run.exited;
  const verdict = JSON.parse(readFileSync(join(dir, 'verdict.json'), 'utf8'));
  return { out: run.stdout() + run.stderr(), requests: verdict.phases.reduce((n: number, p: { requests: number }) => n + p.requests, 0) };
}

describe('run: bots that dial Kraken\'s own hosts', () => {
  it.runIf(has('curl'))('curl https://api.kraken.com/0/public/Time gets the exchange\'s answer', async () => {
    const r = await underRun(['sh', '-c', 'curl -sS https://api.kraken.com/0/public/Time; echo; sleep 30']);
    expect(r.out).toMatch(/\{"error":\[\],"result":\{"unixtime":\d+,"rfc1123":"[^"]+"\}\}/);
    expect(r.requests).toBe(1);
  });

  it.runIf(has('python3'))('Python\'s urllib, unchanged, gets the exchange\'s answer', async () => {
    const py = 'import json, urllib.request, time\nprint("python", json.load(urllib.request.urlopen("https://api.kraken.com/0/public/Time"))["error"], flush=True)\ntime.sleep(30)';
    const r = await underRun(['python3', '-c', py]);
    expect(r.out).toContain('python []');
  });
});
