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
 * fast-forwards to the target (long steps far from it, ordinary ones for its last hour), and the
 * clock moves there in slices of SLICE_MS of real time with I/O served between them, so other
 * clients are answered and a SIGTERM is heard while simulated days go by. Either clock fires
 * everything that falls due on the way in time order, paused or not: the exchange's driver (market
 * steps, phase edges, then each step's WebSocket round: status frames, feeds, the connection
 * faults of a phase that starts), scripted delays and closes, requests waiting on the clock. A
 * running system clock also goes on with real time between slices. Resolves true once `ms` have
 * passed, false when `cancelled()` (a restart, a close) turned true between slices.
 */
export async function advanceRun(run: Movable, ms: number, cancelled: () => boolean): Promise<boolean> {
  const { clock, exchange } = run;
  if (!(clock instanceof ManualClock) && !(clock instanceof SystemClock)) throw new ControlError(409, 'this clock cannot be moved from outside');
  const target = clock.now() + ms;
  exchange.fastForwardTo(target);
  for (;;) {
    const slice = sliceDeadline();
    // Real time may have carried a running clock past the target between slices.
    if (clock.advanceTo(Math.max(target, clock.now()), () => !slice())) break;
    await yieldToLoop();
    if (cancelled()) return false;
  }
  exchange.sync(clock.now());
  return true;
}
