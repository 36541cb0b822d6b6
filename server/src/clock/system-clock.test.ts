import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SystemClock } from './clock.js';

// Real time is faked (timers, immediates, Date and performance.now), so these run instantly and exactly.
describe('SystemClock under control (pause, resume, jump, speed)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'Date', 'performance'], now: Date.UTC(2026, 0, 1) });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs `speed` times faster than real time and fires a timer at its simulated due time', () => {
    const clock = new SystemClock(10);
    const t0 = clock.now();
    const fired: number[] = [];
    clock.schedule(t0 + 10_000, () => fired.push(clock.now() - t0));
    vi.advanceTimersByTime(999);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([10_000]);
  });

  it('pause stops time and holds timers; resume goes on from where it stopped', () => {
    const clock = new SystemClock();
    const t0 = clock.now();
    const fired: number[] = [];
    clock.schedule(t0 + 5_000, () => fired.push(clock.now() - t0));
    vi.advanceTimersByTime(2_000);
    clock.pause();
    vi.advanceTimersByTime(60_000);
    expect(clock.now() - t0).toBe(2_000);
    expect(fired).toEqual([]);
    clock.resume();
    vi.advanceTimersByTime(3_000);
    expect(fired).toEqual([5_000]);
  });

  it('jump moves time forward at once and due timers fire in time order', () => {
    const clock = new SystemClock();
    const t0 = clock.now();
    const fired: string[] = [];
    clock.schedule(t0 + 120_000, () => fired.push('b'));
    clock.schedule(t0 + 60_000, () => fired.push('a'));
    clock.schedule(t0 + 600_000, () => fired.push('later'));
    clock.jump(300_000);
    vi.advanceTimersByTime(0);
    expect(fired).toEqual(['a', 'b']);
    expect(clock.now() - t0).toBe(300_000);
    expect(() => clock.jump(-1)).toThrow(RangeError);
  });

  it('setSpeed changes the pace from now on; a cancelled timer never fires', () => {
    const clock = new SystemClock(1);
    const t0 = clock.now();
    const fired: number[] = [];
    clock.schedule(t0 + 10_000, () => fired.push(clock.now() - t0));
    clock.schedule(t0 + 1_000, () => fired.push(-1)).cancel();
    vi.advanceTimersByTime(5_000);
    clock.setSpeed(5);
    expect(clock.speed).toBe(5);
    vi.advanceTimersByTime(999);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([10_000]);
    expect(() => clock.setSpeed(0)).toThrow(RangeError);
  });
});
