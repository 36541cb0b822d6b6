import { describe, expect, it } from 'vitest';
import { sleep } from '../api/edge-http.js';
import { ManualClock, SystemClock, type TimeSource } from './clock.js';

/**
 * A scripted host for SystemClock: time moves only when the loop below runs; nothing waits on
 * real time. Its timeout behaves like Node's setTimeout: it counts whole milliseconds from the
 * start of the millisecond it was called in, so timeout(100) at 5.9 fires at 105.0. Each turn that runs immediates takes
 * `turnMs` of time.
 */
class LoopHost implements TimeSource {
  t: number;
  /** Turns of the loop take no time (as under faked timers). */
  frozen = false;
  turns = 0;
  timeouts: { due: number; fn: () => void; id: number }[] = [];
  immediates: { fn: () => void; id: number }[] = [];
  private ids = 0;

  constructor(start: number, private readonly turnMs = 0.05) {
    this.t = start;
  }

  mono = (): number => this.t;
  wall = (): number => 1_000_000;
  timeout = (fn: () => void, ms: number): unknown => {
    const id = ++this.ids;
    this.timeouts.push({ due: Math.floor(this.t) + Math.max(1, ms), fn, id });
    return id;
  };
  cancelTimeout = (h: unknown): void => void (this.timeouts = this.timeouts.filter((x) => x.id !== h));
  immediate = (fn: () => void): unknown => {
    const id = ++this.ids;
    this.immediates.push({ fn, id });
    return id;
  };
  cancelImmediate = (h: unknown): void => void (this.immediates = this.immediates.filter((x) => x.id !== h));

  /** Runs the loop until nothing is left or `limit` turns have run. */
  run(limit = 10_000): void {
    for (let n = 0; n < limit; n++) {
      if (this.immediates.length > 0) {
        const batch = this.immediates.splice(0);
        this.turns++;
        if (!this.frozen) this.t += this.turnMs;
        for (const i of batch) i.fn();
        continue;
      }
      const next = this.timeouts.sort((a, b) => a.due - b.due)[0];
      if (!next) return;
      this.timeouts.shift();
      this.t = Math.max(this.t, next.due);
      next.fn();
    }
    throw new Error('the loop never went idle');
  }
}

describe('SystemClock timers to a fraction of a millisecond', () => {
  it('after(100) fires 100 ms after the call, not 100 ms after the start of its millisecond', () => {
    for (const start of [5.0, 5.1, 5.5, 5.9, 5.999]) {
      const host = new LoopHost(start);
      const clock = new SystemClock(1, host);
      let firedAt: number | undefined;
      clock.after(100, () => (firedAt = host.t));
      host.run();
      expect(firedAt, `called at ${start}`).toBeGreaterThanOrEqual(start + 100 - 1e-9); // (the host's sums of 0.05 ms drift by 1e-14)
      // One turn of the loop at most past the due time, and the turn-by-turn checks last under 3 ms.
      expect(firedAt! - (start + 100), `called at ${start}`).toBeLessThanOrEqual(0.05 + 1e-9);
      expect(host.turns, `called at ${start}`).toBeLessThanOrEqual(60);
    }
  });

  it('a plain setTimeout would have fired up to 0.9 ms early from the same start (what the fine wait corrects)', () => {
    const host = new LoopHost(5.9);
    let firedAt: number | undefined;
    host.timeout(() => (firedAt = host.t), 100);
    host.run();
    expect(firedAt).toBeCloseTo(105, 9);
  });

  it('at speed 10 a 1,000 ms wait is 100 ms of real time, to a turn of the loop', () => {
    const host = new LoopHost(2.3);
    const clock = new SystemClock(10, host);
    let firedAt: number | undefined;
    const sim0 = clock.exact();
    clock.after(1_000, () => (firedAt = host.t));
    host.run();
    expect(firedAt! - 2.3).toBeGreaterThanOrEqual(100 - 1e-9);
    expect(firedAt! - 2.3).toBeLessThanOrEqual(100.05 + 1e-9);
    expect(clock.exact() - sim0).toBeGreaterThanOrEqual(1_000);
  });

  it('schedule(at) fires once now() reaches it, never before, on whole-millisecond waits only (no turn-by-turn checks)', () => {
    const host = new LoopHost(7.25);
    const clock = new SystemClock(1, host);
    const at = clock.now() + 50;
    let seen: number | undefined;
    clock.schedule(at, () => (seen = clock.now()));
    host.run();
    expect(seen).toBe(at);
    expect(host.turns).toBe(0);
  });

  it('cancelled during its last fraction of a millisecond, a timer never fires and leaves nothing queued', () => {
    const host = new LoopHost(0.5, 0.01);
    const clock = new SystemClock(1, host);
    let fired = false;
    const timer = clock.after(10, () => (fired = true));
    // Run until the timer is in its turn-by-turn stretch, then cancel it.
    while (host.immediates.length === 0) {
      const next = host.timeouts.shift()!;
      host.t = Math.max(host.t, next.due);
      next.fn();
    }
    timer.cancel();
    expect(host.immediates).toEqual([]);
    host.run();
    expect(fired).toBe(false);
  });

  it('when the fine clock does not move between turns (faked by a test), it waits a whole millisecond instead of turning forever', () => {
    const host = new LoopHost(0.5);
    host.frozen = true; // turns of the loop take no time; only timeouts move it
    const clock = new SystemClock(1, host);
    let firedAt: number | undefined;
    clock.after(3, () => (firedAt = host.t));
    host.run(100);
    expect(host.turns).toBe(2);
    expect(firedAt).toBe(4);
  });
});

describe('ManualClock.after', () => {
  it('is schedule(now + ms): fires when the clock is advanced that far', () => {
    const clock = new ManualClock(1_000);
    const seen: number[] = [];
    clock.after(250, () => seen.push(clock.now()));
    clock.advance(249);
    expect(seen).toEqual([]);
    clock.advance(1);
    expect(seen).toEqual([1_250]);
  });
});

describe('the REST layer\'s scripted delay', () => {
  it('waits from the request\'s arrival to a fraction of a millisecond, never less (as docs/scenarios.md promises for latency)', async () => {
    const host = new LoopHost(5);
    const clock = new SystemClock(1, host);
    host.t = 5.9; // the request arrives 0.9 ms into a millisecond of the clock's now()
    const waited = sleep(clock, 100);
    host.run();
    await waited;
    // Nothing else is scheduled, so the host's time is where the wait ended.
    expect(host.t).toBeGreaterThanOrEqual(105.9 - 1e-9);
    expect(host.t).toBeLessThanOrEqual(105.95 + 1e-9);
  });
});

describe('SystemClock with a due time that is not a number', () => {
  it('fires a NaN due time at once (as a past one) rather than checking it turn after turn', () => {
    const host = new LoopHost(1);
    const clock = new SystemClock(1, host);
    let fired = false;
    clock.schedule(Number.NaN, () => (fired = true));
    host.run(10);
    expect(fired).toBe(true);
    expect(host.turns).toBe(0);
  });
});
