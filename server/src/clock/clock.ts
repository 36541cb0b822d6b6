/** A scheduled callback; cancel() is idempotent. */
export interface Timer {
  cancel(): void;
}

/**
 * The only source of time in the project. `now()` is simulated milliseconds since the Unix epoch;
 * `schedule(at, fn)` runs `fn` once `now()` has reached `at` (never earlier).
 */
export interface Clock {
  readonly kind: 'system' | 'manual';
  now(): number;
  schedule(at: number, fn: () => void): Timer;
}

/**
 * Real time, optionally sped up: simulated time runs `speed` times faster than the wall clock,
 * starting from the wall clock's time at construction. The control API may pause it, resume it,
 * jump it forward or change its speed; pending timers are re-armed each time, so a timer never
 * fires before its simulated due time and fires promptly once it is reached.
 */
export class SystemClock implements Clock {
  readonly kind = 'system';
  /** Simulated time at the last anchor, and the wall-clock (performance.now) time of that anchor. */
  private anchorSim = Date.now();
  private anchorPerf = performance.now();
  private paused = false;
  private readonly timers = new Set<SystemTimer>();

  constructor(private rate = 1) {
    checkSpeed(rate);
  }

  get speed(): number {
    return this.rate;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  now(): number {
    return Math.floor(this.paused ? this.anchorSim : this.anchorSim + (performance.now() - this.anchorPerf) * this.rate);
  }

  schedule(at: number, fn: () => void): Timer {
    const t = new SystemTimer(at, fn, this, () => this.timers.delete(t));
    this.timers.add(t);
    t.arm();
    return t;
  }

  /** Stops simulated time (timers wait) until `resume()`. */
  pause(): void {
    this.reanchor();
    this.paused = true;
    this.rearm();
  }

  resume(): void {
    this.reanchor();
    this.paused = false;
    this.rearm();
  }

  /** Moves simulated time forward by `ms` at once; timers that fall due fire (soon, in time order). */
  jump(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`jump() needs a finite ms >= 0, got ${ms}`);
    this.reanchor();
    this.anchorSim += ms;
    this.rearm();
  }

  /** Changes the speed factor from now on. */
  setSpeed(speed: number): void {
    checkSpeed(speed);
    this.reanchor();
    this.rate = speed;
    this.rearm();
  }

  /** Real milliseconds until simulated time `at` (Infinity while paused). */
  realDelay(at: number): number {
    return this.paused ? Infinity : Math.max(0, (at - this.now()) / this.rate);
  }

  private reanchor(): void {
    this.anchorSim = this.now();
    this.anchorPerf = performance.now();
  }

  private rearm(): void {
    // Earliest first, so timers that fall due together fire in time order.
    for (const t of [...this.timers].sort((a, b) => a.at - b.at)) t.arm();
  }
}

function checkSpeed(speed: number): void {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`speed must be a positive number, got ${speed}`);
}

/** One SystemClock timer: a real timeout re-armed whenever the clock's pace changes. */
class SystemTimer implements Timer {
  private handle: NodeJS.Timeout | undefined;
  private done = false;

  constructor(readonly at: number, private readonly fn: () => void, private readonly clock: SystemClock, private readonly forget: () => void) {}

  arm(): void {
    if (this.handle) clearTimeout(this.handle);
    this.handle = undefined;
    const wait = this.clock.realDelay(this.at);
    if (this.done || wait === Infinity) return;
    this.handle = setTimeout(() => {
      // setTimeout may fire a little early relative to the scaled clock: re-arm until due.
      if (this.clock.now() < this.at) return this.arm();
      this.done = true;
      this.forget();
      this.fn();
    }, Math.min(wait, 2 ** 31 - 1));
    this.handle.unref();
  }

  cancel(): void {
    this.done = true;
    this.forget();
    if (this.handle) clearTimeout(this.handle);
  }
}

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

  /** Moves time forward to `target` ms since the epoch; moving backwards is an error. */
  advanceTo(target: number): void {
    if (target < this.current) throw new RangeError(`the manual clock cannot go back (now ${this.current}, asked ${target})`);
    for (;;) {
      const i = this.dueIndex(target);
      if (i < 0) break;
      const next = this.pending[i] as Pending;
      this.pending.splice(i, 1);
      this.current = Math.max(this.current, next.at);
      next.fn();
    }
    this.current = target;
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
