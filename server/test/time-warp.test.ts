import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { wallNow } from '../src/clock/host.js';
import { packageRoot } from '../src/scenario/builtin.js';
import { findLibfaketime } from '../src/warp/faketime.js';
import { botWarp, type BotWarpOptions } from '../src/warp/bot-warp.js';
import { spawnTimed, type TimedChild } from './timed-child.js';

// Real Node processes on the real clock, warped by the preload as the CLI bundle ships it
// (dist/cli/warp-preload.js, built by the tests' global set-up): the promise is about a bot's own
// timers and clock, so a fake clock would prove nothing. Each runs a few seconds of simulated time
// at 50x; bounds are generous (the machine is shared), but a wait that is not warped takes 50
// times too long and one warped twice 50 times too short, and both fail them.

const root = packageRoot();
const PRELOAD = pathToFileURL(join(root, 'dist/cli/warp-preload.js'));
const SPEED = 50;
const START = Date.UTC(2026, 0, 1);
const tmp = mkdtempSync(join(tmpdir(), 'time warp '));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
// A failed test leaves no child behind (an unwarped one could run for minutes).
const children: TimedChild[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill();
});

/** spawnTimed, the child killed after the test if it is still running. */
function start(command: string[], env: Record<string, string>): TimedChild {
  const child = spawnTimed(command, env, root);
  children.push(child);
  return child;
}

/** Runs `command` as `run` would at SPEED from START (libfaketime off unless given); `at` is the warp's real anchor. */
function warped(command: string[], o: Partial<BotWarpOptions> = {}): { child: TimedChild; realAt: number; how: string } {
  const realAt = wallNow();
  const w = botWarp(command, { speed: SPEED, start: START, realNow: realAt, preload: PRELOAD, libfaketime: null, ...o });
  return { child: start(w.command, w.env), realAt, how: w.how };
}

/** `node -e script` as an ES module. */
const node = (script: string): string[] => [process.execPath, '--input-type=module', '-e', script];

/** Simulated time at real wall-clock time `wall` for a bot anchored at `realAt`. */
const simAt = (realAt: number, wall: number): number => START + (wall - realAt) * SPEED;

// Answers each line on stdin with its clocks.
const CLOCKS = `
import { createInterface } from 'node:readline';
console.log('{}');
for await (const _ of createInterface({ input: process.stdin })) {
  console.log(JSON.stringify({ date: Date.now(), newDate: new Date().getTime(), perf: performance.now(), origin: performance.timeOrigin, hr: Number(process.hrtime.bigint() / 1000000n) }));
}`;

interface Clocks { date: number; newDate: number; perf: number; origin: number; hr: number; at: number; wall: number }

/** Asks the child for its clocks: the reply and the real wall-clock time it was asked at. */
async function ask(child: TimedChild): Promise<Clocks & { sent: number }> {
  const sent = wallNow();
  child.send('now');
  return { ...(await child.nextJson<Clocks>()), sent };
}

/** Starts a child that prints one JSON line after each of its waits; resolves with their simulated and real durations. */
async function timeWaits(child: TimedChild): Promise<{ name: string; sim: number; realMs: number }[]> {
  let last = (await child.nextJson<{ name: string }>()).at;
  const out: { name: string; sim: number; realMs: number }[] = [];
  for (;;) {
    const l = await child.nextJson<{ name: string; sim: number }>();
    if (l.name === 'end') break;
    out.push({ name: l.name, sim: l.sim, realMs: l.at - last });
    last = l.at;
  }
  return out;
}

