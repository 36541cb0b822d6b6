import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packageRoot } from '../src/scenario/builtin.js';
import { spawnCli, type CliRun } from './spawn-cli.js';

/**
 * The promise here is about a real server process on the real clock: no control call keeps its
 * event loop from other clients, and SIGTERM is heard in the middle of one. Each test starts the
 * built CLI, times another client's Ticker calls while the control call runs, then signals it.
 * The bounds are generous for a busy CI machine; the failures they catch were hours long (a
 * 365-day advance held the loop for most of an hour; speed 100,000 made Ticker time out).
 */
const root = packageRoot();
const runs: CliRun[] = [];
afterEach(() => {
  for (const r of runs.splice(0)) r.child.kill('SIGKILL');
});

async function serve(...args: string[]): Promise<{ run: CliRun; url: string }> {
  const run = spawnCli(root, ['serve', '--port', '0', ...args]);
  runs.push(run);
  const url = /listening on (\S+)/.exec(await run.nextLine())?.[1] as string;
  return { run, url };
}

/** Ticker calls one after another for `ms` of real time: how long each took (ms). */
async function timeTicker(url: string, ms: number): Promise<number[]> {
  const took: number[] = [];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const start = performance.now();
    const res = await fetch(`${url}/0/public/Ticker?pair=XBTUSD`);
    expect((await res.json() as { error: string[] }).error).toEqual([]);
    took.push(performance.now() - start);
  }
  return took.sort((a, b) => a - b);
}

const control = (url: string, path: string, body?: unknown): Promise<Response> =>
  fetch(`${url}/__chaos${path}`, { method: body === undefined ? 'GET' : 'POST', body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });

/** SIGTERM, then the exit code and how long the exit took (ms). */
async function terminate(run: CliRun): Promise<{ code: number | null; ms: number }> {
  const start = performance.now();
  run.child.kill('SIGTERM');
  const { code } = await run.exited;
  return { code, ms: performance.now() - start };
}

