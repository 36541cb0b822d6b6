import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { wallNow } from '../src/clock/host.js';
import { packageRoot } from '../src/scenario/builtin.js';
import { findLibfaketime } from '../src/warp/faketime.js';
import { botWarp } from '../src/warp/bot-warp.js';
import { spawnTimed, type TimedChild } from './timed-child.js';

// A bot that is not Node.js (a Python one) under libfaketime, as `run` starts it: a real process on
// the real clock. libfaketime counts its speed from the start of the bot's first process, so its
// clock starts behind the exchange's by that start-up delay times the speed: a lower speed than
// the Node tests' keeps that well under the second the bot and the exchange must agree within.

const lib = findLibfaketime();

/**
 * Whether these tests run here: always in CI (.ci/run installs Debian's faketime package, and a
 * missing libfaketime then fails them, loudly); elsewhere only when libfaketime is installed.
 */
function faketimeTestsRun(): boolean {
  if (lib !== undefined || process.env.CI) return true;
  console.warn('libfaketime tests skipped: libfaketime is not installed here (apt-get install faketime)');
  return false;
}

const SPEED = 20;
const START = Date.UTC(2026, 0, 1);

// Answers commands on stdin: its clocks, a sleep, and a process it starts.
const BOT = `
import asyncio, json, socket, subprocess, sys, time
def say(**o): print(json.dumps(o), flush=True)
silent = socket.create_server(("127.0.0.1", 0))
def recv_timeout():
    c = socket.create_connection(silent.getsockname())
    c.settimeout(5)
    try: c.recv(1)
    except socket.timeout: pass
    c.close()
say(name="ready")
for line in sys.stdin:
    cmd = line.strip()
    t = time.time()
    if cmd == "now": say(date=t * 1000, mono=time.monotonic() * 1000)
    elif cmd == "sleep": time.sleep(5); say(name="time.sleep(5)", sim=(time.time() - t) * 1000)
    elif cmd == "asyncio": asyncio.run(asyncio.sleep(5)); say(name="asyncio.sleep(5)", sim=(time.time() - t) * 1000)
    elif cmd == "socket": recv_timeout(); say(name="socket timeout 5", sim=(time.time() - t) * 1000)
    elif cmd == "shell": subprocess.run(["sleep", "5"], check=True); say(name="a sleep 5 process", sim=(time.time() - t) * 1000)
    elif cmd == "date": say(date=t * 1000, child=int(subprocess.run(["date", "+%s%N"], capture_output=True, text=True, check=True).stdout) / 1e6)
`;

const children: TimedChild[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill();
});

/** Starts the Python bot as `run` would at SPEED from START. */
async function startBot(): Promise<{ child: TimedChild; realAt: number }> {
  if (lib === undefined) throw new Error('libfaketime not found: install Debian\'s faketime package (apt-get install faketime)');
  const realAt = wallNow();
  const w = botWarp(['python3', '-c', BOT], { speed: SPEED, start: START, realNow: realAt, libfaketime: lib });
  expect(w.how).toBe('faketime');
  const child = spawnTimed(w.command, w.env, packageRoot());
  children.push(child);
  await child.next();
  return { child, realAt };
}

/** Simulated time at real wall-clock time `wall` for a bot anchored at `realAt`. */
const simAt = (realAt: number, wall: number): number => START + (wall - realAt) * SPEED;

/** Sends `cmd` and returns the reply with the real wall-clock time it was sent at. */
async function ask<T>(child: TimedChild, cmd: string): Promise<T & { at: number; wall: number; sent: number; sentAt: number }> {
  const sent = wallNow();
  const sentAt = performance.now();
  child.send(cmd);
  return { ...(await child.nextJson<T>()), sent, sentAt };
}

describe.runIf(faketimeTestsRun())('a Python bot under libfaketime (real processes, 20x)', () => {
  it('time.time() and time.monotonic() start at the exchange\'s time and run 20 times faster', async () => {
    const { child, realAt } = await startBot();
    const a = await ask<{ date: number; mono: number }>(child, 'now');
    await sleep(500);
    const b = await ask<{ date: number; mono: number }>(child, 'now');
    expect(a.date).toBeGreaterThanOrEqual(simAt(realAt, a.sent) - 1_000);
    expect(a.date).toBeLessThanOrEqual(simAt(realAt, a.wall) + 1_000);
    const real = (b.sent + b.wall) / 2 - (a.sent + a.wall) / 2;
    for (const clock of ['date', 'mono'] as const) {
      const rate = (b[clock] - a[clock]) / real;
      expect(rate, clock).toBeGreaterThan(SPEED * 0.8);
      expect(rate, clock).toBeLessThan(SPEED * 1.2);
    }
  });

  it('time.sleep, asyncio.sleep, a socket timeout and a `sleep 5` process it starts take 5 simulated seconds, a quarter of a real one', async () => {
    const { child } = await startBot();
    for (const cmd of ['sleep', 'asyncio', 'socket', 'shell']) {
      const r = await ask<{ name: string; sim: number }>(child, cmd);
      expect(r.sim, r.name).toBeGreaterThanOrEqual(4_900);
      expect(r.sim, r.name).toBeLessThan(20_000);
      expect(r.at - r.sentAt, r.name).toBeGreaterThan(50);
      expect(r.at - r.sentAt, r.name).toBeLessThan(2_000);
    }
  });

  it('a process the bot starts later reads the same simulated time as the bot (not the start date again)', async () => {
    const { child, realAt } = await startBot();
    await sleep(300);
    const r = await ask<{ date: number; child: number }>(child, 'date');
    // Six simulated seconds in: a clock started afresh would read about START.
    expect(r.child - START).toBeGreaterThan(4_000);
    expect(Math.abs(r.child - r.date)).toBeLessThan(1_000);
    expect(r.child).toBeLessThanOrEqual(simAt(realAt, r.wall) + 1_000);
  });
});
