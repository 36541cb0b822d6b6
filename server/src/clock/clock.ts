/** A scheduled callback; cancel() is idempotent. */
export interface Timer {
  cancel(): void;
}

/**
 * The only source of time in the project. `now()` is simulated milliseconds since the Unix epoch;
 * `schedule(at, fn)` runs `fn` once `now()` has reached `at` (never earlier); `after(ms, fn)` runs
 * `fn` once `ms` simulated milliseconds have passed since the call, measured finer than `now()`'s
 * whole milliseconds (a scripted 100 ms delay is 100 ms from the request, not from the start of
 * the millisecond it arrived in).
 */
export interface Clock {
  readonly kind: 'system' | 'manual';
  now(): number;
  schedule(at: number, fn: () => void): Timer;
  after(ms: number, fn: () => void): Timer;
}

export { ManualClock } from './manual-clock.js';
export { isSpeed, MAX_SPEED, SystemClock, type TimeSource } from './system-clock.js';