describe('no control call freezes the server', () => {
  it('a 365-day advance goes on in slices: another client is answered meanwhile, time moves, and SIGTERM in the middle exits 0 at once', async () => {
    const { run, url } = await serve('--scenario', 'calm');
    const advance = control(url, '/advance', { by: '365d' }).then((r) => r.status, () => 'cut off');
    const took = await timeTicker(url, 1500);
    expect(took.length).toBeGreaterThan(20);
    expect(took[Math.floor(took.length / 2)]).toBeLessThan(100);
    expect(took.at(-1)).toBeLessThan(1000);
    const state = await (await control(url, '/state')).json() as { elapsedMs: number };
    expect(state.elapsedMs).toBeGreaterThan(86_400_000);
    expect(state.elapsedMs).toBeLessThan(365 * 86_400_000);
    const exit = await terminate(run);
    expect(exit.code).toBe(0);
    // Well within the documented 2-second WebSocket grace (no WebSocket is open).
    expect(exit.ms).toBeLessThan(2000);
    expect(await advance).toBe('cut off');
  });

  it('on the real clock a long advance completes where asked: a week of one pair in slices, a daily candle for each day, the audit clean', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chaos-exchange-advance-'));
    try {
      const file = join(dir, 'week.yaml');
      writeFileSync(file, 'name: week\nmarket:\n  pairs:\n    XBT/USD: { price: 50000, volatility: 2 }\ntimeline:\n  - name: calm\n');
      const { url } = await serve('--scenario', file, '--speed', '1');
      const before = await (await control(url, '/state')).json() as { clock: { nowMs: number } };
      const started = performance.now();
      const advance = await control(url, '/advance', { by: '7d' });
      const realMs = performance.now() - started;
      expect(advance.status).toBe(200);
      const after = await advance.json() as { clock: { nowMs: number; kind: string } };
      expect(after.clock.kind).toBe('system');
      // Seven days, plus the real time the call took (the system clock runs on meanwhile).
      const moved = after.clock.nowMs - before.clock.nowMs;
      expect(moved).toBeGreaterThanOrEqual(7 * 86_400_000);
      expect(moved).toBeLessThanOrEqual(7 * 86_400_000 + realMs + 1000);
      expect((await (await control(url, '/audit')).json() as { problems: string[] }).problems).toEqual([]);
      const ohlc = await (await fetch(`${url}/0/public/OHLC?pair=XBTUSD&interval=1440`)).json() as { result: { XXBTZUSD: unknown[][] } };
      // A daily candle for every day of the week went by (trades happened all along the fast-forward).
      const days = ohlc.result.XXBTZUSD.filter((c) => Number(c[0]) * 1000 > before.clock.nowMs - 86_400_000);
      expect(days.length).toBeGreaterThanOrEqual(7);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('at the fastest speed (1000) another client is answered, and SIGTERM exits 0 at once', async () => {
    const { run, url } = await serve('--scenario', 'calm', '--speed', '1000');
    const before = (await (await control(url, '/state')).json() as { elapsedMs: number }).elapsedMs;
    const took = await timeTicker(url, 1500);
    expect(took[Math.floor(took.length / 2)]).toBeLessThan(100);
    expect(took.at(-1)).toBeLessThan(1000);
    // At 1000 times real time, 1.5 s is 25 simulated minutes.
    expect((await (await control(url, '/state')).json() as { elapsedMs: number }).elapsedMs - before).toBeGreaterThan(1_000_000);
    const exit = await terminate(run);
    expect(exit.code).toBe(0);
    expect(exit.ms).toBeLessThan(2000);
  });

  it('loading a scenario near the 1 MB body limit parses it off the event loop: another client is answered meanwhile', async () => {
    const { url } = await serve('--scenario', 'calm');
    const lines = ['name: big', 'loop: true', 'timeline:'];
    for (let i = 0; i < 2000; i++) lines.push(`  - { name: p${i}, duration: 1s, faults: [${[0, 1, 2, 3].map((k) => `{ name: r${k}, match: { route: Depth }, effect: { kind: status, status: 502 } }`).join(', ')}] }`);
    const yaml = `${lines.join('\n')}\n`;
    expect(yaml.length).toBeGreaterThan(700_000);
    let done = false;
    const load = control(url, '/scenario', yaml).then((r) => ((done = true), r.status));
    const took: number[] = [];
    while (!done) took.push(...await timeTicker(url, 50));
    expect(await load).toBe(200);
    took.sort((a, b) => a - b);
    expect(took.length).toBeGreaterThan(5);
    expect(took[Math.floor(took.length / 2)]).toBeLessThan(100);
    expect(took.at(-1)).toBeLessThan(1000);
    expect((await (await control(url, '/state')).json() as { scenario: { name: string }; timeline: unknown[] }).timeline).toHaveLength(2000);
  });

  it('beyond the maxima: a 400 saying the limit, in plain words; the CLI refuses --speed 20000 with exit 2', async () => {
    const { url } = await serve('--scenario', 'calm');
    const long = await control(url, '/advance', { by: '367d' });
    expect(long.status).toBe(400);
    expect((await long.json() as { error: string }).error).toBe('by: an advance moves at most 366d (366 days), got "367d"');
    for (const speed of [100_000, 1e9, 1000.5]) {
      const fast = await control(url, '/speed', { speed });
      expect(fast.status).toBe(400);
      expect((await fast.json() as { error: string }).error).toBe(`speed: expected a number above 0 and at most 1000, got ${speed}`);
    }
    expect((await (await control(url, '/state')).json() as { clock: { speed: number } }).clock.speed).toBe(1);
    const cli = spawnCli(root, ['serve', '--port', '0', '--speed', '20000']);
    runs.push(cli);
    expect((await cli.exited).code).toBe(2);
    expect(cli.stderr()).toBe('chaos-exchange: --speed expects a number above 0 and at most 1000, got "20000"\n');
  });
});
