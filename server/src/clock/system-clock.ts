import type { Clock, Timer } from './clock.js';
import { SystemTimer } from './system-timer.js';

/** What SystemClock takes from the host: a monotonic ms clock, the wall clock and the event loop's timers. */
export interface TimeSource {
  /** Monotonic milliseconds, finer than a millisecond (performance.now). */
  mono(): number;
  /** Wall-clock ms since the epoch, read once for the clock's start (Date.now). */
  wall(): number;
  /** Runs `fn` after `ms` whole milliseconds (setTimeout). */
  timeout(fn: () => void, ms: number): unknown;
  cancelTimeout(handle: unknown): void;
  /** Runs `fn` on the event loop's next turn, after pending I/O (setImmediate). */
  immediate(fn: () => void): unknown;
  cancelImmediate(handle: unknown): void;
}

/** Node's own timers; looked up on every call, so that a test faking them is obeyed. */
const NODE_TIME: TimeSource = {
  mono: () => performance.now(),
  wall: () => Date.now(),
  timeout: (fn, ms) => setTimeout(fn, ms).unref(),
  cancelTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  // Not unref'd: Node keeps the loop from blocking in its I/O poll only while a referenced
  // immediate is queued, so an unref'd one would wait for the next I/O or timer.
  immediate: (fn) => setImmediate(fn),
  cancelImmediate: (h) => clearImmediate(h as NodeJS.Immediate),
};

/**
 * Real time, optionally sped up: simulated time runs `speed` times faster than the wall clock,
 * starting at `start` (default: the wall clock's time at construction). The control API may pause
 * it, resume it, move it forward or change its speed; pending timers are re-armed each time, so a
 * timer never fires before its simulated due time and fires promptly once it is reached. Moving it
 * forward (`advanceTo`, `jump`) fires what falls due on the way at once, in time order, paused or not.
 *
 * Promptly means within a millisecond or two for `schedule` (market steps, phase edges), and
 * within a fraction of a millisecond for `after` (scripted delays) when the event loop is free.
 * Node's setTimeout counts whole milliseconds from the start of the millisecond it was called in,
 * so it fires anywhere from 1 ms early to 1 ms late; an `after` timer waits with setTimeout until
 * 1–2 ms are left, then checks the fine clock once per event-loop turn (I/O is served in between).
 * That last stretch keeps the loop turning for about 2 ms per timer, so it is kept for the waits
 * a client times (at speed 50 the market steps alone would keep it turning a tenth of the time).
 */
export class SystemClock implements Clock {
  readonly kind = 'system';
  /** Simulated time at the last anchor (fractional ms), and the monotonic time of that anchor. */
  private anchorSim: number;
  private anchorMono: number;
  private paused = false;
  /** True while advanceTo fires timers: time holds still at each one's due time, whatever real time does. */
  private held = false;
  private readonly timers = new Set<SystemTimer>();

  /** `start`: simulated ms since the epoch at construction (a scenario's `market.start`); default the wall clock's. */
  constructor(private rate = 1, readonly host: TimeSource = NODE_TIME, start: number = host.wall()) {
    checkSpeed(rate);
    this.anchorSim = start;
    this.anchorMono = host.mono();
  }

  get speed(): number {
    return this.rate;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  now(): number {
    return Math.floor(this.exact());
  }

  /** Simulated time to a fraction of a millisecond. */
  exact(): number {
    return this.paused || this.held ? this.anchorSim : this.anchorSim + (this.host.mono() - this.anchorMono) * this.rate;
  }

  schedule(at: number, fn: () => void): Timer {
    return this.add(at, fn, false);
  }

  /** Fine-timed: see the class comment. */
  after(ms: number, fn: () => void): Timer {
    return this.add(this.exact() + ms, fn, true);
  }

  private add(at: number, fn: () => void, fine: boolean): Timer {
    const t = new SystemTimer(at, fn, fine, this, () => this.timers.delete(t));
    this.timers.add(t);
    // While advanceTo fires timers it arms none: it fires those due itself, then re-arms the rest.
    if (!this.held) t.arm();
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

  /** Moves simulated time forward by `ms` at once, firing what falls due on the way (see advanceTo). */
  jump(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`jump() needs a finite ms >= 0, got ${ms}`);
    this.advanceTo(this.exact() + ms);
  }

  /**
   * Moves simulated time forward to `target` ms at once, paused or not (a paused clock stays
   * paused there): every timer due by then fires now, in time order (ties in scheduling order),
   * with `now()` held at its own due time while it runs, as on the ManualClock; so do timers they
   * schedule that fall due by `target`. With `more`, asked after each timer fires, it may stop early
   * (`more()` false) at that timer's due time, time running on from there; a later call goes on,
   * firing the same timers in the same order. Returns whether `target` was reached.
   */
  advanceTo(target: number, more?: () => boolean): boolean {
    if (!(target >= this.now()) || !Number.isFinite(target)) throw new RangeError(`the system clock cannot go back (now ${this.now()}, asked ${target})`);
    this.anchorSim = this.exact();
    this.held = true;
    try {
      for (let next = this.due(target); next; next = this.due(target)) {
        this.anchorSim = Math.max(this.anchorSim, next.at);
        next.fire();
        if (more && !more() && this.due(target)) return false;
      }
      this.anchorSim = Math.max(this.anchorSim, target);
      return true;
    } finally {
      this.held = false;
      this.anchorMono = this.host.mono();
      this.rearm();
    }
  }

  /** The earliest timer due by `target` (ties: first scheduled, as the set keeps insertion order), or undefined. */
  private due(target: number): SystemTimer | undefined {
    let best: SystemTimer | undefined;
    for (const t of this.timers) if (t.at <= target && (!best || t.at < best.at)) best = t;
    return best;
  }

  /** Changes the speed factor from now on. */
  setSpeed(speed: number): void {
    checkSpeed(speed);
    this.reanchor();
    this.rate = speed;
    this.rearm();
  }

  /** Real milliseconds until simulated time `at`, fractional (Infinity while paused or held; 0 once reached, or for a NaN `at`). */
  realDelay(at: number): number {
    if (this.paused || this.held) return Infinity;
    const wait = (at - this.exact()) / this.rate;
    return wait > 0 ? wait : 0;
  }

  private reanchor(): void {
    this.anchorSim = this.exact();
    this.anchorMono = this.host.mono();
  }

  private rearm(): void {
    // Earliest first, so timers that fall due together fire in time order.
    for (const t of [...this.timers].sort((a, b) => a.at - b.at)) t.arm();
  }
}

/**
 * The fastest a system clock runs: 1000 times real time (an hour in 3.6 s). A market step is
 * simulated for every simulated second, so faster clocks would leave the event loop no time for
 * clients; a long scenario is better skipped through with the control API's `advance`.
 */
export const MAX_SPEED = 1000;

/** Whether `speed` is a speed factor a SystemClock takes: a number above 0 and at most MAX_SPEED. */
export function isSpeed(speed: unknown): speed is number {
  return typeof speed === 'number' && speed > 0 && speed <= MAX_SPEED;
}

function checkSpeed(speed: number): void {
  if (!isSpeed(speed)) throw new RangeError(`speed must be a number above 0 and at most ${MAX_SPEED}, got ${speed}`);
}