describe('a Node bot under the time-warp preload (real processes, 50x)', () => {
  it('reads the exchange\'s simulated time: Date, new Date(), performance.now and hrtime start there and run 50 times faster', async () => {
    const { child, realAt, how } = warped(node(CLOCKS));
    expect(how).toBe('node-preload');
    await child.next();
    const a = await ask(child);
    await sleep(400);
    const b = await ask(child);
    child.kill();
    // Within a second of the exchange's clock at the same real moment (the window is the round trip).
    expect(a.date).toBeGreaterThanOrEqual(simAt(realAt, a.sent) - 1_000);
    expect(a.date).toBeLessThanOrEqual(simAt(realAt, a.wall) + 1_000);
    expect(Math.abs(a.newDate - a.date)).toBeLessThan(50);
    expect(Math.abs(a.origin + a.perf - a.date)).toBeLessThan(100);
    const real = (b.sent + b.wall) / 2 - (a.sent + a.wall) / 2;
    for (const clock of ['date', 'perf', 'hr'] as const) {
      const rate = (b[clock] - a[clock]) / real;
      expect(rate, clock).toBeGreaterThan(SPEED * 0.8);
      expect(rate, clock).toBeLessThan(SPEED * 1.2);
    }
  });

  it('waits simulated time: every kind of timer, promise timer, AbortSignal.timeout and socket timeout of 5 s takes about 0.1 s', async () => {
    const { child } = warped(node(`
      import http from 'node:http';
      import net from 'node:net';
      import timers from 'node:timers';
      import { setInterval as every, setTimeout as sleep, scheduler } from 'node:timers/promises';
      import { promisify } from 'node:util';
      const server = net.createServer(() => {});
      await new Promise((r) => server.listen(0, '127.0.0.1', r));
      const port = server.address().port;
      const ticks = (every5) => new Promise((r) => { let n = 0; const h = every5(() => { if (++n === 5) { clearInterval(h); r(); } }); });
      const waits = {
        'setTimeout': () => new Promise((r) => setTimeout(r, 5000)),
        'timers.setTimeout': () => new Promise((r) => timers.setTimeout(r, 5000)),
        'setInterval 5 x 1 s': () => ticks((f) => setInterval(f, 1000)),
        'timers/promises setTimeout': () => sleep(5000),
        'timers/promises setInterval 5 x 1 s': async () => { let n = 0; for await (const _ of every(1000)) if (++n === 5) break; },
        'scheduler.wait': () => scheduler.wait(5000),
        'util.promisify(setTimeout)': () => promisify(setTimeout)(5000),
        'AbortSignal.timeout': () => new Promise((r) => AbortSignal.timeout(5000).addEventListener('abort', r)),
        'socket.setTimeout': () => new Promise((r) => { const s = net.connect(port, '127.0.0.1'); s.setTimeout(5000, () => { s.destroy(); r(); }); }),
        'http.get timeout': () => new Promise((r) => { const q = http.get({ host: '127.0.0.1', port, timeout: 5000 }); q.on('timeout', () => q.destroy()); q.on('error', r); }),
      };
      console.log(JSON.stringify({ name: 'start' }));
      for (const [name, wait] of Object.entries(waits)) {
        const t = Date.now();
        await wait();
        console.log(JSON.stringify({ name, sim: Date.now() - t }));
      }
      console.log(JSON.stringify({ name: 'end' }));
      server.close();
    `));
    const waits = await timeWaits(child);
    expect(waits.map((w) => w.name)).toHaveLength(10);
    for (const w of waits) {
      // Never early in simulated time (Node may fire a millisecond early: 50 simulated ms), at most a few real ms late.
      expect(w.sim, w.name).toBeGreaterThanOrEqual(4_900);
      expect(w.sim, w.name).toBeLessThan(15_000);
      expect(w.realMs, w.name).toBeGreaterThan(50);
      expect(w.realMs, w.name).toBeLessThan(2_000);
    }
    expect((await child.exited).code).toBe(0);
  });

  it('keeps plain Node\'s order of next ticks, immediates and timers, and exits when only unref\'d timers are left', async () => {
    const ORDER = `
      import { stat } from 'node:fs';
      const order = [];
      // In an I/O callback an immediate always runs before a timer, however short.
      stat(process.execPath, () => {
        setTimeout(() => order.push('timeout 200'), 200);
        setTimeout(() => order.push('timeout 0'), 0);
        setImmediate(() => order.push('immediate'));
        setTimeout(() => order.push('timeout 100'), 100);
        process.nextTick(() => order.push('nextTick'));
        setTimeout(() => console.log(JSON.stringify(order)), 300);
        // An hour away and unref'd: the process must not wait for it (at 50x, 72 real seconds).
        setTimeout(() => console.log('never'), 3_600_000).unref();
      });`;
    const plain = start(node(ORDER), {});
    const { child } = warped(node(ORDER));
    const started = performance.now();
    const expected = ['nextTick', 'immediate', 'timeout 0', 'timeout 100', 'timeout 200'];
    expect(JSON.parse((await child.next()).line)).toEqual(expected);
    expect(JSON.parse((await plain.next()).line)).toEqual(expected);
    expect((await child.exited).code).toBe(0);
    expect(performance.now() - started).toBeLessThan(5_000);
    await plain.exited;
  });
});

// Sleeps 5 simulated seconds, printing the clock before and after.
const NAP = `
  import { setTimeout as sleep } from 'node:timers/promises';
  console.log(JSON.stringify({ date: Date.now() }));
  await sleep(5000);
  console.log(JSON.stringify({ date: Date.now() }));`;

