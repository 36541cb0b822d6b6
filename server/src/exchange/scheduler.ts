/** A domain event due at a simulated time. */
interface Due {
  at: number;
  seq: number;
  run: (at: number) => void;
  cancelled: boolean;
}

/** Handle to cancel a scheduled event; cancelling twice is harmless. */
export interface Scheduled {
  readonly at: number;
  cancel(): void;
}

/**
 * The exchange's own timeline of future events (GTD expiry, dead man's switch, funding steps),
 * kept sorted by due time (ties in scheduling order). It never reads a clock: the Exchange runs
 * due events as it catches up with simulated time, so replays are exact.
 */
export class Scheduler {
  private queue: Due[] = [];
  private seq = 0;

  at(at: number, run: (at: number) => void): Scheduled {
    const due: Due = { at, seq: this.seq++, run, cancelled: false };
    let lo = 0;
    let hi = this.queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.queue[mid] as Due).at <= at) lo = mid + 1;
      else hi = mid;
    }
    this.queue.splice(lo, 0, due);
    return { at, cancel: () => void (due.cancelled = true) };
  }

  /** Due time of the earliest pending event, or Infinity. */
  next(): number {
    while (this.queue[0]?.cancelled) this.queue.shift();
    return this.queue[0]?.at ?? Infinity;
  }

  /** Runs every event due at or before `until`, in order (events may schedule more). */
  runUntil(until: number): void {
    for (;;) {
      const first = this.queue[0];
      if (!first || first.at > until) return;
      this.queue.shift();
      if (!first.cancelled) first.run(first.at);
    }
  }
}
