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
    expect(fired).toEqual(['a', 'b']);
    expect(clock.now() - t0).toBe(300_000);
    expect(() => clock.jump(-1)).toThrow(RangeError);
  });

  it('a jump while paused fires what falls due at once, in time order, each seeing its own due time; time stays paused', () => {
    const clock = new SystemClock();
    clock.pause();
    const t0 = clock.now();
    const fired: string[] = [];
    clock.schedule(t0 + 120_000, () => fired.push(`b@${clock.now() - t0}`));
    clock.schedule(t0 + 60_000, () => {
      fired.push(`a@${clock.now() - t0}`);
      // Scheduled on the way and due before the jump's end: fires in its turn.
      clock.schedule(t0 + 90_000, () => fired.push(`a2@${clock.now() - t0}`));
    });
    clock.schedule(t0 + 600_000, () => fired.push('later'));
    clock.jump(300_000);
    expect(fired).toEqual(['a@60000', 'a2@90000', 'b@120000']);
    vi.advanceTimersByTime(3_600_000);
    expect(fired).toHaveLength(3);
    expect(clock.now() - t0).toBe(300_000);
  });

  it('advanceTo may stop after any timer and go on later, firing the same timers in the same order', () => {
    const clock = new SystemClock();
    clock.pause();
    const t0 = clock.now();
    const fired: number[] = [];
    for (const at of [30, 10, 20]) clock.schedule(t0 + at, () => fired.push(clock.now() - t0));
    expect(clock.advanceTo(t0 + 25, () => false)).toBe(false);
    expect([fired, clock.now() - t0]).toEqual([[10], 10]);
    expect(clock.advanceTo(t0 + 25)).toBe(true);
    expect([fired, clock.now() - t0]).toEqual([[10, 20], 25]);
    expect(() => clock.advanceTo(t0)).toThrow(RangeError);
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
