import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import { formatDuration, parseDuration } from './duration.js';
import { Rng } from './rng.js';

describe('ManualClock', () => {
  it('starts at a fixed instant so manual runs replay exactly', () => {
    expect(new ManualClock().now()).toBe(Date.UTC(2026, 0, 1));
  });

  it('fires due timers in time order, with now() at each timer\'s own due time', () => {
    const clock = new ManualClock(1000);
    const seen: [string, number][] = [];
    clock.schedule(3000, () => seen.push(['b', clock.now()]));
    clock.schedule(2000, () => seen.push(['a', clock.now()]));
    clock.schedule(3000, () => seen.push(['c', clock.now()]));
    clock.schedule(9000, () => seen.push(['late', clock.now()]));
    clock.advance(1500);
    expect(seen).toEqual([['a', 2000]]);
    clock.advance(500);
    expect(seen).toEqual([['a', 2000], ['b', 3000], ['c', 3000]]);
    expect(clock.now()).toBe(3000);
    expect(clock.pendingTimers()).toBe(1);
  });

  it('runs timers scheduled by timers within the same advance', () => {
    const clock = new ManualClock(0);
    const times: number[] = [];
    const tick = (): void => {
      times.push(clock.now());
      if (times.length < 5) clock.schedule(clock.now() + 100, tick);
    };
    clock.schedule(100, tick);
    clock.advance(10_000);
    expect(times).toEqual([100, 200, 300, 400, 500]);
  });

  it('nextDue() is the earliest pending timer, skipping cancelled and fired ones; undefined when none waits', () => {
    const clock = new ManualClock(0);
    expect(clock.nextDue()).toBeUndefined();
    clock.schedule(300, () => undefined);
    const early = clock.schedule(100, () => undefined);
    clock.schedule(200, () => undefined);
    expect(clock.nextDue()).toBe(100);
    early.cancel();
    expect(clock.nextDue()).toBe(200);
    clock.advanceTo(200);
    expect(clock.nextDue()).toBe(300);
    clock.advance(100);
    expect(clock.nextDue()).toBeUndefined();
  });

  it('does not fire cancelled timers and refuses to go back', () => {
    const clock = new ManualClock(0);
    let fired = false;
    clock.schedule(10, () => (fired = true)).cancel();
    clock.advance(20);
    expect(fired).toBe(false);
    expect(() => clock.advanceTo(5)).toThrow(/cannot go back/);
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });

  it('advanceTo with `more` stops after a timer when told, and going on fires the rest in the same order as one call', () => {
    const run = (stopAfter: number[]): { fired: [number, number][]; stops: number[] } => {
      const clock = new ManualClock(0);
      const fired: [number, number][] = [];
      // A timer that schedules another, as the exchange's driver does after every step.
      const every = (at: number): void => void clock.schedule(at, () => (fired.push([at, clock.now()]), at < 50 && every(at + 10)));
      every(10);
      clock.schedule(25, () => fired.push([25, clock.now()]));
      const stops: number[] = [];
      let n = 0;
      while (!clock.advanceTo(100, () => !stopAfter.includes(++n))) stops.push(clock.now());
      expect(clock.now()).toBe(100);
      return { fired, stops };
    };
    const whole = run([]);
    const cut = run([1, 3, 4]);
    expect(cut.fired).toEqual(whole.fired);
    expect(whole.fired).toEqual([[10, 10], [20, 20], [25, 25], [30, 30], [40, 40], [50, 50]]);
    expect(cut.stops).toEqual([10, 25, 30]);
    // Told to stop after the last timer due, it has nothing left to stop for: it reaches the target.
    const clock = new ManualClock(0);
    clock.schedule(5, () => undefined);
    expect(clock.advanceTo(9, () => false)).toBe(true);
    expect(clock.now()).toBe(9);
  });
});

describe('Rng', () => {
  it('replays the same sequence for the same seed and differs for another', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const seqA = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(seqA);
  });

  it('gives forks independent streams: drawing from one never shifts another', () => {
    const root1 = new Rng('s');
    const root2 = new Rng('s');
    const x1 = root1.fork('x');
    root2.fork('y').next();
    const x2 = root2.fork('x');
    expect(x1.next()).toBe(x2.next());
  });

  it('keeps values in range and roughly uniform', () => {
    const r = new Rng(1);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) {
      const v = r.int(0, 3);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(3);
      counts[v]!++;
    }
    for (const c of counts) expect(c).toBeGreaterThan(850);
    let sum = 0;
    for (let i = 0; i < 4000; i++) sum += r.normal();
    expect(Math.abs(sum / 4000)).toBeLessThan(0.1);
  });
});

describe('durations', () => {
  it.each([
    ['800ms', 800], ['30s', 30_000], ['2m', 120_000], ['1h30m', 5_400_000], ['1.5s', 1500], ['1d', 86_400_000],
  ])('parses %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '10', 'ms', '5 minutes', '-1s', '1x'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('formats milliseconds back into scenario notation', () => {
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(3_600_250)).toBe('1h250ms');
    expect(formatDuration(0)).toBe('0s');
  });
});
