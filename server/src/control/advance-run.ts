import { ManualClock, SystemClock } from '../clock/clock.js';
import { sliceDeadline, yieldToLoop } from '../clock/host.js';
import type { Exchange } from '../exchange/exchange.js';
import { ControlError } from './control-error.js';

/** The most simulated time one `advance` may move: 366 days, a year whichever it is. */
export const MAX_ADVANCE_MS = 366 * 86_400_000;

/** What an advance moves: a run's clock and exchange. */
export interface Movable {
  clock: { now(): number };
  exchange: Exchange;
}

/**
 * Moves a run's simulated time forward by `ms` without holding the event loop: the exchange
 * fast-forwards to the target (long steps far from it, ordinary ones for its last hour), in slices
 * of SLICE_MS of real time with I/O served between them, so other clients are answered and a
 * SIGTERM is heard while simulated days go by. The manual clock fires its timers in order on the
 * way (the exchange's driver among them); the system clock jumps after each slice to where the
 * exchange has got, real time going on meanwhile. Resolves true once `ms` have passed, false when
 * `cancelled()` (a restart, a close) turned true between slices.
 */
export async function advanceRun(run: Movable, ms: number, cancelled: () => boolean): Promise<boolean> {
  const { clock, exchange } = run;
  const target = clock.now() + ms;
  exchange.fastForwardTo(target);
  if (clock instanceof ManualClock) {
    for (;;) {
      const slice = sliceDeadline();
      if (clock.advanceTo(target, () => !slice())) break;
      await yieldToLoop();
      if (cancelled()) return false;
    }
    exchange.sync(clock.now());
    return true;
  }
  if (!(clock instanceof SystemClock)) throw new ControlError(409, 'this clock cannot be moved from outside');
  for (;;) {
    const slice = sliceDeadline();
    while (exchange.now < target && !slice()) exchange.sync(Math.min(target, exchange.nextDue()));
    const ahead = exchange.now - clock.now();
    if (ahead > 0) clock.jump(ahead);
    if (exchange.now >= target) return true;
    await yieldToLoop();
    if (cancelled()) return false;
  }
}
