import type { Clock, Timer } from './clock.js';

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/**
 * Simulated time that moves only when told to. `advance(ms)` fires every timer that falls due, in
 * time order (ties in scheduling order), with `now()` set to each timer's own due time while it runs.
 */
export class ManualClock implements Clock {
  readonly kind = 'manual';
  private current: number;
  private seq = 0;
  private pending: Pending[] = [];
  private waiters: ((at: number) => void)[] = [];

  /** Starts at `start` ms since the epoch (default 2026-01-01T00:00:00Z, so runs replay exactly). */
  constructor(start: number = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  after(ms: number, fn: () => void): Timer {
    return this.schedule(this.current + ms, fn);
  }

  schedule(at: number, fn: () => void): Timer {
    const entry: Pending = { at, seq: this.seq++, fn, cancelled: false };
    this.pending.push(entry);
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w(at);
    return { cancel: () => void (entry.cancelled = true) };
  }

  /**
   * Resolves with the due time of the next timer anyone schedules: lets a test know the server is
   * now waiting on the clock (a scripted delay, a dribbled body) before it advances time.
   */
  nextSchedule(): Promise<number> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Moves time forward by `ms` (>= 0), firing due timers on the way. */
  advance(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`advance() needs a finite ms >= 0, got ${ms}`);
    this.advanceTo(this.current + ms);
  }

  /**
   * Moves time forward to `target` ms since the epoch; moving backwards is an error. With `more`,
   * asked after each timer fires, it may stop early (`more()` false): `now()` stays at that timer's
   * due time and a later call goes on from there, firing the same timers in the same order as one
   * call would. Returns whether `target` was reached.
   */
  advanceTo(target: number, more?: () => boolean): boolean {
    if (target < this.current) throw new RangeError(`the manual clock cannot go back (now ${this.current}, asked ${target})`);
    for (;;) {
      const i = this.dueIndex(target);
      if (i < 0) break;
      const next = this.pending[i] as Pending;
      this.pending.splice(i, 1);
      this.current = Math.max(this.current, next.at);
      next.fn();
      if (more && !more() && this.dueIndex(target) >= 0) return false;
    }
    this.current = target;
    return true;
  }

  /** Number of timers still waiting (for tests that must know the server is idle). */
  pendingTimers(): number {
    return this.pending.filter((p) => !p.cancelled).length;
  }

  /** Due time of the earliest pending timer, or undefined when none waits: where a driver of the clock should advance to next. */
  nextDue(): number | undefined {
    let best: number | undefined;
    for (const p of this.pending) if (!p.cancelled && (best === undefined || p.at < best)) best = p.at;
    return best;
  }

  /** Index in `pending` of the earliest timer due by `target` (ties: first scheduled), or -1; drops cancelled ones. */
  private dueIndex(target: number): number {
    let best = -1;
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const p = this.pending[i] as Pending;
      if (p.cancelled) {
        this.pending.splice(i, 1);
        if (best > i) best--;
        continue;
      }
      if (p.at > target) continue;
      const b = this.pending[best];
      if (!b || p.at < b.at || (p.at === b.at && p.seq < b.seq)) best = i;
    }
    return best;
  }
}
