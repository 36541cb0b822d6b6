import type { Timer } from './clock.js';
import type { SystemClock } from './system-clock.js';

/** Whole milliseconds a timer's last stretch is checked turn by turn rather than left to setTimeout. */
const FINE_MS = 1;

/**
 * One SystemClock timer: a real timeout for the whole milliseconds, then (for a fine one) a check
 * on each event-loop turn for the last fraction; re-armed whenever the clock's pace changes.
 */
export class SystemTimer implements Timer {
  private handle: unknown;
  private spinning = false;
  private lastCheck = -1;
  private done = false;
  private readonly again = (): void => this.arm(true);

  /** `fine`: finish the wait turn by turn of the loop (after); otherwise whole milliseconds of setTimeout (schedule). */
  constructor(readonly at: number, private readonly fn: () => void, private readonly fine: boolean, private readonly clock: SystemClock, private readonly forget: () => void) {}

  /** Sets the next wait; `fromLoop` when called by one of this timer's own waits (so firing now is not synchronous with schedule()). */
  arm(fromLoop = false): void {
    this.disarm();
    if (this.done) return;
    const wait = this.clock.realDelay(this.at);
    if (wait === Infinity) return;
    const host = this.clock.host;
    const again = this.again;
    if (wait === 0) {
      if (fromLoop) return this.fire();
      this.handle = host.timeout(again, 0);
      return;
    }
    if (!this.fine) {
      // Early by up to a millisecond at times (see below): then one more short wait.
      this.handle = host.timeout(again, Math.min(Math.ceil(wait), 2 ** 31 - 1));
      return;
    }
    // setTimeout(n) fires between n - 1 and n ms from now (it counts from the start of the current
    // millisecond), plus however stale the loop's idea of now was; a millisecond less than the
    // whole wait leaves room for both, so the fine check below starts before the due time.
    const whole = Math.floor(wait) - FINE_MS;
    if (whole >= 1) {
      this.handle = host.timeout(again, Math.min(whole, 2 ** 31 - 1));
      return;
    }
    // Under FINE_MS + 1 ms left. If the fine clock has not moved since the last check (a test
    // froze it), a turn of the loop would change nothing: wait a whole millisecond instead.
    const t = host.mono();
    if (t === this.lastCheck) {
      this.handle = host.timeout(again, 1);
      return;
    }
    this.lastCheck = t;
    this.spinning = true;
    this.handle = host.immediate(again);
  }

  cancel(): void {
    this.done = true;
    this.forget();
    this.disarm();
  }

  /** Runs the callback now (once): from its own wait, or from the clock's advanceTo. */
  fire(): void {
    this.done = true;
    this.forget();
    this.disarm();
    this.fn();
  }

  private disarm(): void {
    if (this.handle === undefined) return;
    const host = this.clock.host;
    if (this.spinning) host.cancelImmediate(this.handle);
    else host.cancelTimeout(this.handle);
    this.handle = undefined;
    this.spinning = false;
  }
}