/** Checks a child running NAP: it started at the exchange's time and slept 5 s of it in about 0.1 s. */
async function expectNap(child: TimedChild, realAt: number): Promise<void> {
  const a = await child.nextJson<{ date: number }>();
  const b = await child.nextJson<{ date: number }>();
  expect(a.date).toBeLessThanOrEqual(simAt(realAt, a.wall) + 1_000);
  // It printed after it was started: no earlier than the warp's anchor.
  expect(a.date).toBeGreaterThanOrEqual(START - 1_000);
  expect(b.date - a.date).toBeGreaterThanOrEqual(4_900);
  expect(b.at - a.at).toBeGreaterThan(50);
  expect(b.at - a.at).toBeLessThan(2_000);
  expect((await child.exited).code).toBe(0);
}

describe('Node processes a bot starts inherit the warp (NODE_OPTIONS)', () => {
  it('through sh -c: warped, and said to be the only part that is', async () => {
    const command = ['sh', '-c', '"$0" --input-type=module -e "$1"', process.execPath, NAP];
    const w = botWarp(command, { speed: SPEED, start: START, realNow: wallNow(), preload: PRELOAD, libfaketime: null });
    expect(w.how).toBe('none');
    expect(w.note).toContain('only Node.js processes it starts are warped');
    const { child, realAt } = warped(command);
    await expectNap(child, realAt);
  });

  it.runIf(findLibfaketime() !== undefined)('through sh -c under libfaketime: warped once, by libfaketime (the preload stands aside)', async () => {
    const { child, realAt, how } = warped(['sh', '-c', '"$0" --input-type=module -e "$1"', process.execPath, NAP], { libfaketime: findLibfaketime()! });
    expect(how).toBe('faketime');
    await expectNap(child, realAt);
  });

  // libfaketime's FAKETIME_SKIP_CMDS (once used to leave Node to the preload) crashes Node in V8's garbage collector.
  it.runIf(findLibfaketime() !== undefined)('a Node.js process under libfaketime survives garbage collection', async () => {
    const churn = "const keep = []; for (let i = 0; i < 40; i++) { const a = []; for (let j = 0; j < 1e5; j++) a.push({ j }); keep[i % 4] = a; await new Promise((r) => setTimeout(r, 10)); } console.log('survived')";
    const w = botWarp(['sh', '-c', '"$0" --input-type=module -e "$1"', process.execPath, churn], { speed: SPEED, start: START, realNow: wallNow(), preload: PRELOAD, libfaketime: findLibfaketime()! });
    const r = spawnSync(w.command[0]!, w.command.slice(1), { env: { ...process.env, ...w.env }, encoding: 'utf8', timeout: 20_000 });
    expect(r.stdout + r.stderr).toBe('survived\n');
    expect(r.status).toBe(0);
  });

  it('through npm exec', async () => {
    const { child, realAt, how } = warped(['npm', 'exec', '--', 'node', '--input-type=module', '-e', NAP]);
    expect(how).toBe('node-preload');
    await expectNap(child, realAt);
  });

  it('with the preload in a folder whose name has spaces', async () => {
    const preload = join(tmp, 'warp-preload.js');
    copyFileSync(new URL(PRELOAD), preload);
    const { child, realAt } = warped(node(NAP), { preload: pathToFileURL(preload) });
    await expectNap(child, realAt);
  });
});

describe('the built preloads', () => {
  it('the CLI bundle\'s and the library\'s each warp a process, and do nothing without the warp variables', async () => {
    const library = pathToFileURL(join(root, 'dist/server/src/warp/warp-preload.js'));
    for (const preload of [PRELOAD, library]) {
      const { child, realAt } = warped(node(NAP), { preload });
      await expectNap(child, realAt);
    }
    const bare = start([process.execPath, `--import=${PRELOAD.href}`, '--input-type=module', '-e', 'console.log(JSON.stringify({ date: Date.now() }))'], {});
    const line = await bare.nextJson<{ date: number }>();
    expect(Math.abs(line.date - line.wall)).toBeLessThan(1_000);
  });
});

describe('clients a bot uses, under the warp', () => {
  it('ccxt\'s rate limiter paces requests in simulated time (5 s of kraken\'s 1 s pacing in well under 2 s)', async () => {
    const { child } = warped(node(`
      import ccxt from 'ccxt';
      const kraken = new ccxt.kraken({ enableRateLimit: true });
      console.log(JSON.stringify({ name: 'start', rateLimit: kraken.rateLimit }));
      const t = Date.now();
      for (let i = 0; i < 6; i++) await kraken.throttle(1);
      console.log(JSON.stringify({ name: 'six throttled calls', sim: Date.now() - t }));
      console.log(JSON.stringify({ name: 'end' }));
    `));
    const [paced] = await timeWaits(child);
    expect(paced!.sim).toBeGreaterThanOrEqual(4_900);
    expect(paced!.realMs).toBeLessThan(2_000);
    expect((await child.exited).code).toBe(0);
  });
});
