/** First pause after a failure (simulated ms); it doubles with each further failure in a row. */
export const BACKOFF_FIRST_MS = 4_000;
/** The pause stops growing here. */
export const BACKOFF_CAP_MS = 60_000;
/** Up to this share is added at random to each pause, so many clients do not retry in step. */
export const BACKOFF_JITTER = 0.25;

/**
 * The pause after `failures` failures in a row: 4 s, 8 s, 16 s, 32 s, then 60 s, each stretched by
 * up to 25 % at random (`random` in [0, 1)). Jitter only adds, so every pause from the fourth
 * failure on is at least 32 s, whatever else the bot did in between.
 */
export function backoffDelay(failures: number, random: number): number {
  const base = Math.min(BACKOFF_CAP_MS, BACKOFF_FIRST_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (1 + BACKOFF_JITTER * random));
}

/**
 * Exponential backoff with jitter for one kind of call (public or private): counts failures in a
 * row and says when the next call may go; a success starts over. A Retry-After can only lengthen
 * the pause, never shorten it.
 */
export class Backoff {
  private failures = 0;
  private until = 0;

  constructor(private readonly random: () => number) {}

  /** Failures in a row so far. */
  get streak(): number {
    return this.failures;
  }

  /** Earliest time (ms since the epoch) the next call may be sent. */
  get readyAt(): number {
    return this.until;
  }

  succeeded(): void {
    this.failures = 0;
  }

  /** Records a failure seen at `now`; `atLeastMs` (a Retry-After, a lockout) sets a floor on the pause. */
  failed(now: number, atLeastMs = 0): void {
    this.failures++;
    this.until = Math.max(this.until, now + Math.max(atLeastMs, backoffDelay(this.failures, this.random())));
  }

  /** Holds every call until `at` (a Retry-After from the other kind of call applies here too). */
  holdUntil(at: number): void {
    this.until = Math.max(this.until, at);
  }
}
